import { ComplianceRule, Severity, verdictOf } from "../rule";

/** RZ-17: ESXi hosts synchronise their clocks with NTP, so logs and certificates agree. */
export const hostNtpRule: ComplianceRule = {
  id: "RZ-17",
  title: "ESXi hosts have NTP servers configured",
  requirements: ["SYS.1.5.A7", "OPS.1.2.6"],
  vmwareControl: "ESXi: configure NTP time synchronisation",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_host"],
  check(element) {
    const services = Array.isArray(element.attributes.services) ? element.attributes.services : [];
    const ntpd = services.map((s: { ntpd?: { enabled?: boolean; ntp_servers?: string[] } }) => s.ntpd).find(Boolean);
    const problems: string[] = [];
    if (!ntpd || !Array.isArray(ntpd.ntp_servers) || ntpd.ntp_servers.length === 0) problems.push("services.ntpd.ntp_servers is empty");
    else if (ntpd.enabled !== true) problems.push("services.ntpd.enabled is not true");
    return verdictOf(problems);
  },
};
