// Package simutil holds the helpers the simulator extensions share: waiting
// for simulator tasks, copying and merging vim25 values, version counters
// and removing objects from the inventory.
package simutil

import (
	"bytes"
	"strconv"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// WaitTask blocks until the simulator task ref has completed and returns its
// result or fault.
func WaitTask(ctx *simulator.Context, ref types.ManagedObjectReference) (types.AnyType, types.BaseMethodFault) {
	t, ok := ctx.Map.Get(ref).(*simulator.Task)
	if !ok {
		return nil, &types.ManagedObjectNotFound{Obj: ref}
	}
	t.Wait()
	if t.Info.Error != nil {
		return nil, t.Info.Error.Fault
	}
	return t.Info.Result, nil
}

// DeepCopyJSON copies src into dst via the JSON encoding of vim25 types
// (which preserves interface types through "_typeName").
func DeepCopyJSON(src, dst any) {
	var buf bytes.Buffer
	enc := types.NewJSONEncoder(&buf)
	if err := enc.Encode(src); err == nil {
		_ = types.NewJSONDecoder(&buf).Decode(dst)
	}
}

// Now returns a pointer to the current time (for vim25 time fields).
func Now() *time.Time {
	now := time.Now()
	return &now
}

// NextVersion increments a numeric configVersion string.
func NextVersion(v string) string {
	n, _ := strconv.Atoi(v)
	return strconv.Itoa(n + 1)
}

// DestroyEntityTree removes a cluster (or standalone compute resource), its
// resource pools and its environment browser from the inventory.
func DestroyEntityTree(ctx *simulator.Context, c *simulator.ClusterComputeResource) {
	if c.ResourcePool != nil {
		removePoolTree(ctx, *c.ResourcePool)
	}
	if c.EnvironmentBrowser != nil {
		ctx.Map.Remove(ctx, *c.EnvironmentBrowser)
	}
	RemoveEntity(ctx, c)
}

func removePoolTree(ctx *simulator.Context, ref types.ManagedObjectReference) {
	if p, ok := ctx.Map.Get(ref).(*simulator.ResourcePool); ok {
		for _, child := range p.ResourcePool.ResourcePool {
			removePoolTree(ctx, child)
		}
	}
	ctx.Map.Remove(ctx, ref)
}

// RemoveEntity unlinks e from its parent folder and removes it from the registry.
func RemoveEntity(ctx *simulator.Context, e mo.Entity) {
	ref := e.Reference()
	if p := e.Entity().Parent; p != nil {
		if f, ok := ctx.Map.Get(*p).(*simulator.Folder); ok {
			ctx.WithLock(f, func() {
				simulator.RemoveReference(&f.ChildEntity, ref)
			})
		}
	}
	ctx.Map.Remove(ctx, ref)
}
