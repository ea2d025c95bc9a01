import { Construct } from "constructs";
import { Fn, Lazy, TerraformCount } from "cdktf";
import { VirtualMachine, VirtualMachineCloneCustomize } from "@cdktf/provider-vsphere/lib/virtual-machine";
import { DESKTOP_COUNT_RANGE, inRange, showRange } from "../domain/ranges";
import { VM_HARDENING_EXTRA_CONFIG } from "./hardening";
import { HardwareProfile } from "./workstation-image";
import { ReplacementTrigger } from "./replacement-trigger";

/** What a pool needs to know of the image its desktops are cloned from. */
export interface PoolImage {
  readonly libraryItemId: string;
  readonly guestId: string;
  readonly isWindows: boolean;
  readonly hardware: HardwareProfile;
  readonly versionTagId: string;
}

/** How Windows desktops join: a workgroup or an Active Directory domain. */
export interface WindowsIdentity {
  /** @default the workgroup "WORKGROUP" when no domain is given */
  readonly workgroup?: string;
  readonly joinDomain?: string;
  readonly domainAdminUser?: string;
  /** Reference to a sensitive variable. */
  readonly domainAdminPassword?: string;
}

export interface WorkstationPoolProps {
  /** Number of desktops, in `DESKTOP_COUNT_RANGE` (0..999). */
  readonly count: number;
  /** VM names are `<namePrefix>-<nnn>`, e.g. `di-meldorf-1-001`. */
  readonly namePrefix: string;
  /** Guest computer names are `<computerNamePrefix>-<nnn>` (Windows: at most 15 characters). */
  readonly computerNamePrefix: string;
  readonly image: PoolImage;
  /**
   * The image version the pool is pinned to, e.g. `verwaltung-standard@2026.12`. Changing it re-clones the
   * desktops; rebuilding the library item of the same version (a new item id) does not.
   */
  readonly imagePin: string;
  readonly resourcePoolId: string;
  readonly datastoreId: string;
  /** VM folder path relative to the datacenter's VM folder. */
  readonly folderPath: string;
  readonly portGroupId: string;
  /** Tags besides the image-version tag (tenant, site, wave, role). */
  readonly tagIds: readonly string[];
  /** Local administrator password: a reference to a sensitive variable. */
  readonly adminPassword: string;
  /** @default workgroup WORKGROUP */
  readonly windowsIdentity?: WindowsIdentity;
  /** DNS domain for Linux desktops. @default "local" */
  readonly linuxDomain?: string;
  /** Windows time zone index. @default 110 (W. Europe Standard Time) */
  readonly windowsTimeZone?: number;
  /** Minutes Terraform waits for customisation and guest network; 0 skips the waits. @default 10 */
  readonly guestWaitMinutes?: number;
}

/**
 * A site's pool of identical desktops, cloned from one image version, named
 * `<prefix>-001 ..`, on the site's port group, hardened, and tagged with
 * image version, wave, tenant and site. One Terraform resource with `count`,
 * so growing or shrinking the pool adds or removes desktops at the end.
 */
export class WorkstationPool extends Construct {
  public readonly desktops: VirtualMachine;
  public readonly count: number;

  constructor(scope: Construct, id: string, props: WorkstationPoolProps) {
    super(scope, id);
    if (!inRange(DESKTOP_COUNT_RANGE, props.count)) {
      throw new Error(`WorkstationPool ${props.namePrefix}: count ${props.count} is outside ${showRange(DESKTOP_COUNT_RANGE)}`);
    }
    this.count = props.count;
    const count = TerraformCount.of(props.count);
    const number = Fn.format("%03d", [Fn.sum([count.index, 1])]);
    const wait = props.guestWaitMinutes ?? 10;
    const hardware = props.image.hardware;

    const pin = new ReplacementTrigger(this, "image-pin", { triggersReplace: { image: props.imagePin } });
    // Terraform wants a plain address in replace_triggered_by, not an interpolation.
    this.desktops = new VirtualMachine(this, "default", {
      count,
      name: `${props.namePrefix}-${number}`,
      resourcePoolId: props.resourcePoolId,
      datastoreId: props.datastoreId,
      folder: props.folderPath,
      guestId: props.image.guestId,
      numCpus: hardware.cpus,
      memory: hardware.memoryGiB * 1024,
      firmware: "efi",
      efiSecureBootEnabled: true,
      enableLogging: true,
      extraConfig: { ...VM_HARDENING_EXTRA_CONFIG },
      networkInterface: [{ networkId: props.portGroupId, adapterType: "vmxnet3" }],
      disk: [{ label: "disk0", size: hardware.diskGiB, thinProvisioned: true }],
      clone: {
        templateUuid: props.image.libraryItemId,
        customize: this.customization(props, `${props.computerNamePrefix}-${number}`, wait),
      },
      tags: [props.image.versionTagId, ...props.tagIds],
      waitForGuestNetTimeout: wait,
      waitForGuestIpTimeout: wait,
      waitForGuestNetRoutable: wait > 0,
      lifecycle: {
        // The image pin decides re-clones, not the library item id. The
        // passwords only matter while a desktop is customised: rotating them
        // must not re-clone every desktop (the guest manages them after that).
        ignoreChanges: [
          "clone[0].template_uuid",
          "clone[0].customize[0].windows_options[0].admin_password",
          "clone[0].customize[0].windows_options[0].domain_admin_password",
        ],
        replaceTriggeredBy: [Lazy.stringValue({ produce: () => `terraform_data.${pin.friendlyUniqueId}` })],
      },
    });
  }

  private customization(props: WorkstationPoolProps, computerName: string, timeout: number): VirtualMachineCloneCustomize {
    const common = { networkInterface: [{}], timeout };
    if (!props.image.isWindows) {
      return {
        ...common,
        linuxOptions: { hostName: computerName.toLowerCase(), domain: props.linuxDomain ?? "local", timeZone: "Europe/Berlin" },
      };
    }
    const identity = props.windowsIdentity ?? {};
    return {
      ...common,
      windowsOptions: {
        computerName,
        adminPassword: props.adminPassword,
        timeZone: props.windowsTimeZone ?? 110,
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
