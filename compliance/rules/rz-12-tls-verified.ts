import { ComplianceRule, compliant, nonCompliant, Severity } from "../rule";

/** Environments in which a self-signed vCenter certificate may be accepted. */
export const TEST_ENVIRONMENTS: readonly string[] = ["test", "development"];

/** RZ-12: vCenter's certificate is verified everywhere but test environments. */
export const tlsVerifiedRule: ComplianceRule = {
  id: "RZ-12",
  title: "vCenter TLS certificates are verified outside test environments",
  requirements: ["NET.1.2.A9", "CON.1"],
  vmwareControl: "vCenter: use CA-signed certificates",
  severity: Severity.ERROR,
  appliesTo: ["provider.vsphere"],
  check(element, context) {
    if (element.attributes.allow_unverified_ssl !== true || TEST_ENVIRONMENTS.includes(context.environment)) return compliant;
    return nonCompliant(`allow_unverified_ssl is true in a ${context.environment} environment`);
  },
};
