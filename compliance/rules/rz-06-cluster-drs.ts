import { ComplianceRule, Severity, verdictOf } from "../rule";

/** RZ-06: every cluster has DRS on, so load and host maintenance are balanced. */
export const clusterDrsRule: ComplianceRule = {
  id: "RZ-06",
  title: "Clusters have DRS enabled",
  requirements: ["SYS.1.5.A20"],
  vmwareControl: "vSphere DRS enabled",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_compute_cluster"],
  check(element) {
    const enabled = element.attributes.drs_enabled;
    return verdictOf(enabled === true ? [] : [`drs_enabled is ${JSON.stringify(enabled ?? "unset")}, must be true`]);
  },
};
