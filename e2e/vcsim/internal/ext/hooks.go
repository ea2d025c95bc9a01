package ext

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// registryHooks is a Registry handler: it completes every HostSystem put
// into the inventory (setupHost, host.go), gives every cluster its
// ComputeResource alias (cluster.go), gives every switch its VMware-typed
// alias (vmwareTyped, dvs.go), drops the permissions of removed
// entities (dropPermissions, authz.go) and evicts handler wrappers of
// removed objects from the session registries.
type registryHooks struct{ ext *Extensions }

func (*registryHooks) Reference() types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: "RzRegistryHooks", Value: "rz-registry-hooks"}
}

func (*registryHooks) PutObject(ctx *simulator.Context, obj mo.Reference) {
	setupHost(ctx, obj)
	addClusterAlias(ctx, obj)
	if s, ok := obj.(*simulator.DistributedVirtualSwitch); ok {
		vmwareTyped(ctx, s)
	}
}

func (*registryHooks) UpdateObject(*simulator.Context, mo.Reference, []types.PropertyChange) {}

func (h *registryHooks) RemoveObject(ctx *simulator.Context, ref types.ManagedObjectReference) {
	dropPermissions(ctx, h.ext.model, ref)
	h.ext.evict(ctx, ref)
	removeClusterAlias(ctx, ref)
}
