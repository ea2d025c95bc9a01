import { Construct } from "constructs";
import { VirtualMachine, VirtualMachineCloneCustomize } from "@cdktf/provider-vsphere/lib/virtual-machine";
import { HaVmOverride } from "@cdktf/provider-vsphere/lib/ha-vm-override";
import { RestartPriority } from "../domain/vsphere";
import { VM_HARDENING_EXTRA_CONFIG } from "./hardening";
import { DestroyProtectionProps, protectedLifecycle } from "./protection";
import { WindowsIdentity } from "./workstation-pool";

/** The static IPv4 identity a server is customised with when it is cloned. */
export interface ServerNetworkIdentity {
  readonly ipv4Address: string;
  /** Prefix length of the network, e.g. 24. */
  readonly prefixLength: number;
  readonly gateway: string;
  /** @default none */
  readonly dnsServers?: readonly string[];
  /** DNS suffix (search domain) and, on Linux, the host's domain. */
  readonly dnsSuffix: string;
}

/** Where a server is cloned from and how its guest is customised. */
export interface ServerClone {
  /** Content library item (or template UUID) of the server image. */
  readonly libraryItemId: string;
  readonly isWindows: boolean;
  /** Windows computer name (at most 15 characters) or Linux host name. */
  readonly hostName: string;
  readonly address: ServerNetworkIdentity;
  /** Local administrator password (Windows): a reference to a sensitive variable. */
  readonly adminPassword?: string;
  /** @default workgroup WORKGROUP */
  readonly windowsIdentity?: WindowsIdentity;
  /** Windows time zone index. @default 110 (W. Europe Standard Time) */
  readonly windowsTimeZone?: number;
}

/**
 * The one Terraform path the customisation lives under. vmware/vsphere 2.15.0
 * forces a new VM for every change below `clone` (its CustomizeDiff marks each
 * changed `clone.0.*` key ForceNew, only `clone.0.timeout` excepted), and the
 * customisation only runs at clone time anyway. So an existing server ignores
 * it: a changed address never replaces the VM; re-addressing is a runbook step.
 */
export const SERVER_CLONE_IGNORED = "clone";

export interface ApplicationServerProps extends DestroyProtectionProps {
  /** VM name, e.g. `di-app-finanzwesen`. */
  readonly name: string;
  /** What runs on it, shown as the VM annotation. @default none */
  readonly description?: string;
  readonly guestId: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly diskGiB: number;
  /** The cluster it runs on (for the HA override). */
  readonly clusterId: string;
  readonly resourcePoolId: string;
  readonly datastoreId: string;
  readonly folderPath: string;
  readonly portGroupId: string;
  readonly tagIds: readonly string[];
  /** HA restart priority after a host failure. @default RestartPriority.MEDIUM */
  readonly restartPriority?: RestartPriority;
  /** Minutes Terraform waits for the guest network; 0 skips the wait. @default 10 */
  readonly guestWaitMinutes?: number;
  /**
   * Inventory path of an existing VM (`/<datacenter>/vm/<folder>/<name>`)
   * to take over: the deploy imports it (a Terraform `import` block) and then
   * updates it to these props, instead of creating a new VM. Harmless once
   * imported. @default none, a new VM is created
   */
  readonly importFrom?: string;
  /**
   * Clone the server from an image and customise it with its static address.
   * Only a new VM is cloned: changes later are ignored (see
   * {@link SERVER_CLONE_IGNORED}). @default none, an empty VM (no customisation)
   */
  readonly clone?: ServerClone;
}

/**
 * A migrated application server (Verfahren). Moving it to another cluster
 * changes its resource pool and datastore, which the provider carries out as
 * an in-place vMotion, never a replacement.
 */
export class ApplicationServer extends Construct {
  public readonly vm: VirtualMachine;
  public readonly virtualMachineId: string;
  public readonly haOverride: HaVmOverride;

  constructor(scope: Construct, id: string, props: ApplicationServerProps) {
    super(scope, id);
    const wait = props.guestWaitMinutes ?? 10;
    this.vm = new VirtualMachine(this, "vm", {
      name: props.name,
      annotation: props.description,
      resourcePoolId: props.resourcePoolId,
      datastoreId: props.datastoreId,
      folder: props.folderPath,
      guestId: props.guestId,
      numCpus: props.cpus,
      memory: props.memoryGiB * 1024,
      firmware: "efi",
      efiSecureBootEnabled: true,
      enableLogging: true,
      extraConfig: { ...VM_HARDENING_EXTRA_CONFIG },
      networkInterface: [{ networkId: props.portGroupId, adapterType: "vmxnet3" }],
      disk: [{ label: "disk0", size: props.diskGiB, thinProvisioned: true }],
      clone: props.clone
        ? { templateUuid: props.clone.libraryItemId, customize: ApplicationServer.customization(props.clone, wait) }
        : undefined,
      tags: [...props.tagIds],
      waitForGuestNetTimeout: wait,
      waitForGuestIpTimeout: wait,
      waitForGuestNetRoutable: wait > 0,
      lifecycle: props.clone ? { ...protectedLifecycle(props), ignoreChanges: [SERVER_CLONE_IGNORED] } : protectedLifecycle(props),
    });
    if (props.importFrom) this.vm.importFrom(props.importFrom);
    this.virtualMachineId = this.vm.id;
    this.haOverride = new HaVmOverride(this, "ha-override", {
      computeClusterId: props.clusterId,
      virtualMachineId: this.vm.id,
      haVmRestartPriority: props.restartPriority ?? RestartPriority.MEDIUM,
    });
  }

  /** Static address, gateway, DNS servers and suffix on the one NIC, plus the guest's name. */
  private static customization(clone: ServerClone, timeout: number): VirtualMachineCloneCustomize {
    const address = clone.address;
    const common: VirtualMachineCloneCustomize = {
      // Windows takes its DNS servers and domain from the adapter, Linux from the global lists: set both.
      networkInterface: [
        {
          ipv4Address: address.ipv4Address,
          ipv4Netmask: address.prefixLength,
          dnsServerList: [...(address.dnsServers ?? [])],
          dnsDomain: address.dnsSuffix,
        },
      ],
      ipv4Gateway: address.gateway,
      dnsServerList: [...(address.dnsServers ?? [])],
      dnsSuffixList: [address.dnsSuffix],
      timeout,
    };
    if (!clone.isWindows) {
      return { ...common, linuxOptions: { hostName: clone.hostName, domain: address.dnsSuffix, timeZone: "Europe/Berlin" } };
    }
    const identity = clone.windowsIdentity ?? {};
    return {
      ...common,
      windowsOptions: {
        computerName: clone.hostName,
        adminPassword: clone.adminPassword,
        timeZone: clone.windowsTimeZone ?? 110,
        ...(identity.joinDomain
          ? {
              joinDomain: identity.joinDomain,
              domainAdminUser: identity.domainAdminUser,
              domainAdminPassword: identity.domainAdminPassword,
            }
          : { workgroup: identity.workgroup ?? "WORKGROUP" }),
      },
    };
  }
}
