package ext

import (
	"testing"

	"github.com/vmware/govmomi/vim25/mo"
)

// The provider "upgrades" a VM to the hardware version it already has after
// every reconfigure; vcsim refuses that with AlreadyUpgraded, vCenter never
// sees it. It must succeed and change nothing.
func TestUpgradeVMToItsOwnVersionIsANoOp(t *testing.T) {
	ctx, c := startSim(t)
	vm, err := finder(ctx, t, c).VirtualMachine(ctx, "DC0_C0_RP0_VM0")
	if err != nil {
		t.Fatal(err)
	}
	// Powered off, so that vcsim's own answer would be AlreadyUpgraded.
	if task, err := vm.PowerOff(ctx); err != nil || task.Wait(ctx) != nil {
		t.Fatalf("power off: %v", err)
	}
	var before mo.VirtualMachine
	if err := vm.Properties(ctx, vm.Reference(), []string{"config.version"}, &before); err != nil {
		t.Fatal(err)
	}
	task, err := vm.UpgradeVM(ctx, before.Config.Version)
	if err != nil {
		t.Fatal(err)
	}
	if err := task.Wait(ctx); err != nil {
		t.Fatalf("upgrade to the current version %s: %v", before.Config.Version, err)
	}
	var after mo.VirtualMachine
	if err := vm.Properties(ctx, vm.Reference(), []string{"config.version"}, &after); err != nil {
		t.Fatal(err)
	}
	if after.Config.Version != before.Config.Version {
		t.Errorf("version changed from %s to %s", before.Config.Version, after.Config.Version)
	}
}
