package ext

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"

	"rz-dithmarschen/e2e/vcsim/internal/simutil"
)

// folderExt extends simulator.Folder. Its methods create objects of other
// areas: they let vcsim create the object and then hand it to that area
// (cluster.go, dvs.go, vm.go) for what vcsim skips.
type folderExt struct {
	*simulator.Folder
	ext *Extensions
}

// CreateClusterEx applies the initial ClusterConfigSpecEx (vcsim ignores it).
func (f *folderExt) CreateClusterEx(ctx *simulator.Context, req *types.CreateClusterEx) soap.HasFault {
	res := f.Folder.CreateClusterEx(ctx, req)
	body := res.(*methods.CreateClusterExBody)
	if body.Res != nil {
		c := ctx.Map.Get(body.Res.Returnval).(*simulator.ClusterComputeResource)
		cfg := c.ConfigurationEx.(*types.ClusterConfigInfoEx)
		initClusterConfig(cfg)
		mergeClusterConfig(cfg, &req.Spec)
	}
	return res
}

// CreateDVSTask lets vcsim create the switch, then completes it (completeNewSwitch)
// and returns it as a VmwareDistributedVirtualSwitch.
func (f *folderExt) CreateDVSTask(ctx *simulator.Context, req *types.CreateDVS_Task) soap.HasFault {
	task := simulator.CreateTask(f.Folder, "createDVS", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		inner := f.Folder.CreateDVSTask(ctx, req).(*methods.CreateDVS_TaskBody)
		res, fault := simutil.WaitTask(ctx, inner.Res.Returnval)
		if fault != nil {
			return nil, fault
		}
		s := ctx.Map.Get(res.(types.ManagedObjectReference)).(*simulator.DistributedVirtualSwitch)
		return completeNewSwitch(ctx, s, req.Spec.ConfigSpec.GetDVSConfigSpec())
	})
	return &methods.CreateDVS_TaskBody{Res: &types.CreateDVS_TaskResponse{Returnval: task.Run(ctx)}}
}

// CreateVMTask lets vcsim create the VM, then stores the settings it skips
// (applyConfigExtras).
func (f *folderExt) CreateVMTask(ctx *simulator.Context, req *types.CreateVM_Task) soap.HasFault {
	task := simulator.CreateTask(f.Folder, "createVm", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		inner := f.Folder.CreateVMTask(ctx, req).(*methods.CreateVM_TaskBody)
		res, fault := simutil.WaitTask(ctx, inner.Res.Returnval)
		if fault != nil {
			return nil, fault
		}
		if ref, ok := res.(types.ManagedObjectReference); ok {
			if vm, ok := ctx.Map.Get(ref).(*simulator.VirtualMachine); ok {
				ctx.WithLock(vm, func() { applyConfigExtras(vm, &req.Config) })
			}
		}
		return res, nil
	})
	return &methods.CreateVM_TaskBody{Res: &types.CreateVM_TaskResponse{Returnval: task.Run(ctx)}}
}
