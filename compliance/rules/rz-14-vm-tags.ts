import { ComplianceRule, ElementView, isDesktop, nonCompliant, compliant, RuleContext, Severity } from "../rule";

/** Tag category kinds, by the name suffix of their category (`rz-tenant`, ...). */
function tagKinds(vm: ElementView, context: RuleContext): Set<string> {
  const tags: unknown[] = Array.isArray(vm.attributes.tags) ? vm.attributes.tags : [];
  const kinds = new Set<string>();
  for (const reference of tags) {
    const tag = context.resolve(vm, reference);
    if (tag?.type !== "vsphere_tag") continue;
    const category = context.resolve(tag, tag.attributes.category_id);
    const name = category?.attributes.name;
    if (typeof name === "string") kinds.add(name.replace(/^.*?-/, ""));
  }
  return kinds;
}

/** RZ-14: every VM carries tenant and role tags; desktops also site, image-version and wave. */
export const vmTagsRule: ComplianceRule = {
  id: "RZ-14",
  title: "VMs are tagged with tenant and role; desktops with site, image version and wave",
  requirements: ["OPS.1.1.3.A15", "SYS.2.1.A3"],
  vmwareControl: "Inventory: classify VMs for patch and change management",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_virtual_machine"],
  check(element, context) {
    const required = isDesktop(element) ? ["tenant", "role", "site", "image-version", "wave"] : ["tenant", "role"];
    const kinds = tagKinds(element, context);
    const missing = required.filter((k) => !kinds.has(k));
    return missing.length === 0 ? compliant : nonCompliant(`missing tag(s): ${missing.join(", ")}`);
  },
};
