import { ComplianceRule, compliant, nonCompliant, Severity } from "../rule";
import { TEST_ENVIRONMENTS } from "./rz-12-tls-verified";

/**
 * RZ-18: every stack's state and plan files are encrypted client-side and the
 * encryption is enforced (OpenTofu's `encryption` block), outside test
 * environments. States hold the ESXi root password and the desktops'
 * customisation passwords; plan files hold every credential variable.
 */
export const stateEncryptionRule: ComplianceRule = {
  id: "RZ-18",
  title: "State and plan files are encrypted, enforced, outside test environments",
  requirements: ["CON.1.A1"],
  vmwareControl: "Protect credentials at rest (vCenter, ESXi root, guest customisation)",
  severity: Severity.ERROR,
  appliesTo: ["terraform"],
  check(element, context) {
    if (TEST_ENVIRONMENTS.includes(context.environment)) return compliant;
    const encryption = element.attributes.encryption;
    if (!encryption)
      return nonCompliant(
        `no state encryption in a ${context.environment} environment (engine terraform cannot encrypt: use engine opentofu)`,
      );
    const unenforced = ["state", "plan"].filter((target) => encryption[target]?.enforced !== true);
    if (unenforced.length > 0) return nonCompliant(`encryption of ${unenforced.join(" and ")} is not enforced`);
    return compliant;
  },
};
