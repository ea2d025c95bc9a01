package ext

import (
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// authzExt extends simulator.AuthorizationManager with what vsphere_role and
// vsphere_entity_permissions (provider 2.15.0) rely on and vcsim gets wrong:
//
//   - AddAuthorizationRole returns the new role's id (vcsim returns 0 for
//     every role, so the provider tracked each role under id 0);
//   - SetEntityPermissions merges by principal like vCenter (vcsim replaces
//     the entity's whole list), records the entity on each permission and
//     rejects unknown entities and roles;
//   - RemoveEntityPermission fails with NotFound for a permission that does
//     not exist; RetrieveEntityPermissions with ManagedObjectNotFound for an
//     unknown entity (vcsim panics);
//   - RemoveAuthorizationRole honours failIfUsed, and otherwise takes the
//     role's permissions with it;
//   - an entity's permissions go when the entity is removed (registryHooks).
//
// Principals are not checked against a directory: the simulator has none for
// the tenants' groups (vCenter would answer UserNotFound for an unknown one).
// Calls on the AuthorizationManager are serialised by the simulator's lock
// on its reference, which the wrapper shares.
type authzExt struct {
	*simulator.AuthorizationManager
	ext *Extensions
}

func samePrincipal(a types.Permission, user string, group bool) bool {
	return a.Group == group && strings.EqualFold(a.Principal, user)
}

// entityPermissions is a copy of the permissions set on the entity itself.
func (a *authzExt) entityPermissions(ctx *simulator.Context, entity types.ManagedObjectReference) []types.Permission {
	res := a.AuthorizationManager.RetrieveEntityPermissions(ctx, &types.RetrieveEntityPermissions{Entity: entity})
	return append([]types.Permission(nil), res.(*methods.RetrieveEntityPermissionsBody).Res.Returnval...)
}

func (a *authzExt) roleExists(id int32) bool {
	for _, r := range a.RoleList {
		if r.RoleId == id {
			return true
		}
	}
	return false
}

func isEntity(ctx *simulator.Context, ref types.ManagedObjectReference) bool {
	_, ok := ctx.Map.Get(ref).(mo.Entity)
	return ok
}

func (a *authzExt) AddAuthorizationRole(ctx *simulator.Context, req *types.AddAuthorizationRole) soap.HasFault {
	body := a.AuthorizationManager.AddAuthorizationRole(req).(*methods.AddAuthorizationRoleBody)
	if body.Fault_ != nil {
		return body
	}
	for _, r := range a.RoleList {
		if r.Name == req.Name {
			body.Res.Returnval = r.RoleId
		}
	}
	return body
}

func (a *authzExt) RemoveAuthorizationRole(ctx *simulator.Context, req *types.RemoveAuthorizationRole) soap.HasFault {
	used := a.AuthorizationManager.RetrieveRolePermissions(&types.RetrieveRolePermissions{RoleId: req.RoleId}).(*methods.RetrieveRolePermissionsBody).Res.Returnval
	if len(used) > 0 && req.FailIfUsed {
		return &methods.RemoveAuthorizationRoleBody{Fault_: simulator.Fault("role is used by permissions", &types.RemoveFailed{})}
	}
	body := a.AuthorizationManager.RemoveAuthorizationRole(req).(*methods.RemoveAuthorizationRoleBody)
	if body.Fault_ != nil {
		return body
	}
	for _, p := range used {
		if p.Entity == nil {
			continue
		}
		var keep []types.Permission
		for _, q := range a.entityPermissions(ctx, *p.Entity) {
			if q.RoleId != req.RoleId {
				keep = append(keep, q)
			}
		}
		a.AuthorizationManager.SetEntityPermissions(&types.SetEntityPermissions{Entity: *p.Entity, Permission: keep})
	}
	return body
}

func (a *authzExt) SetEntityPermissions(ctx *simulator.Context, req *types.SetEntityPermissions) soap.HasFault {
	if !isEntity(ctx, req.Entity) {
		return &methods.SetEntityPermissionsBody{Fault_: simulator.Fault("", &types.ManagedObjectNotFound{Obj: req.Entity})}
	}
	merged := a.entityPermissions(ctx, req.Entity)
	for _, p := range req.Permission {
		if !a.roleExists(p.RoleId) {
			return &methods.SetEntityPermissionsBody{Fault_: simulator.Fault("", &types.NotFound{})}
		}
		entity := req.Entity
		p.Entity = &entity
		replaced := false
		for i := range merged {
			if samePrincipal(merged[i], p.Principal, p.Group) {
				merged[i], replaced = p, true
			}
		}
		if !replaced {
			merged = append(merged, p)
		}
	}
	return a.AuthorizationManager.SetEntityPermissions(&types.SetEntityPermissions{Entity: req.Entity, Permission: merged})
}

func (a *authzExt) RemoveEntityPermission(ctx *simulator.Context, req *types.RemoveEntityPermission) soap.HasFault {
	if !isEntity(ctx, req.Entity) {
		return &methods.RemoveEntityPermissionBody{Fault_: simulator.Fault("", &types.ManagedObjectNotFound{Obj: req.Entity})}
	}
	var keep []types.Permission
	found := false
	for _, p := range a.entityPermissions(ctx, req.Entity) {
		if samePrincipal(p, req.User, req.IsGroup) {
			found = true
			continue
		}
		keep = append(keep, p)
	}
	if !found {
		return &methods.RemoveEntityPermissionBody{Fault_: simulator.Fault("no permission for "+req.User, &types.NotFound{})}
	}
	a.AuthorizationManager.SetEntityPermissions(&types.SetEntityPermissions{Entity: req.Entity, Permission: keep})
	return &methods.RemoveEntityPermissionBody{Res: &types.RemoveEntityPermissionResponse{}}
}

func (a *authzExt) RetrieveEntityPermissions(ctx *simulator.Context, req *types.RetrieveEntityPermissions) soap.HasFault {
	if !isEntity(ctx, req.Entity) {
		return &methods.RetrieveEntityPermissionsBody{Fault_: simulator.Fault("", &types.ManagedObjectNotFound{Obj: req.Entity})}
	}
	return a.AuthorizationManager.RetrieveEntityPermissions(ctx, req)
}

// dropPermissions removes the permissions set on an entity that leaves the
// inventory, as vCenter does (called by registryHooks).
func dropPermissions(ctx *simulator.Context, model *simulator.Model, ref types.ManagedObjectReference) {
	if !isEntity(ctx, ref) {
		return
	}
	am, ok := ctx.Map.Get(*model.ServiceContent.AuthorizationManager).(*simulator.AuthorizationManager)
	if !ok {
		return
	}
	ctx.WithLock(am, func() {
		a := &authzExt{AuthorizationManager: am}
		if len(a.entityPermissions(ctx, ref)) > 0 {
			am.SetEntityPermissions(&types.SetEntityPermissions{Entity: ref})
		}
	})
}
