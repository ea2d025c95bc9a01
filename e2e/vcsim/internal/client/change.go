package client

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
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// Change runs "vcsim-rz change": one hand edit through the vSphere API.
func Change(args []string) error {
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
