// Package pc replaces the simulator's PropertyCollector wait methods so that
// concurrent waiters on one collector all see every change (see Collector).
package pc

import (
	"reflect"
	"strconv"
	"sync"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// Concurrent WaitForUpdatesEx on one PropertyCollector.
//
// The provider waits for every task with
//
//	task.WaitEx(ctx, ref, property.DefaultCollector(client), nil)
//
// i.e. all resources of a Terraform run create their own filter on the ONE
// session PropertyCollector and call WaitForUpdatesEx on it concurrently. On
// vCenter each call returns the changes since the caller's own version, for
// all filters. vcsim's implementation is single-consumer: object updates are
// queued in one per-collector list that the first waiter drains (pc.updates =
// nil), and Enter updates are computed once per filter (filter.refs). With
// parallel waits, waiter A consumes (and its client ignores) the completion
// update of task B, and B's caller waits forever. That was the hang of
// parallel vsphere_host creation; it affects any parallel task (VM clone,
// power on, ...) in the same way.
//
// Collector replaces WaitForUpdates(Ex)/CancelWaitForUpdates with vCenter's
// versioned semantics, computed by polling: a version names a snapshot of
// what the caller has seen (filter -> object -> property values); a call
// diffs the current RetrievePropertiesEx result of every filter against the
// caller's snapshot. Nothing is consumed, so concurrent waiters each see
// every change.
type Collector struct {
	*simulator.PropertyCollector

	mu        sync.Mutex
	filters   []types.ManagedObjectReference // created through this wrapper
	seq       int
	snapshots map[string]pcSnapshot
	order     []string      // snapshot versions, oldest first (for pruning)
	cancel    chan struct{} // closed by CancelWaitForUpdates
}

type pcObject struct {
	props   map[string]types.AnyType
	missing []types.MissingProperty
}

// pcSnapshot: filter -> object -> state.
type pcSnapshot map[types.ManagedObjectReference]map[types.ManagedObjectReference]pcObject

// pcMaxSnapshots bounds the versions kept per collector.
const pcMaxSnapshots = 4096

// For returns the session's PropertyCollector wrapper for calls to a
// PropertyCollector, creating it on first use, and nil for any other call. The
// wrapper is stable (it holds the version snapshots) and lives in the session
// registry in place of the session's collector, so the simulator picks it for
// every later method. A Registry.Handler calls For before anything else.
func For(ctx *simulator.Context, m *simulator.Method) *Collector {
	if m.This.Type != "PropertyCollector" || ctx.Session == nil {
		return nil
	}
	switch obj := ctx.Session.Get(m.This).(type) {
	case *Collector:
		return obj
	case *simulator.PropertyCollector:
		w := &Collector{PropertyCollector: obj, snapshots: map[string]pcSnapshot{}, cancel: make(chan struct{})}
		ctx.Session.Registry.Put(w)
		return w
	}
	return nil
}

// CreateFilter serializes vcsim's CreateFilter (an unsynchronized append to
// pc.Filter: parallel waits could lose a filter) and records the filter.
func (pc *Collector) CreateFilter(ctx *simulator.Context, c *types.CreateFilter) soap.HasFault {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	res := pc.PropertyCollector.CreateFilter(ctx, c)
	if body, ok := res.(*methods.CreateFilterBody); ok && body.Res != nil {
		pc.filters = append(pc.filters, body.Res.Returnval)
	}
	return res
}

// filterRefs returns the collector's live filters; destroyed ones (no longer
// in the session registry) are pruned.
func (pc *Collector) filterRefs(ctx *simulator.Context) []*simulator.PropertyFilter {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	var res []*simulator.PropertyFilter
	var live []types.ManagedObjectReference
	seen := map[types.ManagedObjectReference]bool{}
	for i, ref := range append(append([]types.ManagedObjectReference(nil), pc.filters...), pc.Filter...) {
		if seen[ref] {
			continue
		}
		seen[ref] = true
		if f, ok := ctx.Session.Get(ref).(*simulator.PropertyFilter); ok {
			res = append(res, f)
			if i < len(pc.filters) {
				live = append(live, ref)
			}
		}
	}
	pc.filters = live
	return res
}

func (pc *Collector) CancelWaitForUpdates(r *types.CancelWaitForUpdates) soap.HasFault {
	pc.mu.Lock()
	close(pc.cancel)
	pc.cancel = make(chan struct{})
	pc.mu.Unlock()
	return &methods.CancelWaitForUpdatesBody{Res: new(types.CancelWaitForUpdatesResponse)}
}

func (pc *Collector) WaitForUpdates(ctx *simulator.Context, r *types.WaitForUpdates) soap.HasFault {
	body := &methods.WaitForUpdatesBody{}
	set, fault := pc.wait(ctx, r.Version, nil)
	if fault != nil {
		body.Fault_ = simulator.Fault("", fault)
		return body
	}
	body.Res = &types.WaitForUpdatesResponse{}
	if set != nil {
		body.Res.Returnval = *set
	}
	return body
}

func (pc *Collector) WaitForUpdatesEx(ctx *simulator.Context, r *types.WaitForUpdatesEx) soap.HasFault {
	body := &methods.WaitForUpdatesExBody{}
	set, fault := pc.wait(ctx, r.Version, r.Options)
	if fault != nil {
		body.Fault_ = simulator.Fault("", fault)
		return body
	}
	body.Res = &types.WaitForUpdatesExResponse{Returnval: set}
	return body
}

func (pc *Collector) wait(ctx *simulator.Context, version string, opts *types.WaitOptions) (*types.UpdateSet, types.BaseMethodFault) {
	var deadline <-chan time.Time
	once := false
	if opts != nil && opts.MaxWaitSeconds != nil {
		if *opts.MaxWaitSeconds == 0 {
			once = true
		} else if *opts.MaxWaitSeconds > 0 {
			t := time.NewTimer(time.Duration(*opts.MaxWaitSeconds) * time.Second)
			defer t.Stop()
			deadline = t.C
		}
	}
	pc.mu.Lock()
	base, known := pc.snapshots[version]
	cancel := pc.cancel
	pc.mu.Unlock()
	if !known {
		base = pcSnapshot{} // "" (initial call) or an unknown version: report everything
	}

	ticker := time.NewTicker(20 * time.Millisecond)
	defer ticker.Stop()
	for {
		cur, fault := pc.collect(ctx)
		if fault != nil {
			return nil, fault
		}
		updates := diffSnapshots(base, cur)
		// The initial call always returns a version, even without objects.
		if len(updates) > 0 || version == "" {
			return &types.UpdateSet{Version: pc.store(version, cur), FilterSet: updates}, nil
		}
		if once {
			return nil, nil
		}
		select {
		case <-ticker.C:
		case <-deadline:
			return nil, nil // MaxWaitSeconds exceeded
		case <-cancel:
			return nil, new(types.RequestCanceled)
		}
		if ctx.Session.Registry.Get(pc.Self) != pc {
			return nil, &types.ManagedObjectNotFound{Obj: pc.Self} // collector destroyed
		}
	}
}

// store records cur as a new version and forgets the caller's old one (each
// version is handed to exactly one caller, which continues with the new one).
func (pc *Collector) store(old string, cur pcSnapshot) string {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.seq++
	v := "rz-" + strconv.Itoa(pc.seq)
	delete(pc.snapshots, old)
	pc.snapshots[v] = cur
	pc.order = append(pc.order, v)
	for len(pc.order) > pcMaxSnapshots { // abandoned versions (e.g. after MaxWaitSeconds)
		delete(pc.snapshots, pc.order[0])
		pc.order = pc.order[1:]
	}
	return v
}

// collect retrieves the current state of every filter of the collector.
func (pc *Collector) collect(ctx *simulator.Context) (pcSnapshot, types.BaseMethodFault) {
	snap := pcSnapshot{}
	for _, f := range pc.filterRefs(ctx) {
		ref := f.Self
		spec := f.Spec
		// A deleted object leaves the filter instead of failing the wait.
		spec.ReportMissingObjectsInResults = types.NewBool(true)
		res := pc.PropertyCollector.RetrievePropertiesEx(ctx, &types.RetrievePropertiesEx{SpecSet: []types.PropertyFilterSpec{spec}})
		if fault := res.Fault(); fault != nil {
			if f, ok := fault.Detail.Fault.(types.BaseMethodFault); ok {
				return nil, f
			}
			return nil, &types.SystemError{Reason: fault.String}
		}
		objs := map[types.ManagedObjectReference]pcObject{}
		if rv := res.(*methods.RetrievePropertiesExBody).Res.Returnval; rv != nil {
			for _, o := range rv.Objects {
				props := map[string]types.AnyType{}
				for _, p := range o.PropSet {
					props[p.Name] = p.Val
				}
				objs[o.Obj] = pcObject{props: props, missing: o.MissingSet}
			}
		}
		snap[ref] = objs
	}
	return snap, nil
}

// diffSnapshots returns the updates that turn base into cur.
func diffSnapshots(base, cur pcSnapshot) []types.PropertyFilterUpdate {
	var res []types.PropertyFilterUpdate
	for fref, objs := range cur {
		old := base[fref]
		fu := types.PropertyFilterUpdate{Filter: fref}
		for ref, o := range objs {
			prev, seen := old[ref]
			if !seen {
				ou := types.ObjectUpdate{Obj: ref, Kind: types.ObjectUpdateKindEnter, MissingSet: o.missing}
				for name, val := range o.props {
					ou.ChangeSet = append(ou.ChangeSet, types.PropertyChange{Name: name, Op: types.PropertyChangeOpAssign, Val: val})
				}
				fu.ObjectSet = append(fu.ObjectSet, ou)
				continue
			}
			ou := types.ObjectUpdate{Obj: ref, Kind: types.ObjectUpdateKindModify}
			for name, val := range o.props {
				if pv, ok := prev.props[name]; !ok || !reflect.DeepEqual(pv, val) {
					ou.ChangeSet = append(ou.ChangeSet, types.PropertyChange{Name: name, Op: types.PropertyChangeOpAssign, Val: val})
				}
			}
			for name := range prev.props {
				if _, ok := o.props[name]; !ok { // property became unset
					ou.ChangeSet = append(ou.ChangeSet, types.PropertyChange{Name: name, Op: types.PropertyChangeOpAssign})
				}
			}
			if !reflect.DeepEqual(prev.missing, o.missing) {
				ou.MissingSet = o.missing
			}
			if len(ou.ChangeSet) > 0 || len(ou.MissingSet) > 0 {
				fu.ObjectSet = append(fu.ObjectSet, ou)
			}
		}
		for ref := range old {
			if _, ok := objs[ref]; !ok {
				fu.ObjectSet = append(fu.ObjectSet, types.ObjectUpdate{Obj: ref, Kind: types.ObjectUpdateKindLeave})
			}
		}
		if len(fu.ObjectSet) > 0 {
			res = append(res, fu)
		}
	}
	return res
}
