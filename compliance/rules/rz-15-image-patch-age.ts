import { versionOfImageKey } from "../../domain/names";
import { ComplianceRule, compliant, nonCompliant, notApplicable, Severity } from "../rule";

/** Patch level from an image version tag `<image>@<yyyy.mm>` (first day of that month), if it has that form. */
export function patchDate(version: string): Date | undefined {
  const match = /^(\d{4})\.(\d{1,2})(?:[.-]\d+)?$/.exec(version);
  if (!match) return undefined;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? new Date(Date.UTC(Number(match[1]), month - 1, 1)) : undefined;
}

/** RZ-15: image versions in use are no older than the allowed patch age. */
export const imagePatchAgeRule: ComplianceRule = {
  id: "RZ-15",
  title: "Image versions are within the allowed patch age",
  requirements: ["OPS.1.1.3.A15", "SYS.2.1.A3"],
  vmwareControl: "Guest OS: patch golden images regularly",
  severity: Severity.WARNING,
  appliesTo: ["vsphere_tag"],
  check(element, context) {
    const name = String(element.attributes.name ?? "");
    const version = versionOfImageKey(name);
    if (version === undefined) return notApplicable;
    const date = patchDate(version);
    if (!date) return notApplicable;
    const ageDays = Math.floor((Date.parse(context.today) - date.getTime()) / 86_400_000);
    return ageDays <= context.maxPatchAgeDays
      ? compliant
      : nonCompliant(`${name} is ${ageDays} days old (patch level ${version}); at most ${context.maxPatchAgeDays} allowed`);
  },
};
