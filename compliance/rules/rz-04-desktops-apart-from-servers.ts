import { ComplianceRule, ElementView, isDesktop, nonCompliant, notApplicable, compliant, RuleContext, Severity } from "../rule";

function networksOf(vm: ElementView, context: RuleContext): ElementView[] {
  const nics = Array.isArray(vm.attributes.network_interface) ? vm.attributes.network_interface : [];
  return nics
    .map((nic: { network_id?: unknown }) => context.resolve(vm, nic.network_id))
    .filter((e: ElementView | undefined): e is ElementView => !!e);
}

/** RZ-04: desktops and servers never share a port group. */
export const desktopsApartFromServersRule: ComplianceRule = {
  id: "RZ-04",
  title: "Desktops and servers never share a port group",
  requirements: ["SYS.1.5.A11", "NET.1.1.A5"],
  vmwareControl: "vNetwork: separate VM traffic by trust zone",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_virtual_machine"],
  check(element, context) {
    const mine = networksOf(element, context);
    if (mine.length === 0) return notApplicable;
    // Which VMs sit on each port group, computed once for all VMs.
    const users = context.memo("rz-04:port-group-users", () => {
      const map = new Map<ElementView, ElementView[]>();
      for (const vm of context.elements.filter((e) => e.type === "vsphere_virtual_machine")) {
        for (const network of networksOf(vm, context)) map.set(network, [...(map.get(network) ?? []), vm]);
      }
      return map;
    });
    const shared = [...new Set(mine.flatMap((n) => users.get(n) ?? []))].filter((other) => isDesktop(other) !== isDesktop(element));
    return shared.length === 0
      ? compliant
      : nonCompliant(
          `${isDesktop(element) ? "desktops" : "server"} share ${mine.map((n) => n.address).join(", ")} with ${shared.map((e) => e.address).join(", ")}`,
        );
  },
};
