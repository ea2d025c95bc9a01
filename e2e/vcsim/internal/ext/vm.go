package ext

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"

	"rz-dithmarschen/e2e/vcsim/internal/simutil"
)

// vmExt extends simulator.VirtualMachine.
type vmExt struct {
	*simulator.VirtualMachine
	ext *Extensions
}

// applyConfigExtras stores the config spec settings vcsim ignores but the
// provider reads back (and would otherwise plan again on every run).
func applyConfigExtras(vm *simulator.VirtualMachine, spec *types.VirtualMachineConfigSpec) {
	cfg := vm.Config
	if cfg == nil {
		return
	}
	if spec.SwapPlacement != "" {
		cfg.SwapPlacement = spec.SwapPlacement
	}
	if spec.VPMCEnabled != nil {
		cfg.VPMCEnabled = spec.VPMCEnabled
	}
	if spec.VmxStatsCollectionEnabled != nil {
		cfg.VmxStatsCollectionEnabled = spec.VmxStatsCollectionEnabled
	}
	if spec.VmOpNotificationToAppEnabled != nil {
		cfg.VmOpNotificationToAppEnabled = spec.VmOpNotificationToAppEnabled
	}
	if spec.VmOpNotificationTimeout != 0 {
		cfg.VmOpNotificationTimeout = spec.VmOpNotificationTimeout
	}
}

// ReconfigVMTask lets vcsim reconfigure the VM, then stores the settings it skips.
func (v *vmExt) ReconfigVMTask(ctx *simulator.Context, req *types.ReconfigVM_Task) soap.HasFault {
	task := simulator.CreateTask(v.VirtualMachine, "reconfigVm", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		inner := v.VirtualMachine.ReconfigVMTask(ctx, req).(*methods.ReconfigVM_TaskBody)
		if _, fault := simutil.WaitTask(ctx, inner.Res.Returnval); fault != nil {
			return nil, fault
		}
		applyConfigExtras(v.VirtualMachine, &req.Spec)
		return nil, nil
	})
	return &methods.ReconfigVM_TaskBody{Res: &types.ReconfigVM_TaskResponse{Returnval: task.Run(ctx)}}
}

// RelocateVMTask migrates the VM like vCenter's vMotion / Storage vMotion:
// it moves the VM between resource pools, hosts and datastores, keeping the
// back references (pool.vm, host.vm, datastore.vm) and the file locations
// (config.files, disk backings, the files on the datastore) consistent.
// vcsim's own implementation only rewrites the VM's references.
// Without an explicit host, a host of the target pool's cluster is chosen
// (the current one if it qualifies), as DRS does.
func (v *vmExt) RelocateVMTask(ctx *simulator.Context, req *types.RelocateVM_Task) soap.HasFault {
	vm := v.VirtualMachine
	task := simulator.CreateTask(vm, "relocateVm", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		return nil, relocateVM(ctx, vm, &req.Spec)
	})
	return &methods.RelocateVM_TaskBody{Res: &types.RelocateVM_TaskResponse{Returnval: task.Run(ctx)}}
}

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
