package ext

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// relocateVM is vmExt.RelocateVMTask's work (see there): validate the
// targets, move the files, then the pool and host membership.
func relocateVM(ctx *simulator.Context, vm *simulator.VirtualMachine, spec *types.VirtualMachineRelocateSpec) types.BaseMethodFault {
	if spec.Folder != nil || len(spec.DeviceChange) > 0 || spec.Service != nil {
		return &types.NotSupported{}
	}
	// Resolve and validate the targets.
	pool := ctx.Map.Get(*vm.ResourcePool).(*simulator.ResourcePool)
	if spec.Pool != nil {
		p, ok := ctx.Map.Get(*spec.Pool).(*simulator.ResourcePool)
		if !ok {
			return &types.ManagedObjectNotFound{Obj: *spec.Pool}
		}
		pool = p
	}
	hosts := poolHosts(ctx, pool)
	host := ctx.Map.Get(*vm.Runtime.Host).(*simulator.HostSystem)
	if spec.Host != nil {
		h, ok := ctx.Map.Get(*spec.Host).(*simulator.HostSystem)
		if !ok {
			return &types.ManagedObjectNotFound{Obj: *spec.Host}
		}
		host = h
	}
	if simulator.FindReference(hosts, host.Self) == nil {
		if spec.Host != nil || len(hosts) == 0 {
			return &types.InvalidArgument{InvalidProperty: "spec.host"}
		}
		host = pickHost(ctx, hosts)
		if host == nil {
			return &types.NoCompatibleHost{}
		}
	}
	// Datastores: the VM home (spec.datastore) and per-disk locators.
	home := ""
	if len(vm.Datastore) > 0 {
		home = vm.Datastore[0].Value
	}
	var target *simulator.Datastore
	if spec.Datastore != nil {
		ds, ok := ctx.Map.Get(*spec.Datastore).(*simulator.Datastore)
		if !ok {
			return &types.ManagedObjectNotFound{Obj: *spec.Datastore}
		}
		target = ds
	}
	diskTarget := map[int32]*simulator.Datastore{}
	for _, l := range spec.Disk {
		ds, ok := ctx.Map.Get(l.Datastore).(*simulator.Datastore)
		if !ok {
			return &types.ManagedObjectNotFound{Obj: l.Datastore}
		}
		diskTarget[l.DiskId] = ds
	}
	mounted := func(ds *simulator.Datastore) bool { return simulator.FindReference(host.Datastore, ds.Self) != nil }
	if target != nil && !mounted(target) {
		return &types.InvalidDatastore{Datastore: &target.Self, Name: target.Name}
	}
	for _, ds := range diskTarget {
		if !mounted(ds) {
			return &types.InvalidDatastore{Datastore: &ds.Self, Name: ds.Name}
		}
	}
	// Networks must be reachable from the target host.
	for _, n := range vm.Network {
		if simulator.FindReference(host.Network, n) == nil {
			return &types.InvalidArgument{InvalidProperty: "network " + n.Value}
		}
	}

	// Storage: move the VM directory (home and, unless located elsewhere,
	// the disks) to the target datastore and rewrite the paths.
	if target != nil && target.Self.Value != home {
		if fault := moveVMHome(ctx, vm, target, diskTarget); fault != nil {
			return fault
		}
	} else {
		for key, ds := range diskTarget {
			if fault := moveDisk(ctx, vm, key, ds); fault != nil {
				return fault
			}
		}
	}
	refreshVMDatastores(ctx, vm)

	// Compute: pool and host membership.
	oldPool := ctx.Map.Get(*vm.ResourcePool).(*simulator.ResourcePool)
	if oldPool.Self != pool.Self {
		ctx.Map.RemoveReference(ctx, oldPool, &oldPool.Vm, vm.Self)
		ctx.Map.AddReference(ctx, pool, &pool.Vm, vm.Self)
	}
	oldHost := ctx.Map.Get(*vm.Runtime.Host).(*simulator.HostSystem)
	if oldHost.Self != host.Self {
		ctx.Map.RemoveReference(ctx, oldHost, &oldHost.Vm, vm.Self)
		ctx.Map.AddReference(ctx, host, &host.Vm, vm.Self)
	}
	poolRef, hostRef := pool.Self, host.Self
	ctx.Map.Update(ctx, vm, []types.PropertyChange{
		{Name: "resourcePool", Val: &poolRef},
		{Name: "runtime.host", Val: &hostRef},
		{Name: "summary.runtime.host", Val: &hostRef},
	})
	ctx.Map.Update(ctx, vm, []types.PropertyChange{{Name: "datastore", Val: vm.Datastore}})
	return nil
}

// poolHosts returns the hosts of the compute resource owning pool.
func poolHosts(ctx *simulator.Context, pool *simulator.ResourcePool) []types.ManagedObjectReference {
	switch cr := ctx.Map.Get(pool.Owner).(type) {
	case *simulator.ClusterComputeResource:
		return cr.Host
	case *mo.ComputeResource:
		return cr.Host
	}
	return nil
}

// pickHost returns the connected host (not in maintenance) with the fewest VMs.
func pickHost(ctx *simulator.Context, hosts []types.ManagedObjectReference) *simulator.HostSystem {
	var best *simulator.HostSystem
	for _, ref := range hosts {
		h, ok := ctx.Map.Get(ref).(*simulator.HostSystem)
		if !ok || h.Runtime.InMaintenanceMode || h.Runtime.ConnectionState != types.HostSystemConnectionStateConnected {
			continue
		}
		if best == nil || len(h.Vm) < len(best.Vm) {
			best = h
		}
	}
	return best
}

// datastorePath splits "[ds] dir/file" into datastore name and relative path.
func datastorePath(p string) (string, string) {
	var dp object.DatastorePath
	if !dp.FromString(p) {
		return "", p
	}
	return dp.Datastore, dp.Path
}

func dsDir(ds *simulator.Datastore) string { return ds.Info.GetDatastoreInfo().Url }

// moveVMHome moves the VM directory to target and rewrites config.files and
// the backings of the disks in that directory (disks with their own locator
// go to their datastore).
func moveVMHome(ctx *simulator.Context, vm *simulator.VirtualMachine, target *simulator.Datastore, diskTarget map[int32]*simulator.Datastore) types.BaseMethodFault {
	srcName, dir := datastorePath(vm.Config.Files.VmPathName)
	dir = filepath.Dir(dir)
	src, ok := ctx.Map.FindByName(srcName, vm.Datastore).(*simulator.Datastore)
	if !ok {
		return &types.FileNotFound{FileFault: types.FileFault{File: vm.Config.Files.VmPathName}}
	}
	from, to := filepath.Join(dsDir(src), dir), filepath.Join(dsDir(target), dir)
	if _, err := os.Stat(to); err == nil {
		return &types.FileAlreadyExists{FileFault: types.FileFault{File: "[" + target.Name + "] " + dir}}
	}
	if err := os.Rename(from, to); err != nil {
		return &types.FileFault{File: from}
	}
	re := func(p string) string {
		if name, rel := datastorePath(p); name == src.Name {
			return "[" + target.Name + "] " + rel
		}
		return p
	}
	f := &vm.Config.Files
	f.VmPathName, f.SnapshotDirectory, f.SuspendDirectory, f.LogDirectory = re(f.VmPathName), re(f.SnapshotDirectory), re(f.SuspendDirectory), re(f.LogDirectory)
	vm.Summary.Config.VmPathName = f.VmPathName
	for _, d := range object.VirtualDeviceList(vm.Config.Hardware.Device).SelectByType((*types.VirtualDisk)(nil)) {
		b, ok := d.GetVirtualDevice().Backing.(types.BaseVirtualDeviceFileBackingInfo)
		if !ok {
			continue
		}
		fb := b.GetVirtualDeviceFileBackingInfo()
		if name, _ := datastorePath(fb.FileName); name == src.Name {
			fb.FileName = re(fb.FileName)
			fb.Datastore = &target.Self
		}
	}
	for key, ds := range diskTarget {
		if fault := moveDisk(ctx, vm, key, ds); fault != nil {
			return fault
		}
	}
	return nil
}

// moveDisk moves the files of disk key to the VM's directory on ds.
func moveDisk(ctx *simulator.Context, vm *simulator.VirtualMachine, key int32, ds *simulator.Datastore) types.BaseMethodFault {
	d := object.VirtualDeviceList(vm.Config.Hardware.Device).FindByKey(key)
	disk, ok := d.(*types.VirtualDisk)
	if !ok {
		return &types.InvalidArgument{InvalidProperty: "spec.disk.diskId"}
	}
	b, ok := disk.Backing.(types.BaseVirtualDeviceFileBackingInfo)
	if !ok {
		return nil
	}
	fb := b.GetVirtualDeviceFileBackingInfo()
	name, rel := datastorePath(fb.FileName)
	if name == ds.Name {
		return nil
	}
	var src *simulator.Datastore
	for _, obj := range ctx.Map.All("Datastore") {
		if x, ok := obj.(*simulator.Datastore); ok && x.Name == name {
			src = x
		}
	}
	if src == nil {
		return &types.FileNotFound{FileFault: types.FileFault{File: fb.FileName}}
	}
	if err := os.MkdirAll(filepath.Join(dsDir(ds), filepath.Dir(rel)), 0o755); err != nil {
		return &types.FileFault{File: fb.FileName}
	}
	// A vmdk is a descriptor plus "-flat" extent.
	for _, f := range []string{rel, strings.TrimSuffix(rel, ".vmdk") + "-flat.vmdk"} {
		if err := os.Rename(filepath.Join(dsDir(src), f), filepath.Join(dsDir(ds), f)); err != nil && !os.IsNotExist(err) {
			return &types.FileFault{File: f}
		}
	}
	fb.FileName = "[" + ds.Name + "] " + rel
	fb.Datastore = &ds.Self
	return nil
}

// refreshVMDatastores recomputes vm.datastore (home first, then disk
// datastores) and the datastores' vm lists.
func refreshVMDatastores(ctx *simulator.Context, vm *simulator.VirtualMachine) {
	var refs []types.ManagedObjectReference
	add := func(name string) {
		for _, obj := range ctx.Map.All("Datastore") {
			if ds, ok := obj.(*simulator.Datastore); ok && ds.Name == name && simulator.FindReference(refs, ds.Self) == nil {
				refs = append(refs, ds.Self)
			}
		}
	}
	name, _ := datastorePath(vm.Config.Files.VmPathName)
	add(name)
	for _, d := range object.VirtualDeviceList(vm.Config.Hardware.Device).SelectByType((*types.VirtualDisk)(nil)) {
		if b, ok := d.GetVirtualDevice().Backing.(types.BaseVirtualDeviceFileBackingInfo); ok {
			n, _ := datastorePath(b.GetVirtualDeviceFileBackingInfo().FileName)
			add(n)
		}
	}
	for _, old := range vm.Datastore {
		if simulator.FindReference(refs, old) == nil {
			if ds, ok := ctx.Map.Get(old).(*simulator.Datastore); ok {
				ctx.Map.RemoveReference(ctx, ds, &ds.Vm, vm.Self)
			}
		}
	}
	for _, ref := range refs {
		if ds, ok := ctx.Map.Get(ref).(*simulator.Datastore); ok {
			ctx.Map.AddReference(ctx, ds, &ds.Vm, vm.Self)
		}
	}
	vm.Datastore = refs
}
