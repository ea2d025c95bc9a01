import { isSensitiveVariable } from "../references";
import { ComplianceRule, ElementView, RuleContext, Severity, verdictOf } from "../rule";

const SECRET_KEY = /(^|_)(password|secret|token|private_key)$/;

function secretsIn(value: unknown, path: string, found: { path: string; value: unknown }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => secretsIn(v, `${path}[${i}]`, found));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (SECRET_KEY.test(key) && (typeof v === "string" || typeof v === "number")) found.push({ path: keyPath, value: v });
      else secretsIn(v, keyPath, found);
    }
  }
}

/** The credential attributes of an element that are not references to sensitive variables. */
export function credentialLiterals(element: ElementView, context: RuleContext): string[] {
  const found: { path: string; value: unknown }[] = [];
  secretsIn(element.attributes, "", found);
  return found
    .filter((f) => !isSensitiveVariable(context.resolve(element, f.value)))
    .map((f) => `${f.path} is not a reference to a sensitive variable`);
}

/** RZ-13: passwords and other secrets are references to sensitive variables, never literals. */
export const noCredentialLiteralsRule: ComplianceRule = {
  id: "RZ-13",
  title: "Credentials come only from sensitive variables",
  requirements: ["ORP.4.A23", "CON.8"],
  vmwareControl: "Do not embed credentials in automation",
  severity: Severity.ERROR,
  appliesTo: ["provider.vsphere", "vsphere_host", "vsphere_virtual_machine", "vsphere_content_library", "vsphere_guest_os_customization"],
  check(element, context) {
    return verdictOf(credentialLiterals(element, context));
  },
};
