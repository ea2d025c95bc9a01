import { ComplianceRule, Severity, verdictOf } from "../rule";

/** Advanced settings every VM must carry, with their required value. */
export const REQUIRED_ISOLATION: Readonly<Record<string, string>> = {
  "isolation.tools.copy.disable": "TRUE",
  "isolation.tools.paste.disable": "TRUE",
  "tools.guestlib.enableHostInfo": "FALSE",
};

/** RZ-09: console copy/paste is off and the guest cannot read host information. */
export const consoleIsolationRule: ComplianceRule = {
  id: "RZ-09",
  title: "Console copy/paste and host information are disabled",
  requirements: ["SYS.1.5.A16"],
  vmwareControl: "VM: isolation.tools.copy/paste.disable, tools.guestlib.enableHostInfo",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_virtual_machine"],
  check(element) {
    const extra = (element.attributes.extra_config ?? {}) as Record<string, unknown>;
    return verdictOf(
      Object.entries(REQUIRED_ISOLATION)
        .filter(([key, value]) => String(extra[key] ?? "").toUpperCase() !== value)
        .map(([key, value]) => `extra_config["${key}"] is ${JSON.stringify(extra[key] ?? "unset")}, must be "${value}"`),
    );
  },
};
