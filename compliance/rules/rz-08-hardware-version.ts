import { ComplianceRule, notApplicable, Severity, verdictOf } from "../rule";

/** Oldest virtual hardware version accepted (19 = vSphere 7.0 U2). */
export const MINIMUM_HARDWARE_VERSION = 19;

/** RZ-08: a pinned virtual hardware version is current; unpinned VMs inherit their image's. */
export const hardwareVersionRule: ComplianceRule = {
  id: "RZ-08",
  title: `Pinned virtual hardware is version ${MINIMUM_HARDWARE_VERSION} or newer`,
  requirements: ["SYS.1.5.A23"],
  vmwareControl: "VM: use current virtual hardware",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_virtual_machine"],
  check(element) {
    const version = element.attributes.hardware_version;
    if (version === undefined) return notApplicable;
    return verdictOf(
      typeof version === "number" && version >= MINIMUM_HARDWARE_VERSION
        ? []
        : [`hardware_version is ${version}, must be ≥ ${MINIMUM_HARDWARE_VERSION}`],
    );
  },
};
