package ext

import (
	"strconv"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"

	"rz-dithmarschen/e2e/vcsim/internal/simutil"
)

// createPortgroup adds one port group to switch s through vcsim's
// AddDVPortgroupTask and returns its reference; unset policies are inherited
// from the switch defaults.
func createPortgroup(ctx *simulator.Context, s *simulator.DistributedVirtualSwitch, req *types.CreateDVPortgroup_Task) (types.AnyType, types.BaseMethodFault) {
	before := map[types.ManagedObjectReference]bool{}
	for _, ref := range s.Portgroup {
		before[ref] = true
	}
	spec := req.Spec
	if spec.Type == "" {
		spec.Type = string(types.DistributedVirtualPortgroupPortgroupTypeEarlyBinding)
	}
	inner := s.AddDVPortgroupTask(ctx, &types.AddDVPortgroup_Task{This: s.Self, Spec: []types.DVPortgroupConfigSpec{spec}}).(*methods.AddDVPortgroup_TaskBody)
	if _, fault := simutil.WaitTask(ctx, inner.Res.Returnval); fault != nil {
		return nil, fault
	}
	for _, ref := range s.Portgroup {
		if !before[ref] {
			pg := ctx.Map.Get(ref).(*simulator.DistributedVirtualPortgroup)
			pg.Config.ConfigVersion = "1"
			// Unset policies are inherited from the switch defaults.
			if def, ok := s.Config.GetDVSConfigInfo().DefaultPortConfig.(*types.VMwareDVSPortSetting); ok {
				if set, ok := pg.Config.DefaultPortConfig.(*types.VMwareDVSPortSetting); ok {
					var inherited types.VMwareDVSPortSetting
					simutil.DeepCopyJSON(def, &inherited)
					simutil.FillMissing(set, &inherited)
				}
			}
			return ref, nil
		}
	}
	return nil, &types.RuntimeFault{}
}

// portgroupExt extends simulator.DistributedVirtualPortgroup.
type portgroupExt struct {
	*simulator.DistributedVirtualPortgroup
	ext *Extensions
}

// ReconfigureDVPortgroupTask merges the incremental spec into the port group
// config (vcsim replaces the whole config, dropping unset fields).
func (p *portgroupExt) ReconfigureDVPortgroupTask(ctx *simulator.Context, req *types.ReconfigureDVPortgroup_Task) soap.HasFault {
	task := simulator.CreateTask(p.DistributedVirtualPortgroup, "reconfigureDvPortgroup", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		spec := req.Spec
		cfg := &p.Config
		if spec.ConfigVersion != "" && cfg.ConfigVersion != "" && spec.ConfigVersion != cfg.ConfigVersion {
			return nil, &types.ConcurrentAccess{}
		}
		if spec.Name != "" && spec.Name != p.Name {
			s := ctx.Map.Get(*cfg.DistributedVirtualSwitch).(*simulator.DistributedVirtualSwitch)
			for i, n := range s.Summary.PortgroupName {
				if n == p.Name {
					s.Summary.PortgroupName[i] = spec.Name
				}
			}
			p.Name = spec.Name
		}
		simutil.MergeByName(cfg, &spec)
		// Explicit zero values that mergeByName cannot tell from "unset".
		if spec.NumPorts != 0 || spec.AutoExpand != nil {
			cfg.NumPorts = spec.NumPorts
		}
		p.PortKeys = p.PortKeys[:0]
		for i := 0; i < int(cfg.NumPorts); i++ {
			p.PortKeys = append(p.PortKeys, strconv.Itoa(i))
		}
		cfg.ConfigVersion = simutil.NextVersion(cfg.ConfigVersion)
		return nil, nil
	})
	return &methods.ReconfigureDVPortgroup_TaskBody{Res: &types.ReconfigureDVPortgroup_TaskResponse{Returnval: task.Run(ctx)}}
}

// DestroyTask removes the port group and all references to it.
func (p *portgroupExt) DestroyTask(ctx *simulator.Context, req *types.Destroy_Task) soap.HasFault {
	task := simulator.CreateTask(p.DistributedVirtualPortgroup, "destroy", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		if len(p.Vm) > 0 {
			return nil, &types.ResourceInUse{Type: "DistributedVirtualPortgroup", Name: p.Name}
		}
		return nil, removePortgroup(ctx, p.DistributedVirtualPortgroup)
	})
	return &methods.Destroy_TaskBody{Res: &types.Destroy_TaskResponse{Returnval: task.Run(ctx)}}
}

// removePortgroup deletes pg from its switch, hosts, compute resources,
// parent folder and the registry (the last parts via vcsim's own Destroy).
func removePortgroup(ctx *simulator.Context, pg *simulator.DistributedVirtualPortgroup) types.BaseMethodFault {
	ref := pg.Self
	if pg.Config.DistributedVirtualSwitch != nil {
		if s, ok := ctx.Map.Get(*pg.Config.DistributedVirtualSwitch).(*simulator.DistributedVirtualSwitch); ok {
			simulator.RemoveReference(&s.Config.GetDVSConfigInfo().UplinkPortgroup, ref)
		}
	}
	for _, obj := range ctx.Map.All("HostSystem") {
		simulator.RemoveReference(&obj.(*simulator.HostSystem).Network, ref)
	}
	for _, obj := range ctx.Map.All("ClusterComputeResource") {
		simulator.RemoveReference(&obj.(*simulator.ClusterComputeResource).Network, ref)
	}
	inner := pg.DestroyTask(ctx, &types.Destroy_Task{This: ref}).(*methods.Destroy_TaskBody)
	_, fault := simutil.WaitTask(ctx, inner.Res.Returnval)
	return fault
}
