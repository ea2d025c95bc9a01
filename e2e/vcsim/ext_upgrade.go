package main

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// UpgradeVMTask: after every reconfigure the provider compares the VM's
// hardware version with the one in its environment browser's config option
// and upgrades when they differ. vcsim's config option carries no hardware
// version, so the provider asks to "upgrade" a VM to the version it already
// has, which real vCenter never sees (its config option carries the version)
// and vcsim refuses with AlreadyUpgraded. That request is a no-op here; every
// other upgrade goes to vcsim.
func (v *vmExt) UpgradeVMTask(ctx *simulator.Context, req *types.UpgradeVM_Task) soap.HasFault {
	var current string
	ctx.WithLock(v.VirtualMachine, func() { current = v.Config.Version })
	target, err1 := types.ParseHardwareVersion(req.Version)
	have, err2 := types.ParseHardwareVersion(current)
	if req.Version != "" && err1 == nil && err2 == nil && target == have {
		task := simulator.CreateTask(v.VirtualMachine, "upgradeVm", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
			return nil, nil
		})
		return &methods.UpgradeVM_TaskBody{Res: &types.UpgradeVM_TaskResponse{Returnval: task.Run(ctx)}}
	}
	return v.VirtualMachine.UpgradeVMTask(ctx, req)
}
