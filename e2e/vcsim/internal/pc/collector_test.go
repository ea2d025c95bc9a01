package pc

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/fault"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/property"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/task"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

// startSim starts govmomi's default vCenter model on 127.0.0.1 with only
// this package's collector installed, the way ext's dispatch installs it.
func startSim(t *testing.T) (context.Context, *govmomi.Client, []*object.VirtualMachine) {
	t.Helper()
	model := simulator.VPX()
	if err := model.Create(); err != nil {
		t.Fatal(err)
	}
	model.Map().Handler = func(ctx *simulator.Context, m *simulator.Method) (mo.Reference, types.BaseMethodFault) {
		if c := For(ctx, m); c != nil {
			return c, nil
		}
		return nil, nil
	}
	model.Service.Listen = &url.URL{Host: "127.0.0.1:0"}
	s := model.Service.NewServer()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(func() {
		cancel()
		// A wait that a broken collector never ends would block Close.
		closed := make(chan struct{})
		go func() { s.Close(); close(closed) }()
		select {
		case <-closed:
			model.Remove()
		case <-time.After(5 * time.Second):
			t.Error("server close timed out: a WaitForUpdatesEx call is still blocked")
		}
	})
	c, err := govmomi.NewClient(ctx, s.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	vms, err := find.NewFinder(c.Client).VirtualMachineList(ctx, "/DC0/vm/*")
	if err != nil || len(vms) < 2 {
		t.Fatalf("VMs of the default model: %d, %v", len(vms), err)
	}
	return ctx, c, vms
}

// watchPowerState creates a filter for the power state of vm on the
// session's collector.
func watchPowerState(ctx context.Context, t *testing.T, c *govmomi.Client, vm *object.VirtualMachine) types.ManagedObjectReference {
	t.Helper()
	res, err := methods.CreateFilter(ctx, c.Client, &types.CreateFilter{
		This: c.ServiceContent.PropertyCollector,
		Spec: types.PropertyFilterSpec{
			ObjectSet: []types.ObjectSpec{{Obj: vm.Reference()}},
			PropSet:   []types.PropertySpec{{Type: "VirtualMachine", PathSet: []string{"runtime.powerState"}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return res.Returnval
}

// waitEx calls WaitForUpdatesEx on the session's collector; maxWait < 0
// means no limit.
func waitEx(ctx context.Context, c *govmomi.Client, version string, maxWait int32) (*types.UpdateSet, error) {
	req := &types.WaitForUpdatesEx{This: c.ServiceContent.PropertyCollector, Version: version, Options: &types.WaitOptions{}}
	if maxWait >= 0 {
		req.Options.MaxWaitSeconds = &maxWait
	}
	res, err := methods.WaitForUpdatesEx(ctx, c.Client, req)
	if err != nil {
		return nil, err
	}
	return res.Returnval, nil
}

// powerStates returns the power state values an update set assigns, by VM.
func powerStates(set *types.UpdateSet) map[types.ManagedObjectReference]types.VirtualMachinePowerState {
	res := map[types.ManagedObjectReference]types.VirtualMachinePowerState{}
	if set == nil {
		return res
	}
	for _, f := range set.FilterSet {
		for _, o := range f.ObjectSet {
			for _, ch := range o.ChangeSet {
				if ch.Name == "runtime.powerState" {
					res[o.Obj], _ = ch.Val.(types.VirtualMachinePowerState)
				}
			}
		}
	}
	return res
}

func powerOn(ctx context.Context, t *testing.T, vm *object.VirtualMachine) {
	t.Helper()
	tk, err := vm.PowerOn(ctx)
	if err == nil {
		err = tk.Wait(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func powerOff(ctx context.Context, t *testing.T, vm *object.VirtualMachine) {
	t.Helper()
	tk, err := vm.PowerOff(ctx)
	if err == nil {
		err = tk.Wait(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// Two callers wait on one collector, each with its own version: both see the
// same change (vcsim's own collector hands it to whichever waiter comes first).
func TestEveryWaiterSeesEveryChange(t *testing.T) {
	ctx, c, vms := startSim(t)
	vm := vms[0]
	watchPowerState(ctx, t, c, vm)

	var versions [2]string
	for i := range versions {
		set, err := waitEx(ctx, c, "", -1)
		if err != nil {
			t.Fatal(err)
		}
		if set == nil || set.Version == "" {
			t.Fatalf("initial wait %d: no version", i)
		}
		if got := powerStates(set)[vm.Reference()]; got != types.VirtualMachinePowerStatePoweredOn {
			t.Fatalf("initial wait %d: power state %q, want poweredOn", i, got)
		}
		versions[i] = set.Version
	}

	// One after the other: the change is there for the second caller too.
	powerOff(ctx, t, vm)
	for i, v := range versions {
		set, err := waitEx(ctx, c, v, 2)
		if err != nil {
			t.Fatal(err)
		}
		if got := powerStates(set)[vm.Reference()]; got != types.VirtualMachinePowerStatePoweredOff {
			t.Fatalf("waiter %d after power off: power state update %q, want poweredOff", i, got)
		}
		versions[i] = set.Version
	}

	// At the same time (as the provider's parallel task waits do).
	type result struct {
		set *types.UpdateSet
		err error
	}
	results := make(chan result, len(versions))
	for _, v := range versions {
		go func() {
			set, err := waitEx(ctx, c, v, 10)
			results <- result{set, err}
		}()
	}
	time.Sleep(100 * time.Millisecond)
	powerOn(ctx, t, vm)
	for i := range versions {
		r := <-results
		if r.err != nil {
			t.Fatal(r.err)
		}
		if got := powerStates(r.set)[vm.Reference()]; got != types.VirtualMachinePowerStatePoweredOn {
			t.Errorf("concurrent waiter %d after power on: power state update %q, want poweredOn", i, got)
		}
	}

	// Nothing changed since: a non-blocking wait returns no update.
	set, err := waitEx(ctx, c, versions[0], 0)
	if err != nil {
		t.Fatal(err)
	}
	if set != nil {
		// Version versions[0] was handed on, so it is unknown now and the
		// caller gets everything again: that must still be the current state.
		if got := powerStates(set)[vm.Reference()]; got != types.VirtualMachinePowerStatePoweredOn {
			t.Errorf("wait with a consumed version: %q, want the current state poweredOn", got)
		}
	}
}

// A caller that continues with the version it was given sees no update
// until something changes, and MaxWaitSeconds = 0 returns at once.
func TestNoUpdateWithoutChange(t *testing.T) {
	ctx, c, vms := startSim(t)
	watchPowerState(ctx, t, c, vms[0])
	set, err := waitEx(ctx, c, "", -1)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	next, err := waitEx(ctx, c, set.Version, 0)
	if err != nil {
		t.Fatal(err)
	}
	if next != nil {
		t.Errorf("update without a change: %+v", next)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("MaxWaitSeconds=0 took %s", d)
	}
	next, err = waitEx(ctx, c, set.Version, 1)
	if err != nil || next != nil {
		t.Errorf("MaxWaitSeconds=1 without a change: %+v, %v; want nil, nil", next, err)
	}
}

// CancelWaitForUpdates ends a blocked wait with RequestCanceled.
func TestCancelWaitForUpdates(t *testing.T) {
	ctx, c, vms := startSim(t)
	watchPowerState(ctx, t, c, vms[0])
	set, err := waitEx(ctx, c, "", -1)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := waitEx(ctx, c, set.Version, -1)
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	if _, err := methods.CancelWaitForUpdates(ctx, c.Client, &types.CancelWaitForUpdates{This: c.ServiceContent.PropertyCollector}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if !fault.Is(err, &types.RequestCanceled{}) {
			t.Errorf("cancelled wait: err %v, want RequestCanceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the wait did not end after CancelWaitForUpdates")
	}
}

// An object that is destroyed leaves the filter instead of failing the wait.
func TestDestroyedObjectLeaves(t *testing.T) {
	ctx, c, vms := startSim(t)
	vm := vms[0]
	powerOff(ctx, t, vm)
	watchPowerState(ctx, t, c, vm)
	set, err := waitEx(ctx, c, "", -1)
	if err != nil {
		t.Fatal(err)
	}
	tk, err := vm.Destroy(ctx)
	if err == nil {
		err = tk.Wait(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	next, err := waitEx(ctx, c, set.Version, 5)
	if err != nil {
		t.Fatalf("wait after the object was destroyed: %v", err)
	}
	left := false
	if next != nil {
		for _, f := range next.FilterSet {
			for _, o := range f.ObjectSet {
				left = left || (o.Obj == vm.Reference() && (o.Kind == types.ObjectUpdateKindLeave || len(o.MissingSet) > 0))
			}
		}
	}
	if !left {
		t.Errorf("no leave (or missing) update for the destroyed VM: %+v", next)
	}
}

// The provider's pattern: many tasks at once, each waited for through its own
// filter on the one session collector (task.WaitEx with
// property.DefaultCollector: a new client object for the same server-side
// collector each time). Every wait must end.
func TestParallelTaskWaitsOnOneCollector(t *testing.T) {
	ctx, c, vms := startSim(t)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(vms))
	for _, vm := range vms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 4; i++ {
				var ref types.ManagedObjectReference
				if i%2 == 0 {
					tk, err := vm.PowerOff(ctx)
					if err != nil {
						errs <- err
						return
					}
					ref = tk.Reference()
				} else {
					tk, err := vm.PowerOn(ctx)
					if err != nil {
						errs <- err
						return
					}
					ref = tk.Reference()
				}
				if _, err := task.WaitEx(ctx, ref, property.DefaultCollector(c.Client), nil); err != nil {
					errs <- fmt.Errorf("%s, task %d: %w", vm.Name(), i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
