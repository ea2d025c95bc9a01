import { ComplianceRule, ElementView, nonCompliant, notApplicable, compliant, RuleContext, Severity } from "../rule";

/** Desktops are clones of a workstation image; servers are not. */
const isDesktop = (vm: ElementView) => vm.attributes.clone !== undefined;

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
    const others = context.elements.filter((e) => e.type === "vsphere_virtual_machine" && isDesktop(e) !== isDesktop(element));
    const shared = others.filter((other) => networksOf(other, context).some((n) => mine.includes(n)));
    return shared.length === 0
      ? compliant
      : nonCompliant(
          `${isDesktop(element) ? "desktops" : "server"} share ${mine.map((n) => n.address).join(", ")} with ${shared.map((e) => e.address).join(", ")}`,
        );
  },
};
