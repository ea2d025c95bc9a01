// Package ext extends govmomi's simulator with the vCenter methods and
// behaviour the Terraform vsphere provider needs and vcsim lacks.
//
// Layout: ext.go (this file) installs the extensions and dispatches calls to
// wrappers; hooks.go reacts to objects entering and leaving the inventory;
// every other file is one managed object area and declares its wrapper type
// together with all of that type's methods (folder.go holds the Folder
// wrapper, whose create methods hand over to the cluster, dvs and vm areas).
// Helpers shared with other packages are in internal/simutil; the property
// collector is internal/pc.
package ext

import (
	"os"
	"path/filepath"
	"sync"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"

	"rz-dithmarschen/e2e/vcsim/internal/pc"
)

// Extensions holds the state shared by all simulator overrides.
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
type Extensions struct {
	model *simulator.Model
	// dir is a private temp directory (below the simulator's home dir) that
	// backs NAS datastores; removed by Close.
	dir string

	mu       sync.Mutex
	sessions map[*simulator.Session]bool
}

// Install extends a created model (before its server starts): it sets the
// registry's call handler, replaces service objects and adds registry hooks.
func Install(model *simulator.Model) (*Extensions, error) {
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
	e := &Extensions{model: model, dir: filepath.Clean(dir), sessions: map[*simulator.Session]bool{}}
	model.Map().Handler = e.dispatch
	installCustomizationSpecManager(model)
	model.Map().AddHandler(&registryHooks{ext: e})
	pc.ReportAs = reportAs
	// Switches of the model created before the hooks (vcsim's stock DVS0) are VMware-typed as well.
	ctx := &simulator.Context{Map: model.Map()}
	for _, obj := range model.Map().All("DistributedVirtualSwitch") {
		if s, ok := obj.(*simulator.DistributedVirtualSwitch); ok {
			vmwareTyped(ctx, s)
		}
	}
	return e, nil
}

// Close removes the extensions' temp directory.
func (e *Extensions) Close() {
	_ = os.RemoveAll(e.dir)
}

// dispatch returns a wrapper object that implements the extended methods for
// the managed object addressed by the call, or nil to use the simulator's own.
func (e *Extensions) dispatch(ctx *simulator.Context, m *simulator.Method) (mo.Reference, types.BaseMethodFault) {
	// PropertyCollectors are per session and their wrapper keeps state, so it
	// is created once and reused (see internal/pc: concurrent WaitForUpdatesEx).
	if c := pc.For(ctx, m); c != nil {
		return c, nil
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
func (e *Extensions) evict(ctx *simulator.Context, ref types.ManagedObjectReference) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for s := range e.sessions {
		if s.Registry.Get(ref) != nil {
			s.Registry.Remove(ctx, ref)
		}
	}
}

// wrap returns the wrapper for the object a call addresses (nil: none).
func (e *Extensions) wrap(ctx *simulator.Context, m *simulator.Method) mo.Reference {
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
