import { Testing } from "cdktf";
import { EntityPermissions } from "@cdktf/provider-vsphere/lib/entity-permissions";
import { Role } from "@cdktf/provider-vsphere/lib/role";
import { DESKTOP_OPERATOR_PRIVILEGES, READ_ONLY_ROLE_ID, TenantAccess } from "../../constructs/tenant-access";
import { defaultDocument, envFrom, synthToDir, stackJson } from "../helpers";

describe("TenantAccess", () => {
  const synth = Testing.synthScope(
    (scope) =>
      new TenantAccess(scope, "access", {
        tenantId: "amt-marne",
        adminGroup: "MARNE\\vsphere-admins",
        desktopFolderId: "group-v10",
        readOnly: [{ entityId: "resgroup-7", entityType: "ResourcePool" }],
      }),
  );

  test("grants console and power operations on the tenant's desktop folder only", () => {
    expect(synth).toHaveResourceWithProperties(Role, {
      name: "rz-amt-marne-desktop-operator",
      role_privileges: [...DESKTOP_OPERATOR_PRIVILEGES],
    });
    expect(DESKTOP_OPERATOR_PRIVILEGES.every((p) => p.startsWith("VirtualMachine.Interact."))).toBe(true);
    expect(synth).toHaveResourceWithProperties(EntityPermissions, {
      entity_id: "group-v10",
      entity_type: "Folder",
      permissions: [expect.objectContaining({ user_or_group: "MARNE\\vsphere-admins", is_group: true, propagate: true })],
    });
  });

  test("grants only read access on the tenant's other objects", () => {
    expect(synth).toHaveResourceWithProperties(EntityPermissions, {
      entity_id: "resgroup-7",
      entity_type: "ResourcePool",
      permissions: [{ user_or_group: "MARNE\\vsphere-admins", is_group: true, propagate: true, role_id: READ_ONLY_ROLE_ID }],
    });
  });

  test("a tenant with an admin group gets its role and permissions in its own stack", () => {
    const doc = defaultDocument();
    doc.tenants[0].adminGroup = "DITHMARSCHEN\\vsphere-desktop-admins";
    const tenant = stackJson(synthToDir(envFrom(doc)), "tenant-kreis-dithmarschen");
    expect(Object.keys(tenant.resource.vsphere_role)).toEqual(["access_role"]);
    // desktop folder + root folder + server folder + one pool per cluster
    expect(Object.keys(tenant.resource.vsphere_entity_permissions)).toHaveLength(5);
  });
});
