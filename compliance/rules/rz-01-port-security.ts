import { ComplianceRule, Severity, verdictOf } from "../rule";

/** RZ-01: switches and port groups reject promiscuous mode, MAC changes and forged transmits; ports cannot override it. */
export const portSecurityRule: ComplianceRule = {
  id: "RZ-01",
  title: "Port security rejects promiscuous mode, MAC changes and forged transmits",
  requirements: ["SYS.1.5.A4", "NET.1.1.A22"],
  vmwareControl: "vNetwork: reject promiscuous mode, MAC address changes and forged transmits",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_distributed_port_group", "vsphere_distributed_virtual_switch"],
  check(element) {
    const a = element.attributes;
    const problems = ["allow_promiscuous", "allow_mac_changes", "allow_forged_transmits"]
      .filter((key) => a[key] !== false)
      .map((key) => `${key} is ${JSON.stringify(a[key] ?? "unset (inherits)")}, must be false`);
    if (element.type === "vsphere_distributed_port_group" && a.security_policy_override_allowed !== false) {
      problems.push(`security_policy_override_allowed is ${JSON.stringify(a.security_policy_override_allowed ?? "unset")}, must be false`);
    }
    return verdictOf(problems);
  },
};
