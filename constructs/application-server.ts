import { Construct } from "constructs";
import { VirtualMachine } from "@cdktf/provider-vsphere/lib/virtual-machine";
import { HaVmOverride } from "@cdktf/provider-vsphere/lib/ha-vm-override";
import { RestartPriority } from "../domain/vsphere";
import { VM_HARDENING_EXTRA_CONFIG } from "./hardening";
import { DestroyProtectionProps, protectedLifecycle } from "./protection";

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
      tags: [...props.tagIds],
      waitForGuestNetTimeout: wait,
      waitForGuestIpTimeout: wait,
      waitForGuestNetRoutable: wait > 0,
      lifecycle: protectedLifecycle(props),
    });
    if (props.importFrom) this.vm.importFrom(props.importFrom);
    this.virtualMachineId = this.vm.id;
    this.haOverride = new HaVmOverride(this, "ha-override", {
      computeClusterId: props.clusterId,
      virtualMachineId: this.vm.id,
      haVmRestartPriority: props.restartPriority ?? RestartPriority.MEDIUM,
    });
  }
}
