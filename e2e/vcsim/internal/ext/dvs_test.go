package ext

import (
	"context"
	"errors"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// typeAtPath looks a network up by inventory path, as the provider's import
// of a distributed switch does (find.Finder.Network), and returns the type of
// the managed object reference it gets.
func typeAtPath(ctx context.Context, t *testing.T, c *govmomi.Client, path string) (string, error) {
	t.Helper()
	n, err := find.NewFinder(c.Client).Network(ctx, path)
	if err != nil {
		return "", err
	}
	return n.Reference().Type, nil
}

func TestStockSwitchIsAVmwareSwitchByPath(t *testing.T) {
	ctx, c := startSim(t)
	got, err := typeAtPath(ctx, t, c, "/DC0/network/DVS0")
	if err != nil {
		t.Fatal(err)
	}
	if got != "VmwareDistributedVirtualSwitch" {
		t.Fatalf("DVS0 by path has type %s, want VmwareDistributedVirtualSwitch (as vCenter reports)", got)
	}
}

func TestCreatedSwitchIsAVmwareSwitchByPathUntilDestroyed(t *testing.T) {
	ctx, c := startSim(t)
	f := finder(ctx, t, c)
	dc, err := f.Datacenter(ctx, "DC0")
	if err != nil {
		t.Fatal(err)
	}
	dcFolders, err := dc.Folders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	task, err := dcFolders.NetworkFolder.CreateDVS(ctx, types.DVSCreateSpec{ConfigSpec: &types.VMwareDVSConfigSpec{
		DVSConfigSpec: types.DVSConfigSpec{Name: "rz-switch"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	info, err := task.WaitForResult(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ref := info.Result.(types.ManagedObjectReference); ref.Type != "VmwareDistributedVirtualSwitch" {
		t.Fatalf("CreateDVS_Task returned %s, want a VmwareDistributedVirtualSwitch", ref)
	}

	got, err := typeAtPath(ctx, t, c, "/DC0/network/rz-switch")
	if err != nil {
		t.Fatal(err)
	}
	if got != "VmwareDistributedVirtualSwitch" {
		t.Fatalf("rz-switch by path has type %s, want VmwareDistributedVirtualSwitch", got)
	}

	// The network folder lists it under the VMware type too, while vcsim keeps working with its own.
	var listed mo.Folder
	if err := c.RetrieveOne(ctx, dcFolders.NetworkFolder.Reference(), []string{"childEntity"}, &listed); err != nil {
		t.Fatal(err)
	}
	vmware := 0
	for _, ref := range listed.ChildEntity {
		if ref.Type == "DistributedVirtualSwitch" {
			t.Errorf("network folder lists %s: vCenter lists switches as VmwareDistributedVirtualSwitch", ref)
		}
		if ref.Type == "VmwareDistributedVirtualSwitch" {
			vmware++
		}
	}
	if vmware != 2 {
		t.Errorf("network folder lists %d VMware switches, want DVS0 and rz-switch", vmware)
	}

	// A container view for the base type still finds both switches (vCenter includes subtypes).
	v, err := view.NewManager(c.Client).CreateContainerView(ctx, c.ServiceContent.RootFolder, []string{"DistributedVirtualSwitch"}, true)
	if err != nil {
		t.Fatal(err)
	}
	var switches []mo.DistributedVirtualSwitch
	if err := v.Retrieve(ctx, []string{"DistributedVirtualSwitch"}, []string{"name", "uuid"}, &switches); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range switches {
		names[s.Name] = true
	}
	if !names["DVS0"] || !names["rz-switch"] || len(switches) != 2 {
		t.Fatalf("container view of DistributedVirtualSwitch: %v, want DVS0 and rz-switch once each", names)
	}

	sw, err := find.NewFinder(c.Client).Network(ctx, "/DC0/network/rz-switch")
	if err != nil {
		t.Fatal(err)
	}
	destroy, err := object.NewDistributedVirtualSwitch(c.Client, sw.Reference()).Destroy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := destroy.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	var notFound *find.NotFoundError
	if _, err := typeAtPath(ctx, t, c, "/DC0/network/rz-switch"); !errors.As(err, &notFound) {
		t.Fatalf("rz-switch after destroy: %v, want not found (the folder keeps no VMware-typed entry)", err)
	}
	var folder mo.Folder
	if err := c.RetrieveOne(ctx, dcFolders.NetworkFolder.Reference(), []string{"childEntity"}, &folder); err != nil {
		t.Fatal(err)
	}
	for _, ref := range folder.ChildEntity {
		if ref.Value == sw.Reference().Value {
			t.Fatalf("network folder still lists %s after the switch was destroyed", ref)
		}
	}
}
