import { Construct } from "constructs";
import { Role } from "@cdktf/provider-vsphere/lib/role";
import { EntityPermissions } from "@cdktf/provider-vsphere/lib/entity-permissions";

/** vCenter's built-in read-only role. */
export const READ_ONLY_ROLE_ID = "-2";

/** What a tenant's own administrators may do with their desktops: use the console and switch them on and off. */
export const DESKTOP_OPERATOR_PRIVILEGES: readonly string[] = [
  "VirtualMachine.Interact.ConsoleInteract",
  "VirtualMachine.Interact.PowerOn",
  "VirtualMachine.Interact.PowerOff",
  "VirtualMachine.Interact.Reset",
  "VirtualMachine.Interact.Suspend",
];

export interface TenantAccessProps {
  /** Tenant id, names the role. */
  readonly tenantId: string;
  /** Directory group of the tenant's administrators, e.g. `DITHMARSCHEN\\vsphere-desktop-admins`. */
  readonly adminGroup: string;
  /** The tenant's desktop folder: console and power operations, inherited by every desktop. */
  readonly desktopFolderId: string;
  /** Objects the tenant may see but not change (its root and server folders, its resource pools). */
  readonly readOnly: readonly { readonly entityId: string; readonly entityType: "Folder" | "ResourcePool" }[];
}

/**
 * Least privilege for a tenant's administrators: a role with console and
 * power operations granted on the tenant's desktop folder only, and the
 * built-in read-only role on the tenant's other objects. Nothing shared
 * between tenants is granted.
 */
export class TenantAccess extends Construct {
  public readonly roleId: string;

  constructor(scope: Construct, id: string, props: TenantAccessProps) {
    super(scope, id);
    const role = new Role(this, "role", {
      name: `rz-${props.tenantId}-desktop-operator`,
      rolePrivileges: [...DESKTOP_OPERATOR_PRIVILEGES],
    });
    this.roleId = role.id;
    const grant = (scopeId: string, entityId: string, entityType: string, roleId: string) =>
      new EntityPermissions(this, scopeId, {
        entityId,
        entityType,
        permissions: [{ userOrGroup: props.adminGroup, isGroup: true, propagate: true, roleId }],
      });
    grant("desktops", props.desktopFolderId, "Folder", role.id);
    props.readOnly.forEach((entity, index) => grant(`read-only-${index}`, entity.entityId, entity.entityType, READ_ONLY_ROLE_ID));
  }
}
