import { ComplianceRule, nonCompliant, Severity } from "../rule";

/** RZ-11: snapshots are no backup and are not kept as managed resources. */
export const noSnapshotsRule: ComplianceRule = {
  id: "RZ-11",
  title: "No VM snapshots as managed resources",
  requirements: ["SYS.1.5.A24"],
  vmwareControl: "VM: avoid long-lived snapshots",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_virtual_machine_snapshot"],
  check(element) {
    return nonCompliant(`snapshot "${element.attributes.snapshot_name ?? element.logicalId}" is kept as a resource`);
  },
};
