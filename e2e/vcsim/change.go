package main

// change makes a change in the simulator through the vSphere API, the way an
// administrator's hand edit in the vSphere Client would, so that drift
// detection can be tested:
//
//	vcsim-rz change -url URL [-insecure] vm-memory <vm name> <MiB>
//	vcsim-rz change -url URL [-insecure] portgroup-vlan <port group name> <vlan id>

import (
	"context"
	"fmt"
	"strconv"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/view"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

func change(args []string) error {
	ctx := context.Background()
	c, _, rest, err := connect(ctx, "change", args)
	if err != nil {
		return err
	}
	defer func() { _ = c.Logout(ctx) }()
	if len(rest) != 3 {
		return fmt.Errorf("usage: change -url URL [-insecure] vm-memory|portgroup-vlan <name> <value>")
	}
	what, name := rest[0], rest[1]
	value, err := strconv.Atoi(rest[2])
	if err != nil {
		return fmt.Errorf("value %q is not a number", rest[2])
	}

	switch what {
	case "vm-memory":
		ref, err := findByName(ctx, c.Client, "VirtualMachine", name)
		if err != nil {
			return err
		}
		task, err := object.NewVirtualMachine(c.Client, ref).Reconfigure(ctx, types.VirtualMachineConfigSpec{MemoryMB: int64(value)})
		if err != nil {
			return err
		}
		return task.Wait(ctx)
	case "portgroup-vlan":
		ref, err := findByName(ctx, c.Client, "DistributedVirtualPortgroup", name)
		if err != nil {
			return err
		}
		var pg mo.DistributedVirtualPortgroup
		if err := c.PropertyCollector().RetrieveOne(ctx, ref, []string{"config.configVersion"}, &pg); err != nil {
			return err
		}
		spec := types.DVPortgroupConfigSpec{
			ConfigVersion: pg.Config.ConfigVersion,
			DefaultPortConfig: &types.VMwareDVSPortSetting{
				Vlan: &types.VmwareDistributedVirtualSwitchVlanIdSpec{VlanId: int32(value)},
			},
		}
		task, err := object.NewDistributedVirtualPortgroup(c.Client, ref).Reconfigure(ctx, spec)
		if err != nil {
			return err
		}
		return task.Wait(ctx)
	default:
		return fmt.Errorf("unknown change %q (vm-memory, portgroup-vlan)", what)
	}
}

// findByName returns the one managed object of a kind with this name.
func findByName(ctx context.Context, c *vim25.Client, kind, name string) (types.ManagedObjectReference, error) {
	v, err := view.NewManager(c).CreateContainerView(ctx, c.ServiceContent.RootFolder, []string{kind}, true)
	if err != nil {
		return types.ManagedObjectReference{}, err
	}
	defer func() { _ = v.Destroy(ctx) }()
	refs, err := v.Find(ctx, []string{kind}, property.Match{"name": name})
	if err != nil {
		return types.ManagedObjectReference{}, err
	}
	if len(refs) != 1 {
		return types.ManagedObjectReference{}, fmt.Errorf("%d objects of kind %s are named %q, expected 1", len(refs), kind, name)
	}
	return refs[0], nil
}
