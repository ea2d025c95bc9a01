/**
 * The resource kinds whose loss hurts: constructs mark them `prevent_destroy`
 * (constructs/protection.ts), the plan report warns before a destroy or
 * replacement of one. A leaf module: it imports nothing.
 */

/** Terraform resource type → the operator's word for it. */
export const PROTECTED_RESOURCE_KINDS: Readonly<Record<string, string>> = {
  vsphere_datacenter: "datacenter",
  vsphere_compute_cluster: "cluster",
  vsphere_host: "ESXi host",
  vsphere_nas_datastore: "datastore",
  vsphere_distributed_virtual_switch: "distributed switch",
  vsphere_distributed_port_group: "port group",
  vsphere_content_library: "content library",
};

/** Application servers (Verfahren) are protected VMs; desktops are not (a rollout re-clones them). */
export const PROTECTED_VM_KIND = "application server";
