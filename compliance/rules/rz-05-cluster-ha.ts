import { ComplianceRule, Severity, verdictOf } from "../rule";

/** RZ-05: every cluster has HA on, host monitoring on, and admission control reserving at least one host. */
export const clusterHaRule: ComplianceRule = {
  id: "RZ-05",
  title: "Clusters have HA with admission control",
  requirements: ["SYS.1.5.A20"],
  vmwareControl: "vSphere HA enabled with admission control",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_compute_cluster"],
  check(element) {
    const a = element.attributes;
    const problems: string[] = [];
    if (a.ha_enabled !== true) problems.push(`ha_enabled is ${JSON.stringify(a.ha_enabled ?? "unset")}, must be true`);
    if (a.ha_admission_control_policy === "disabled") problems.push("ha_admission_control_policy is disabled");
    if (!(typeof a.ha_admission_control_host_failure_tolerance === "number" && a.ha_admission_control_host_failure_tolerance >= 1)) {
      problems.push(
        `ha_admission_control_host_failure_tolerance is ${JSON.stringify(a.ha_admission_control_host_failure_tolerance ?? "unset")}, must be ≥ 1`,
      );
    }
    if (a.ha_host_monitoring === "disabled") problems.push("ha_host_monitoring is disabled");
    return verdictOf(problems);
  },
};
