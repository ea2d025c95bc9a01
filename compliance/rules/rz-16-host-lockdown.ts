import { ComplianceRule, Severity, verdictOf } from "../rule";

/** RZ-16: ESXi hosts run in lockdown mode and are managed through vCenter only. */
export const hostLockdownRule: ComplianceRule = {
  id: "RZ-16",
  title: "ESXi hosts are in lockdown mode",
  requirements: ["SYS.1.5.A5"],
  vmwareControl: "ESXi: enable normal or strict lockdown mode",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_host"],
  check(element) {
    const mode = element.attributes.lockdown;
    return verdictOf(
      mode === "normal" || mode === "strict"
        ? []
        : [`lockdown is ${JSON.stringify(mode ?? "unset (disabled)")}, must be "normal" or "strict"`],
    );
  },
};
