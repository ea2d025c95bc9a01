/**
 * Closed sets of vSphere values, named as vSphere names them. A leaf module:
 * config (schema), constructs and stacks import it; it imports nothing.
 */

/** How far DRS acts on its own recommendations. */
export enum DrsAutomationLevel {
  MANUAL = "manual",
  PARTIALLY_AUTOMATED = "partiallyAutomated",
  FULLY_AUTOMATED = "fullyAutomated",
}

/** HA restart priority of a VM after a host failure. */
export enum RestartPriority {
  DISABLED = "disabled",
  LOWEST = "lowest",
  LOW = "low",
  MEDIUM = "medium",
  HIGH = "high",
  HIGHEST = "highest",
}

/** ESXi lockdown mode: `normal` allows the DCUI for exception users, `strict` does not. */
export enum LockdownMode {
  DISABLED = "disabled",
  NORMAL = "normal",
  STRICT = "strict",
}

/** Guest operating systems of images and workloads, with the vSphere guest id of each. */
export enum GuestOs {
  WINDOWS_10 = "windows10",
  WINDOWS_11 = "windows11",
  WINDOWS_SERVER_2019 = "windows2019srv",
  WINDOWS_SERVER_2022 = "windows2022srv",
  UBUNTU_2204 = "ubuntu2204",
  UBUNTU_2404 = "ubuntu2404",
  DEBIAN_12 = "debian12",
  RHEL_9 = "rhel9",
}

const GUEST_IDS: Record<GuestOs, string> = {
  [GuestOs.WINDOWS_10]: "windows9_64Guest",
  [GuestOs.WINDOWS_11]: "windows11_64Guest",
  [GuestOs.WINDOWS_SERVER_2019]: "windows2019srv_64Guest",
  [GuestOs.WINDOWS_SERVER_2022]: "windows2019srvNext_64Guest",
  [GuestOs.UBUNTU_2204]: "ubuntu64Guest",
  [GuestOs.UBUNTU_2404]: "ubuntu64Guest",
  [GuestOs.DEBIAN_12]: "debian12_64Guest",
  [GuestOs.RHEL_9]: "rhel9_64Guest",
};

export function guestIdOf(os: GuestOs): string {
  return GUEST_IDS[os];
}

export function isWindows(os: GuestOs): boolean {
  return os.startsWith("windows");
}
