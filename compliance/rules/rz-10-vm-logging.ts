import { ComplianceRule, Severity, verdictOf } from "../rule";

/** RZ-10: VM logging is on, so incidents can be reconstructed. */
export const vmLoggingRule: ComplianceRule = {
  id: "RZ-10",
  title: "VM logging is enabled",
  requirements: ["SYS.1.5.A6"],
  vmwareControl: "VM: enable logging, bounded log rotation",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_virtual_machine"],
  check(element) {
    const enabled = element.attributes.enable_logging;
    return verdictOf(enabled === true ? [] : [`enable_logging is ${JSON.stringify(enabled ?? "unset")}, must be true`]);
  },
};
