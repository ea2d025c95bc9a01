package ext

import (
	"os"
	"path/filepath"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"

	"rz-dithmarschen/e2e/vcsim/internal/simutil"
)

// hostDatastoreSystemExt extends simulator.HostDatastoreSystem.
type hostDatastoreSystemExt struct {
	*simulator.HostDatastoreSystem
	ext *Extensions
}

// CreateNasDatastore backs the NFS export by a directory below our private
// temp dir (vcsim would os.Stat LocalPath relative to the cwd), mounts an
// existing datastore of the same name on additional hosts and keeps the
// spec fields the provider reads back (remote host names, security type,
// access mode).
func (dss *hostDatastoreSystemExt) CreateNasDatastore(ctx *simulator.Context, req *types.CreateNasDatastore) soap.HasFault {
	spec := req.Spec
	name := spec.LocalPath
	if name == "" || filepath.Base(name) != name {
		body := new(methods.CreateNasDatastoreBody)
		body.Fault_ = simulator.Fault("invalid localPath", &types.InvalidArgument{InvalidProperty: "spec.localPath"})
		return body
	}
	dir := filepath.Join(dss.ext.dir, name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		body := new(methods.CreateNasDatastoreBody)
		body.Fault_ = simulator.Fault(err.Error(), &types.HostConfigFault{})
		return body
	}
	spec.LocalPath = dir
	if spec.Type == "" {
		spec.Type = string(types.HostFileSystemVolumeFileSystemTypeNFS)
	}
	res := dss.HostDatastoreSystem.CreateNasDatastore(ctx, &types.CreateNasDatastore{This: req.This, Spec: spec})
	body := res.(*methods.CreateNasDatastoreBody)
	if body.Res == nil {
		return res
	}
	ds, ok := ctx.Map.Get(body.Res.Returnval).(*simulator.Datastore)
	if !ok {
		// vcsim returns the ref of a throw-away object when the datastore
		// already existed (mount on an additional host): look it up by backing.
		for _, obj := range ctx.Map.All("Datastore") {
			if d := obj.(*simulator.Datastore); d.Info.GetDatastoreInfo().Url == dir {
				ds = d
			}
		}
		if ds == nil {
			return res
		}
		body.Res.Returnval = ds.Self
	}
	if nas, ok := ds.Info.(*types.NasDatastoreInfo); ok && nas.Nas != nil {
		nas.Nas.Name = name
		nas.Nas.RemoteHostNames = spec.RemoteHostNames
		if len(nas.Nas.RemoteHostNames) == 0 {
			nas.Nas.RemoteHostNames = []string{spec.RemoteHost}
		}
		nas.Nas.SecurityType = spec.SecurityType
	}
	// Give the datastore a believable size (vcsim reports the local disk).
	ds.Summary.Capacity = 10 << 40
	ds.Summary.FreeSpace = 8 << 40
	ds.Info.GetDatastoreInfo().FreeSpace = ds.Summary.FreeSpace
	if spec.AccessMode != "" {
		for i := range ds.Host {
			if ds.Host[i].Key == dss.Host.Self {
				ds.Host[i].MountInfo.AccessMode = spec.AccessMode
				ds.Host[i].MountInfo.Path = dir
			}
		}
	}
	return res
}

// RemoveDatastore unmounts a datastore from this host; the datastore object
// disappears with its last mount (like an NFS datastore in vCenter).
func (dss *hostDatastoreSystemExt) RemoveDatastore(ctx *simulator.Context, req *types.RemoveDatastore) soap.HasFault {
	body := new(methods.RemoveDatastoreBody)
	ds, ok := ctx.Map.Get(req.Datastore).(*simulator.Datastore)
	if !ok {
		body.Fault_ = simulator.Fault("", &types.ManagedObjectNotFound{Obj: req.Datastore})
		return body
	}
	host := ctx.Map.Get(dss.Host.Self).(*simulator.HostSystem)
	for _, vm := range ds.Vm {
		if simulator.FindReference(host.Vm, vm) != nil {
			body.Fault_ = simulator.Fault("", &types.ResourceInUse{Type: "Datastore", Name: ds.Name})
			return body
		}
	}
	if len(ds.Host) <= 1 {
		// Last mount: destroy the datastore object (also cleans host/cluster refs).
		inner := ds.DestroyTask(ctx, &types.Destroy_Task{This: ds.Self}).(*methods.Destroy_TaskBody)
		if _, fault := simutil.WaitTask(ctx, inner.Res.Returnval); fault != nil {
			body.Fault_ = simulator.Fault("", fault)
			return body
		}
		if nas, ok := ds.Info.(*types.NasDatastoreInfo); ok && filepath.Dir(nas.Url) == dss.ext.dir {
			_ = os.RemoveAll(nas.Url)
		}
	} else {
		ctx.WithLock(ds, func() {
			for i := range ds.Host {
				if ds.Host[i].Key == host.Self {
					ds.Host = append(ds.Host[:i], ds.Host[i+1:]...)
					break
				}
			}
		})
		simulator.RemoveReference(&host.Datastore, ds.Self)
		if host.Parent != nil && host.Parent.Type == "ClusterComputeResource" {
			c := ctx.Map.Get(*host.Parent).(*simulator.ClusterComputeResource)
			if !datastoreMountedElsewhere(ds, host.Self, c.Host) {
				simulator.RemoveReference(&c.Datastore, ds.Self)
			}
		}
	}
	// vcsim aliases host.datastore and the datastore system's list.
	dss.Datastore = append([]types.ManagedObjectReference(nil), host.Datastore...)
	host.Datastore = dss.Datastore
	body.Res = new(types.RemoveDatastoreResponse)
	return body
}

// datastoreMountedElsewhere reports whether d is mounted on any of hosts other than self.
func datastoreMountedElsewhere(d *simulator.Datastore, self types.ManagedObjectReference, hosts []types.ManagedObjectReference) bool {
	for _, m := range d.Host {
		if m.Key == self {
			continue
		}
		for _, h := range hosts {
			if m.Key == h {
				return true
			}
		}
	}
	return false
}
