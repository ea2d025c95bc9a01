package ext

import (
	"context"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/fault"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/types"
)

// The authorisation manager as vsphere_role and vsphere_entity_permissions
// use it (see authz.go for what vcsim does differently).

func authzSetup(t *testing.T) (context.Context, *object.AuthorizationManager, *object.Folder) {
	t.Helper()
	ctx, c := startSim(t)
	return ctx, object.NewAuthorizationManager(c.Client), tenantFolder(ctx, t, c, "tenant")
}

// tenantFolder creates a VM folder below DC0's vm folder.
func tenantFolder(ctx context.Context, t *testing.T, c *govmomi.Client, name string) *object.Folder {
	t.Helper()
	vmFolder, err := finder(ctx, t, c).Folder(ctx, "vm")
	if err != nil {
		t.Fatal(err)
	}
	f, err := vmFolder.CreateFolder(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func addRole(ctx context.Context, t *testing.T, am *object.AuthorizationManager, name string) int32 {
	t.Helper()
	id, err := am.AddRole(ctx, name, []string{"VirtualMachine.Interact.PowerOn"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func setPermissions(ctx context.Context, t *testing.T, am *object.AuthorizationManager, entity types.ManagedObjectReference, perms ...types.Permission) {
	t.Helper()
	if err := am.SetEntityPermissions(ctx, entity, perms); err != nil {
		t.Fatal(err)
	}
}

// entityPermissions returns the permissions set on entity itself, by principal.
func entityPermissions(ctx context.Context, t *testing.T, am *object.AuthorizationManager, entity types.ManagedObjectReference) map[string]types.Permission {
	t.Helper()
	perms, err := am.RetrieveEntityPermissions(ctx, entity, false)
	if err != nil {
		t.Fatal(err)
	}
	res := map[string]types.Permission{}
	for _, p := range perms {
		key := p.Principal
		if p.Group {
			key = "group:" + key
		}
		if _, dup := res[key]; dup {
			t.Errorf("two permissions for %s on %s", key, entity)
		}
		res[key] = p
	}
	return res
}

func group(name string, role int32) types.Permission {
	return types.Permission{Principal: name, Group: true, RoleId: role, Propagate: true}
}

func TestAddRoleReturnsTheNewRolesID(t *testing.T) {
	ctx, am, _ := authzSetup(t)
	a := addRole(ctx, t, am, "rz-tenant-a")
	b := addRole(ctx, t, am, "rz-tenant-b")
	// vcsim numbers new roles from 0 but answers 0 for every one of them;
	// the second role tells the two apart.
	if a == b {
		t.Fatalf("role ids: a=%d b=%d, want two distinct ids", a, b)
	}
	roles, err := am.RoleList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, id := range map[string]int32{"rz-tenant-a": a, "rz-tenant-b": b} {
		if r := roles.ByName(name); r == nil || r.RoleId != id {
			t.Errorf("role %s: returned id %d, role list has %+v", name, id, r)
		}
	}
}

func TestSetEntityPermissionsMergesByPrincipal(t *testing.T) {
	ctx, am, f := authzSetup(t)
	admin := addRole(ctx, t, am, "rz-admin")
	ops := addRole(ctx, t, am, "rz-ops")
	ref := f.Reference()

	setPermissions(ctx, t, am, ref, group(`RZ\admins`, admin))
	setPermissions(ctx, t, am, ref, group(`RZ\ops`, ops))
	got := entityPermissions(ctx, t, am, ref)
	if len(got) != 2 || got[`group:RZ\admins`].RoleId != admin || got[`group:RZ\ops`].RoleId != ops {
		t.Fatalf("after two calls for two groups: %+v, want both groups kept", got)
	}
	for k, p := range got {
		if p.Entity == nil || *p.Entity != ref {
			t.Errorf("%s: entity %v, want %v", k, p.Entity, ref)
		}
	}

	// The same principal (names compare case-insensitively) is replaced ...
	setPermissions(ctx, t, am, ref, group(`rz\ADMINS`, ops))
	got = entityPermissions(ctx, t, am, ref)
	if len(got) != 2 || got[`group:rz\ADMINS`].RoleId != ops {
		t.Fatalf("after re-setting the admins group: %+v, want 2 permissions, admins with role %d", got, ops)
	}
	// ... a user of the same name is another principal.
	setPermissions(ctx, t, am, ref, types.Permission{Principal: `RZ\ops`, RoleId: admin})
	if got = entityPermissions(ctx, t, am, ref); len(got) != 3 || got[`RZ\ops`].RoleId != admin || got[`group:RZ\ops`].RoleId != ops {
		t.Fatalf("after adding a user named like a group: %+v", got)
	}
}

func TestSetEntityPermissionsFaults(t *testing.T) {
	ctx, am, f := authzSetup(t)
	role := addRole(ctx, t, am, "rz-admin")
	ref := f.Reference()
	setPermissions(ctx, t, am, ref, group(`RZ\admins`, role))

	err := am.SetEntityPermissions(ctx, ref, []types.Permission{group(`RZ\ops`, 987654)})
	if !fault.Is(err, &types.NotFound{}) {
		t.Errorf("unknown role: err %v, want NotFound", err)
	}
	if got := entityPermissions(ctx, t, am, ref); len(got) != 1 {
		t.Errorf("a refused call changed the permissions: %+v", got)
	}
	missing := types.ManagedObjectReference{Type: "Folder", Value: "group-v987654"}
	if err := am.SetEntityPermissions(ctx, missing, []types.Permission{group(`RZ\ops`, role)}); !fault.Is(err, &types.ManagedObjectNotFound{}) {
		t.Errorf("unknown entity: err %v, want ManagedObjectNotFound", err)
	}
	if _, err := am.RetrieveEntityPermissions(ctx, missing, false); !fault.Is(err, &types.ManagedObjectNotFound{}) {
		t.Errorf("retrieve for an unknown entity: err %v, want ManagedObjectNotFound", err)
	}
	if err := am.RemoveEntityPermission(ctx, missing, `RZ\admins`, true); !fault.Is(err, &types.ManagedObjectNotFound{}) {
		t.Errorf("remove on an unknown entity: err %v, want ManagedObjectNotFound", err)
	}
}

func TestRemoveEntityPermission(t *testing.T) {
	ctx, am, f := authzSetup(t)
	role := addRole(ctx, t, am, "rz-admin")
	ref := f.Reference()
	setPermissions(ctx, t, am, ref, group(`RZ\admins`, role), group(`RZ\ops`, role))

	// Only the group of that name: a user RZ\admins has no permission here.
	if err := am.RemoveEntityPermission(ctx, ref, `RZ\admins`, false); !fault.Is(err, &types.NotFound{}) {
		t.Errorf("removing a permission that does not exist: err %v, want NotFound", err)
	}
	if err := am.RemoveEntityPermission(ctx, ref, `rz\admins`, true); err != nil {
		t.Fatal(err)
	}
	got := entityPermissions(ctx, t, am, ref)
	if len(got) != 1 || got[`group:RZ\ops`].RoleId != role {
		t.Errorf("after removing the admins group: %+v, want only RZ\\ops", got)
	}
}

func TestRemoveRoleHonoursFailIfUsed(t *testing.T) {
	ctx, am, f := authzSetup(t)
	used := addRole(ctx, t, am, "rz-used")
	other := addRole(ctx, t, am, "rz-other")
	ref := f.Reference()
	setPermissions(ctx, t, am, ref, group(`RZ\admins`, used), group(`RZ\ops`, other))

	if err := am.RemoveRole(ctx, used, true); !fault.Is(err, &types.RemoveFailed{}) {
		t.Fatalf("failIfUsed on a used role: err %v, want RemoveFailed", err)
	}
	roles, err := am.RoleList(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if roles.ById(used) == nil {
		t.Fatal("the refused removal removed the role")
	}

	if err := am.RemoveRole(ctx, used, false); err != nil {
		t.Fatal(err)
	}
	if roles, _ = am.RoleList(ctx); roles.ById(used) != nil {
		t.Error("role still listed after its removal")
	}
	got := entityPermissions(ctx, t, am, ref)
	if len(got) != 1 || got[`group:RZ\ops`].RoleId != other {
		t.Errorf("after removing the role: %+v, want only the other role's permission", got)
	}
}

func TestPermissionsLeaveWithTheirEntity(t *testing.T) {
	ctx, c := startSim(t)
	am := object.NewAuthorizationManager(c.Client)
	role := addRole(ctx, t, am, "rz-admin")
	gone := tenantFolder(ctx, t, c, "gone")
	kept := tenantFolder(ctx, t, c, "kept")
	setPermissions(ctx, t, am, gone.Reference(), group(`RZ\admins`, role))
	setPermissions(ctx, t, am, kept.Reference(), group(`RZ\admins`, role))

	task, err := gone.Destroy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := task.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	perms, err := am.RetrieveRolePermissions(ctx, role)
	if err != nil {
		t.Fatal(err)
	}
	if len(perms) != 1 || perms[0].Entity == nil || *perms[0].Entity != kept.Reference() {
		t.Errorf("role permissions after destroying %s: %+v, want only the one on %s", gone.Reference(), perms, kept.Reference())
	}
	// The role is free again once the remaining entity goes too.
	if task, err = kept.Destroy(ctx); err == nil {
		err = task.Wait(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := am.RemoveRole(ctx, role, true); err != nil {
		t.Errorf("removing the role after its entities left: %v", err)
	}
}
