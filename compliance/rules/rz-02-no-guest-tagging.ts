import { inRange, showRange, VLAN_RANGE } from "../../domain/ranges";
import { ComplianceRule, Severity, verdictOf } from "../rule";

/** RZ-02: port groups carry exactly one VLAN: no VLAN 4095 (guest tagging), no trunk ranges, no VLAN 0. */
export const noGuestTaggingRule: ComplianceRule = {
  id: "RZ-02",
  title: "Port groups carry one VLAN: no guest VLAN tagging (4095) or trunks",
  requirements: ["NET.1.1.A22", "SYS.1.5.A4"],
  vmwareControl: "vNetwork: do not use VLAN 4095 (VGT) or native VLAN 1 for VM traffic",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_distributed_port_group"],
  check(element) {
    const { vlan_id: vlan, vlan_range: range } = element.attributes;
    const problems: string[] = [];
    if (!inRange(VLAN_RANGE, vlan)) problems.push(`vlan_id is ${JSON.stringify(vlan ?? "unset")}, must be ${showRange(VLAN_RANGE)}`);
    if (Array.isArray(range) && range.length > 0) problems.push("vlan_range trunks several VLANs into the port group");
    return verdictOf(problems);
  },
};
