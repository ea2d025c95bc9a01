package main

import (
	"os"
	"path/filepath"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// extensions holds the state shared by all simulator overrides.
//
// Overrides are installed through Registry.Handler: for every SOAP call the
// simulator asks dispatch for an alternative handler object. We return a thin
// wrapper that embeds the simulator's own object (so all existing methods stay
// available and the registry keeps the original concrete type, which internal
// simulator code type-asserts on) and adds or replaces methods.
//
// vcsim consults the per-session registry after Registry.Handler and falls
// back to the global object, which would discard our handler. So the wrapper
// is also put into the caller's session registry (the PropertyCollector
// unwraps such wrappers transparently) and evicted from all session
// registries when the object is removed from the inventory.
type extensions struct {
	model *simulator.Model
	// dir is a private temp directory (below the simulator's home dir) that
	// backs NAS datastores; removed together with the model.
	dir string

	mu       sync.Mutex
	sessions map[*simulator.Session]bool
}

func installExtensions(model *simulator.Model) (*extensions, error) {
	home := ""
	if v, ok := model.Map().OptionManager().Setting[len(model.Map().OptionManager().Setting)-1].(*types.OptionValue); ok && v.Key == "vcsim.home" {
		home, _ = v.Value.(string)
	}
	if home == "" {
		home = os.TempDir()
	}
	dir, err := os.MkdirTemp(home, "nas-")
	if err != nil {
		return nil, err
	}
	e := &extensions{model: model, dir: filepath.Clean(dir), sessions: map[*simulator.Session]bool{}}
	model.Map().Handler = e.dispatch
	registerVsanEndpoint()
	installServiceObjects(model)
	model.Map().AddHandler(&registryHooks{ext: e})
	model.Map().AddHandler(&vmHooks{ext: e})
	return e, nil
}

func (e *extensions) close() {
	_ = os.RemoveAll(e.dir)
}

// dispatch returns a wrapper object that implements the extended methods for
// the managed object addressed by the call, or nil to use the simulator's own.
func (e *extensions) dispatch(ctx *simulator.Context, m *simulator.Method) (mo.Reference, types.BaseMethodFault) {
	// PropertyCollectors are per session and their wrapper keeps state, so it
	// is created once and reused (see ext_pc.go: concurrent WaitForUpdatesEx).
	if pc := e.propertyCollector(ctx, m); pc != nil {
		return pc, nil
	}
	w := e.wrap(ctx, m)
	if w != nil && ctx.Session != nil {
		ctx.Session.Registry.Put(w)
		e.mu.Lock()
		e.sessions[ctx.Session] = true
		e.mu.Unlock()
	}
	return w, nil
}

// evict removes the wrappers for ref from all session registries.
func (e *extensions) evict(ctx *simulator.Context, ref types.ManagedObjectReference) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for s := range e.sessions {
		if s.Registry.Get(ref) != nil {
			s.Registry.Remove(ctx, ref)
		}
	}
}

func (e *extensions) wrap(ctx *simulator.Context, m *simulator.Method) mo.Reference {
	switch obj := ctx.Map.Get(m.This).(type) {
	case *simulator.Folder:
		return &folderExt{Folder: obj, ext: e}
	case *simulator.ClusterComputeResource:
		return &clusterExt{ClusterComputeResource: obj, ext: e}
	case *simulator.HostSystem:
		return &hostExt{HostSystem: obj, ext: e}
	case *simulator.HostDatastoreSystem:
		return &hostDatastoreSystemExt{HostDatastoreSystem: obj, ext: e}
	case *simulator.DistributedVirtualSwitch:
		return &dvsExt{DistributedVirtualSwitch: obj, ext: e}
	case *dvsAlias:
		return &dvsExt{DistributedVirtualSwitch: obj.DistributedVirtualSwitch, ext: e, self: obj.self}
	case *simulator.DistributedVirtualPortgroup:
		return &portgroupExt{DistributedVirtualPortgroup: obj, ext: e}
	case *simulator.DistributedVirtualSwitchManager:
		return &dvsManagerExt{DistributedVirtualSwitchManager: obj, ext: e}
	case *simulator.ResourcePool:
		return &poolExt{ResourcePool: obj, ext: e}
	case *simulator.VirtualMachine:
		return &vmExt{VirtualMachine: obj, ext: e}
	case *simulator.AuthorizationManager:
		return &authzExt{AuthorizationManager: obj, ext: e}
	}
	return nil
}
