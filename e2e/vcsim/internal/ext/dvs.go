package ext

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"

	"rz-dithmarschen/e2e/vcsim/internal/simutil"
)

// dvsAlias makes a switch reachable as VmwareDistributedVirtualSwitch:dvs-N.
// vcsim registers switches with type DistributedVirtualSwitch, but vCenter
// (and the provider's lookups) use the VMware subtype. vcsim internals depend
// on the original registration, so the alias is an additional registry entry
// for the same object (vmwareTyped).
type dvsAlias struct {
	*simulator.DistributedVirtualSwitch
	self types.ManagedObjectReference
}

func (a *dvsAlias) Reference() types.ManagedObjectReference { return a.self }

func vmwareRef(ref types.ManagedObjectReference) types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: "VmwareDistributedVirtualSwitch", Value: ref.Value}
}

// vmwareTyped registers the VMware-typed alias of a switch entering the
// inventory (or already in it when the extensions are installed). vcsim keeps
// listing the switch under its own reference (its internals walk the network
// folder and type-assert *simulator.DistributedVirtualSwitch); the property
// collector reports it under the alias (pc.ReportAs, set in Install), so a
// client sees a VmwareDistributedVirtualSwitch wherever vCenter shows one,
// e.g. the provider's import of a switch by inventory path. No locks: the
// registry hook runs inside vcsim's folderPutChild.
func vmwareTyped(ctx *simulator.Context, s *simulator.DistributedVirtualSwitch) {
	if alias := vmwareRef(s.Self); ctx.Map.Get(alias) == nil {
		ctx.Map.Put(&dvsAlias{DistributedVirtualSwitch: s, self: alias})
	}
}

// reportAs is the reference a client is shown for ref: a switch's VMware-typed
// alias (vmwareTyped), otherwise ref itself.
func reportAs(ctx *simulator.Context, ref types.ManagedObjectReference) types.ManagedObjectReference {
	if ref.Type != "DistributedVirtualSwitch" {
		return ref
	}
	if _, ok := ctx.Map.Get(vmwareRef(ref)).(*dvsAlias); ok {
		return vmwareRef(ref)
	}
	return ref
}

// dvsManagerExt adds QueryDvsByUuid to DistributedVirtualSwitchManager.
type dvsManagerExt struct {
	*simulator.DistributedVirtualSwitchManager
	ext *Extensions
}

func (m *dvsManagerExt) QueryDvsByUuid(ctx *simulator.Context, req *types.QueryDvsByUuid) soap.HasFault {
	body := new(methods.QueryDvsByUuidBody)
	for _, obj := range ctx.Map.All("DistributedVirtualSwitch") {
		if s, ok := obj.(*simulator.DistributedVirtualSwitch); ok && s.Uuid == req.Uuid {
			ref := vmwareRef(s.Self)
			body.Res = &types.QueryDvsByUuidResponse{Returnval: &ref}
			return body
		}
	}
	body.Fault_ = simulator.Fault("", &types.NotFound{})
	return body
}

// completeNewSwitch applies what vcsim's CreateDVS_Task skips: host members
// with their uplink backing, the uplink port group reference, the config
// version and default policies; it returns the VMware-typed reference
// (vmwareTyped).
func completeNewSwitch(ctx *simulator.Context, s *simulator.DistributedVirtualSwitch, spec *types.DVSConfigSpec) (types.AnyType, types.BaseMethodFault) {
	cfg := s.Config.GetDVSConfigInfo()
	if len(s.Portgroup) > 0 {
		cfg.UplinkPortgroup = []types.ManagedObjectReference{s.Portgroup[0]}
	}
	cfg.ConfigVersion = "1"
	cfg.CreateTime = *simutil.Now()
	applySwitchDefaults(ctx, s)
	if len(spec.Host) > 0 {
		if fault := dvsApplyHosts(ctx, s, spec.Host); fault != nil {
			return nil, fault
		}
	}
	vmwareTyped(ctx, s) // done by the registry hook already; idempotent
	return vmwareRef(s.Self), nil
}

// dvsExt extends simulator.DistributedVirtualSwitch.
type dvsExt struct {
	*simulator.DistributedVirtualSwitch
	ext  *Extensions
	self types.ManagedObjectReference // set when called through the alias
}

func (s *dvsExt) Reference() types.ManagedObjectReference {
	if s.self.Type != "" {
		return s.self
	}
	return s.Self
}

// ReconfigureDvsTask stores the complete switch configuration (vcsim only
// handles host add/remove) and keeps per-host uplink backings.
func (s *dvsExt) ReconfigureDvsTask(ctx *simulator.Context, req *types.ReconfigureDvs_Task) soap.HasFault {
	task := simulator.CreateTask(s.DistributedVirtualSwitch, "reconfigureDvs", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		spec := req.Spec.GetDVSConfigSpec()
		cfg := s.Config.GetDVSConfigInfo()
		if spec.ConfigVersion != "" && spec.ConfigVersion != cfg.ConfigVersion {
			return nil, &types.ConcurrentAccess{}
		}
		if fault := dvsApplyHosts(ctx, s.DistributedVirtualSwitch, spec.Host); fault != nil {
			return nil, fault
		}
		simutil.MergeByName(s.Config, req.Spec)
		if spec.Name != "" && spec.Name != s.Name {
			s.Name = spec.Name
			s.Summary.Name = spec.Name
		}
		cfg.ConfigVersion = simutil.NextVersion(cfg.ConfigVersion)
		return nil, nil
	})
	return &methods.ReconfigureDvs_TaskBody{Res: &types.ReconfigureDvs_TaskResponse{Returnval: task.Run(ctx)}}
}

// CreateDVPortgroupTask (single port group, returns its reference) is built on
// vcsim's AddDVPortgroupTask (see createPortgroup in portgroup.go).
func (s *dvsExt) CreateDVPortgroupTask(ctx *simulator.Context, req *types.CreateDVPortgroup_Task) soap.HasFault {
	task := simulator.CreateTask(s.DistributedVirtualSwitch, "createDVPortgroup", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		return createPortgroup(ctx, s.DistributedVirtualSwitch, req)
	})
	return &methods.CreateDVPortgroup_TaskBody{Res: &types.CreateDVPortgroup_TaskResponse{Returnval: task.Run(ctx)}}
}

// dvsApplyHosts applies host member add/edit/remove operations. Membership
// bookkeeping (host.network etc.) is delegated to vcsim's ReconfigureDvsTask;
// the member config (uplink pNIC backing) is kept in config.host.
func dvsApplyHosts(ctx *simulator.Context, s *simulator.DistributedVirtualSwitch, specs []types.DistributedVirtualSwitchHostMemberConfigSpec) types.BaseMethodFault {
	if len(specs) == 0 {
		return nil
	}
	var addRemove []types.DistributedVirtualSwitchHostMemberConfigSpec
	for _, m := range specs {
		if m.Operation != string(types.ConfigSpecOperationEdit) {
			addRemove = append(addRemove, m)
		}
	}
	if len(addRemove) > 0 {
		inner := s.ReconfigureDvsTask(ctx, &types.ReconfigureDvs_Task{
			This: s.Self,
			Spec: &types.DVSConfigSpec{Host: addRemove},
		}).(*methods.ReconfigureDvs_TaskBody)
		if _, fault := simutil.WaitTask(ctx, inner.Res.Returnval); fault != nil {
			return fault
		}
	}
	cfg := s.Config.GetDVSConfigInfo()
	for _, m := range specs {
		host := m.Host
		idx := -1
		for i := range cfg.Host {
			if cfg.Host[i].Config.Host != nil && *cfg.Host[i].Config.Host == host {
				idx = i
			}
		}
		switch types.ConfigSpecOperation(m.Operation) {
		case types.ConfigSpecOperationAdd:
			member := types.DistributedVirtualSwitchHostMember{
				Config: types.DistributedVirtualSwitchHostMemberConfigInfo{
					Host:                &host,
					MaxProxySwitchPorts: m.MaxProxySwitchPorts,
					Backing:             m.Backing,
				},
				Status: "up",
			}
			if member.Config.Backing == nil {
				member.Config.Backing = &types.DistributedVirtualSwitchHostMemberPnicBacking{}
			}
			cfg.Host = append(cfg.Host, member)
		case types.ConfigSpecOperationEdit:
			if idx < 0 {
				return &types.NotFound{}
			}
			if m.Backing != nil {
				cfg.Host[idx].Config.Backing = m.Backing
			}
			if m.MaxProxySwitchPorts != 0 {
				cfg.Host[idx].Config.MaxProxySwitchPorts = m.MaxProxySwitchPorts
			}
		case types.ConfigSpecOperationRemove:
			if idx >= 0 {
				cfg.Host = append(cfg.Host[:idx], cfg.Host[idx+1:]...)
			}
		}
	}
	return nil
}

// dvsRemoveHost drops host from the switch (used when a host is destroyed).
func dvsRemoveHost(ctx *simulator.Context, s *simulator.DistributedVirtualSwitch, host types.ManagedObjectReference) {
	simulator.RemoveReference(&s.Summary.HostMember, host)
	cfg := s.Config.GetDVSConfigInfo()
	for i := 0; i < len(cfg.Host); i++ {
		if cfg.Host[i].Config.Host != nil && *cfg.Host[i].Config.Host == host {
			cfg.Host = append(cfg.Host[:i], cfg.Host[i+1:]...)
			i--
		}
	}
	for _, ref := range s.Portgroup {
		if pg, ok := ctx.Map.Get(ref).(*simulator.DistributedVirtualPortgroup); ok {
			simulator.RemoveReference(&pg.Host, host)
		}
	}
}

// DestroyTask removes the switch together with its port groups (including
// the uplink port group vcsim created) and all host references to them.
func (s *dvsExt) DestroyTask(ctx *simulator.Context, req *types.Destroy_Task) soap.HasFault {
	task := simulator.CreateTask(s.DistributedVirtualSwitch, "destroy", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		for _, ref := range append([]types.ManagedObjectReference{}, s.Portgroup...) {
			pg, ok := ctx.Map.Get(ref).(*simulator.DistributedVirtualPortgroup)
			if !ok {
				continue
			}
			if len(pg.Vm) > 0 {
				return nil, &types.ResourceInUse{Type: "DistributedVirtualPortgroup", Name: pg.Name}
			}
		}
		for _, ref := range append([]types.ManagedObjectReference{}, s.Portgroup...) {
			if pg, ok := ctx.Map.Get(ref).(*simulator.DistributedVirtualPortgroup); ok {
				if fault := removePortgroup(ctx, pg); fault != nil {
					return nil, fault
				}
			}
		}
		for _, h := range append([]types.ManagedObjectReference{}, s.Summary.HostMember...) {
			dvsRemoveHost(ctx, s.DistributedVirtualSwitch, h)
		}
		inner := s.DistributedVirtualSwitch.DestroyTask(ctx, &types.Destroy_Task{This: s.Self}).(*methods.Destroy_TaskBody)
		res, fault := simutil.WaitTask(ctx, inner.Res.Returnval)
		ctx.Map.Remove(ctx, vmwareRef(s.Self))
		return res, fault
	})
	return &methods.Destroy_TaskBody{Res: &types.Destroy_TaskResponse{Returnval: task.Run(ctx)}}
}

// applySwitchDefaults fills the default port config of a new switch with the
// values vCenter reports when the creator leaves them unset. The provider
// never sends false BoolPolicies (it uses d.GetOk, which treats false as
// unset), so allow_promiscuous = false etc. arrive as "no security policy";
// vCenter then holds reject (false) for all three. The uplink port group
// created together with the switch inherits the policy.
func applySwitchDefaults(ctx *simulator.Context, s *simulator.DistributedVirtualSwitch) {
	cfg := s.Config.GetDVSConfigInfo()
	ps, ok := cfg.DefaultPortConfig.(*types.VMwareDVSPortSetting)
	if !ok {
		if cfg.DefaultPortConfig != nil {
			return // some other setting type; leave it alone
		}
		ps = new(types.VMwareDVSPortSetting)
		cfg.DefaultPortConfig = ps
	}
	f := func() *types.BoolPolicy { return &types.BoolPolicy{Value: types.NewBool(false)} }
	simutil.FillMissing(ps, &types.VMwareDVSPortSetting{DVPortSetting: types.DVPortSetting{}, SecurityPolicy: &types.DVSSecurityPolicy{
		AllowPromiscuous: f(), MacChanges: f(), ForgedTransmits: f(),
	}})
	for _, ref := range cfg.UplinkPortgroup {
		if pg, ok := ctx.Map.Get(ref).(*simulator.DistributedVirtualPortgroup); ok {
			if set, ok := pg.Config.DefaultPortConfig.(*types.VMwareDVSPortSetting); ok && set.SecurityPolicy == nil {
				var inherited types.DVSSecurityPolicy
				simutil.DeepCopyJSON(ps.SecurityPolicy, &inherited)
				set.SecurityPolicy = &inherited
			}
		}
	}
}
