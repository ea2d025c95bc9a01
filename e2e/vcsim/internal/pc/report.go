package pc

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// ReportAs, when set, names the reference a client is shown for an object the
// simulator registered under another one. vCenter types every distributed
// switch VmwareDistributedVirtualSwitch; vcsim registers them as
// DistributedVirtualSwitch and its internals rely on that, so the extensions
// (ext.Install) keep vcsim's registration, add an alias, and let the retrieve
// methods below report the alias. Only the objects' references and
// reference-valued properties (childEntity, parent, ...) are rewritten, in the
// results' own copies: nested references inside data objects stay vcsim's,
// and so do WaitForUpdates results (tasks only, for the provider).
var ReportAs func(ctx *simulator.Context, ref types.ManagedObjectReference) types.ManagedObjectReference

// RetrieveProperties reports vcsim's result with ReportAs applied.
func (pc *Collector) RetrieveProperties(ctx *simulator.Context, r *types.RetrieveProperties) soap.HasFault {
	res := pc.PropertyCollector.RetrieveProperties(ctx, r)
	if body, ok := res.(*methods.RetrievePropertiesBody); ok && body.Res != nil {
		reportAs(ctx, body.Res.Returnval)
	}
	return res
}

// RetrievePropertiesEx reports vcsim's result with ReportAs applied.
func (pc *Collector) RetrievePropertiesEx(ctx *simulator.Context, r *types.RetrievePropertiesEx) soap.HasFault {
	res := pc.PropertyCollector.RetrievePropertiesEx(ctx, r)
	if body, ok := res.(*methods.RetrievePropertiesExBody); ok && body.Res != nil && body.Res.Returnval != nil {
		reportAs(ctx, body.Res.Returnval.Objects)
	}
	return res
}

// ContinueRetrievePropertiesEx reports vcsim's result with ReportAs applied.
func (pc *Collector) ContinueRetrievePropertiesEx(ctx *simulator.Context, r *types.ContinueRetrievePropertiesEx) soap.HasFault {
	res := pc.PropertyCollector.ContinueRetrievePropertiesEx(ctx, r)
	if body, ok := res.(*methods.ContinueRetrievePropertiesExBody); ok && body.Res != nil {
		reportAs(ctx, body.Res.Returnval.Objects)
	}
	return res
}

// reportAs rewrites the objects' references and their reference-valued
// properties in place; slices are replaced, never written into, because they
// may be the simulator's own (a folder's childEntity).
func reportAs(ctx *simulator.Context, objects []types.ObjectContent) {
	if ReportAs == nil {
		return
	}
	for i := range objects {
		objects[i].Obj = ReportAs(ctx, objects[i].Obj)
		for j := range objects[i].PropSet {
			switch v := objects[i].PropSet[j].Val.(type) {
			case types.ManagedObjectReference:
				objects[i].PropSet[j].Val = ReportAs(ctx, v)
			case *types.ManagedObjectReference:
				if v != nil {
					ref := ReportAs(ctx, *v)
					objects[i].PropSet[j].Val = &ref
				}
			case types.ArrayOfManagedObjectReference:
				refs := make([]types.ManagedObjectReference, len(v.ManagedObjectReference))
				for k, ref := range v.ManagedObjectReference {
					refs[k] = ReportAs(ctx, ref)
				}
				objects[i].PropSet[j].Val = types.ArrayOfManagedObjectReference{ManagedObjectReference: refs}
			}
		}
	}
}
