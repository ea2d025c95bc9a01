package main

import (
	"bytes"
	"strconv"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// deepCopyJSON copies src into dst via the JSON encoding of vim25 types
// (which preserves interface types through "_typeName").
func deepCopyJSON(src, dst any) {
	var buf bytes.Buffer
	enc := types.NewJSONEncoder(&buf)
	if err := enc.Encode(src); err == nil {
		_ = types.NewJSONDecoder(&buf).Decode(dst)
	}
}

func timeNow() *time.Time {
	now := time.Now()
	return &now
}

// nextVersion increments a numeric configVersion string.
func nextVersion(v string) string {
	n, _ := strconv.Atoi(v)
	return strconv.Itoa(n + 1)
}

// destroyEntityTree removes a cluster (or standalone compute resource), its
// resource pools and its environment browser from the inventory.
func destroyEntityTree(ctx *simulator.Context, c *simulator.ClusterComputeResource) {
	if c.ResourcePool != nil {
		removePoolTree(ctx, *c.ResourcePool)
	}
	if c.EnvironmentBrowser != nil {
		ctx.Map.Remove(ctx, *c.EnvironmentBrowser)
	}
	removeEntity(ctx, c)
}

func removePoolTree(ctx *simulator.Context, ref types.ManagedObjectReference) {
	if p, ok := ctx.Map.Get(ref).(*simulator.ResourcePool); ok {
		for _, child := range p.ResourcePool.ResourcePool {
			removePoolTree(ctx, child)
		}
	}
	ctx.Map.Remove(ctx, ref)
}

// removeEntity unlinks e from its parent folder and removes it from the registry.
func removeEntity(ctx *simulator.Context, e mo.Entity) {
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
