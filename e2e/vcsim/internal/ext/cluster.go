package ext

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"

	"rz-dithmarschen/e2e/vcsim/internal/simutil"
)

// initClusterConfig sets the defaults a freshly created vCenter cluster reports.
func initClusterConfig(cfg *types.ClusterConfigInfoEx) {
	f := false
	cfg.DasConfig.Enabled = &f
	cfg.DasConfig.VmMonitoring = string(types.ClusterDasConfigInfoVmMonitoringStateVmMonitoringDisabled)
	cfg.DasConfig.HostMonitoring = string(types.ClusterDasConfigInfoServiceStateEnabled)
	cfg.DasConfig.VmComponentProtecting = string(types.ClusterDasConfigInfoServiceStateDisabled)
	cfg.DasConfig.HBDatastoreCandidatePolicy = string(types.ClusterDasConfigInfoHBDatastoreCandidateAllFeasibleDsWithUserPreference)
	cfg.DrsConfig.DefaultVmBehavior = types.DrsBehaviorFullyAutomated
	cfg.DrsConfig.VmotionRate = 3
	cfg.DpmConfigInfo = &types.ClusterDpmConfigInfo{Enabled: &f, DefaultDpmBehavior: types.DpmBehaviorAutomated}
}

// mergeClusterConfig applies the cluster-wide parts (HA, DRS, DPM, ...) of an
// incremental ClusterConfigSpecEx; unset fields keep their current value.
func mergeClusterConfig(cfg *types.ClusterConfigInfoEx, spec *types.ClusterConfigSpecEx) {
	if spec.DasConfig != nil {
		simutil.MergeSpec(&cfg.DasConfig, spec.DasConfig)
	}
	if spec.DrsConfig != nil {
		simutil.MergeSpec(&cfg.DrsConfig, spec.DrsConfig)
	}
	if spec.DpmConfig != nil {
		if cfg.DpmConfigInfo == nil {
			cfg.DpmConfigInfo = new(types.ClusterDpmConfigInfo)
		}
		simutil.MergeSpec(cfg.DpmConfigInfo, spec.DpmConfig)
	}
	// Everything else with identical name and type on both sides:
	// infraUpdateHaConfig, proactiveDrsConfig, orchestration, vmSwapPlacement ...
	simutil.MergeByName(cfg, spec)
}

// clusterExt extends simulator.ClusterComputeResource.
type clusterExt struct {
	*simulator.ClusterComputeResource
	ext *Extensions
}

// ReconfigureComputeResourceTask stores the complete HA/DRS/DPM configuration
// (vcsim only keeps a handful of fields) and lets vcsim handle rules, groups
// and VM overrides.
func (c *clusterExt) ReconfigureComputeResourceTask(ctx *simulator.Context, req *types.ReconfigureComputeResource_Task) soap.HasFault {
	spec, ok := req.Spec.(*types.ClusterConfigSpecEx)
	if !ok {
		return c.ClusterComputeResource.ReconfigureComputeResourceTask(ctx, req)
	}
	cfg := c.ConfigurationEx.(*types.ClusterConfigInfoEx)
	mergeClusterConfig(cfg, spec)
	rest := *spec
	rest.DasConfig, rest.DrsConfig, rest.DpmConfig = nil, nil, nil
	// vcsim only supports "edit" of the restart priority; store the whole
	// HA VM override settings when they are edited.
	for _, s := range spec.DasVmConfigSpec {
		if s.Operation == types.ArrayUpdateOperationEdit && s.Info != nil && s.Info.DasSettings != nil {
			for i := range cfg.DasVmConfig {
				if cfg.DasVmConfig[i].Key == s.Info.Key && cfg.DasVmConfig[i].DasSettings != nil {
					simutil.MergeSpec(cfg.DasVmConfig[i].DasSettings, s.Info.DasSettings)
				}
			}
		}
	}
	return c.ClusterComputeResource.ReconfigureComputeResourceTask(ctx, &types.ReconfigureComputeResource_Task{
		This: req.This, Spec: &rest, Modify: req.Modify,
	})
}

// DestroyTask removes an empty cluster (vcsim has no Destroy_Task for it).
func (c *clusterExt) DestroyTask(ctx *simulator.Context, req *types.Destroy_Task) soap.HasFault {
	task := simulator.CreateTask(c.ClusterComputeResource, "destroy", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		if len(c.Host) > 0 {
			return nil, &types.ResourceInUse{Type: "ClusterComputeResource", Name: c.Name}
		}
		simutil.DestroyEntityTree(ctx, c.ClusterComputeResource)
		return nil, nil
	})
	return &methods.Destroy_TaskBody{Res: &types.Destroy_TaskResponse{Returnval: task.Run(ctx)}}
}

// clusterAlias makes a cluster reachable as ComputeResource:domain-cN.
// vCenter resolves a reference by its value and accepts the supertype, and
// the provider relies on that: it looks up the environment browser of a
// resource pool's owner through a "ComputeResource" reference even when the
// owner is a cluster. vcsim's registry is keyed by type and value, so the
// alias is an additional registry entry for the same object (like dvsAlias).
type clusterAlias struct {
	*simulator.ClusterComputeResource
	self types.ManagedObjectReference
}

func (a *clusterAlias) Reference() types.ManagedObjectReference { return a.self }

func computeResourceRef(ref types.ManagedObjectReference) types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: "ComputeResource", Value: ref.Value}
}

// addClusterAlias registers the alias of a cluster entering the inventory.
func addClusterAlias(ctx *simulator.Context, obj mo.Reference) {
	if c, ok := obj.(*simulator.ClusterComputeResource); ok {
		ctx.Map.Put(&clusterAlias{ClusterComputeResource: c, self: computeResourceRef(c.Self)})
	}
}

// removeClusterAlias removes the alias of a cluster leaving the inventory.
func removeClusterAlias(ctx *simulator.Context, ref types.ManagedObjectReference) {
	if ref.Type == "ClusterComputeResource" {
		alias := computeResourceRef(ref)
		if _, ok := ctx.Map.Get(alias).(*clusterAlias); ok {
			ctx.Map.Remove(ctx, alias)
		}
	}
}
