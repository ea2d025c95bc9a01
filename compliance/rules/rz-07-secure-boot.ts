import { ComplianceRule, Severity, verdictOf } from "../rule";

/** RZ-07: VMs boot UEFI with Secure Boot. */
export const secureBootRule: ComplianceRule = {
  id: "RZ-07",
  title: "VMs boot EFI with Secure Boot",
  requirements: ["SYS.2.1.A8", "SYS.1.5.A16"],
  vmwareControl: "VM: enable UEFI Secure Boot",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_virtual_machine"],
  check(element) {
    const a = element.attributes;
    const problems: string[] = [];
    if (a.firmware !== "efi") problems.push(`firmware is ${JSON.stringify(a.firmware ?? "unset (bios)")}, must be "efi"`);
    if (a.efi_secure_boot_enabled !== true)
      problems.push(`efi_secure_boot_enabled is ${JSON.stringify(a.efi_secure_boot_enabled ?? "unset")}, must be true`);
    return verdictOf(problems);
  },
};
