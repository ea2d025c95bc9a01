/**
 * Adoption of objects that already exist in vCenter (`npm run adopt`).
 *
 * An adopted environment file carries `adopt.imports`: for every object the
 * reader found, its key here and the id the vmware/vsphere provider imports
 * it by (an inventory path, a managed object id, a library UUID, or the JSON
 * its import documentation asks for). The stacks look every object up by the
 * same key and write an `import` block for it, so the first deploy takes it
 * into state instead of creating it; objects without a key are created as
 * usual. Once deployed, the blocks are no-ops (the objects are in state) and
 * the section may be removed, except library items: an adopted item ignores
 * its OVF URL (vCenter does not report it) while its key is listed.
 *
 * Keys name config objects, not Terraform addresses, so they stay readable
 * and survive refactoring of the stacks: `cluster/<id>`, `host/<name>`,
 * `workload/<tenant>/<id>`, `desktops/<tenant>/<site>` (a list: one id per
 * desktop, `-001` first) and so on below.
 */
import { Environment } from "./schema";

export const adoptionKeys = {
  datacenter: "datacenter",
  cluster: (clusterId: string) => `cluster/${clusterId}`,
  host: (hostname: string) => `host/${hostname}`,
  datastore: (clusterId: string) => `datastore/${clusterId}`,
  tagCategory: (kind: string) => `tag-category/${kind}`,
  tag: (kind: string, name: string) => `tag/${kind}/${name}`,
  switch: "switch",
  network: (networkId: string) => `network/${networkId}`,
  siteNetwork: (tenantId: string, siteId: string) => `site-network/${tenantId}/${siteId}`,
  library: "library",
  libraryItem: (imageKey: string) => `library-item/${imageKey}`,
  folder: (tenantId: string, sub?: "desktops" | "servers") => `folder/${tenantId}${sub ? `/${sub}` : ""}`,
  resourcePool: (tenantId: string, clusterId: string) => `resource-pool/${tenantId}/${clusterId}`,
  workload: (tenantId: string, workloadId: string) => `workload/${tenantId}/${workloadId}`,
  haOverride: (tenantId: string, workloadId: string) => `ha-override/${tenantId}/${workloadId}`,
  antiAffinity: (tenantId: string, group: string) => `anti-affinity/${tenantId}/${group}`,
  desktops: (tenantId: string, siteId: string) => `desktops/${tenantId}/${siteId}`,
};

/** The provider's import id of one adopted object, if the environment adopts it. */
export function importIdOf(env: Environment, key: string): string | undefined {
  const id = env.adopt?.imports[key];
  return typeof id === "string" ? id : undefined;
}

/** The import ids of a site's desktops, one per count index, if the environment adopts them. */
export function desktopImportIds(env: Environment, tenantId: string, siteId: string): readonly string[] {
  const ids = env.adopt?.imports[adoptionKeys.desktops(tenantId, siteId)];
  return Array.isArray(ids) ? ids : [];
}

/** Import ids in the provider's formats (see the vmware/vsphere provider's import documentation per resource). */
export const providerImportIds = {
  /** vsphere_tag: the category's and the tag's names. */
  tag: (categoryName: string, tagName: string) => JSON.stringify({ category_name: categoryName, tag_name: tagName }),
  /** vsphere_ha_vm_override: the cluster's and the VM's inventory paths. */
  haOverride: (clusterPath: string, vmPath: string) => JSON.stringify({ compute_cluster_path: clusterPath, virtual_machine_path: vmPath }),
  /** vsphere_compute_cluster_vm_anti_affinity_rule: the cluster's path and the rule's name. */
  clusterRule: (clusterPath: string, name: string) => JSON.stringify({ compute_cluster_path: clusterPath, name }),
};
