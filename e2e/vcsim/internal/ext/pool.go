package ext

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// poolExt extends simulator.ResourcePool.
type poolExt struct {
	*simulator.ResourcePool
	ext *Extensions
}

// completeAllocation fills unset allocation fields with vCenter's defaults.
// The provider omits false booleans and zero reservations, which vcsim
// rejects with InvalidArgument.
func completeAllocation(a *types.ResourceAllocationInfo) {
	if a.Reservation == nil {
		a.Reservation = types.NewInt64(0)
	}
	if a.Limit == nil {
		a.Limit = types.NewInt64(-1)
	}
	if a.ExpandableReservation == nil {
		a.ExpandableReservation = types.NewBool(false)
	}
	if a.Shares == nil {
		a.Shares = &types.SharesInfo{Level: types.SharesLevelNormal}
	}
}

func (p *poolExt) CreateResourcePool(ctx *simulator.Context, req *types.CreateResourcePool) soap.HasFault {
	completeAllocation(&req.Spec.CpuAllocation)
	completeAllocation(&req.Spec.MemoryAllocation)
	res := p.ResourcePool.CreateResourcePool(ctx, req)
	// vcsim reports scaleDescendantsShares "disabled" even when not requested.
	if body, ok := res.(*methods.CreateResourcePoolBody); ok && body.Res != nil && req.Spec.ScaleDescendantsShares == "" {
		if child, ok := ctx.Map.Get(body.Res.Returnval).(*simulator.ResourcePool); ok {
			child.Config.ScaleDescendantsShares = ""
		}
	}
	return res
}
