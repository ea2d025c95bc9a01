import { Construct } from "constructs";
import { Folder } from "@cdktf/provider-vsphere/lib/folder";
import { ResourcePool } from "@cdktf/provider-vsphere/lib/resource-pool";
import { CatalogTag } from "./tag-catalog";

export interface TenantClusterPlacement {
  /** Config id of the cluster, used for the construct id. */
  readonly clusterKey: string;
  /** Root resource pool of the cluster. */
  readonly clusterResourcePoolId: string;
}

export interface TenantProps {
  readonly datacenterId: string;
  /** Tenant id, e.g. `kreis-dithmarschen`; names the folder and pools. */
  readonly tenantId: string;
  /** Display name, e.g. `Kreis Dithmarschen`. */
  readonly displayName: string;
  /** Clusters the tenant runs VMs on; one resource pool in each. */
  readonly clusters: readonly TenantClusterPlacement[];
  readonly tenantTagCategoryId: string;
  /** CPU reserved for the tenant in each pool, MHz. @default 0 */
  readonly cpuReservationMhz?: number;
  /** CPU limit of each pool, MHz; -1 is unlimited. @default -1 */
  readonly cpuLimitMhz?: number;
  /** Memory reserved in each pool, GiB. @default 0 */
  readonly memoryReservationGiB?: number;
  /** Memory limit of each pool, GiB; -1 is unlimited. @default -1 */
  readonly memoryLimitGiB?: number;
}

/**
 * A Gebietskörperschaft's own space on the shared platform: a VM folder with
 * `desktops` and `servers` subfolders, a resource pool in every cluster it
 * uses, and the tenant tag all its VMs carry.
 */
export class Tenant extends Construct {
  public readonly desktopFolderPath: string;
  public readonly desktopFolderId: string;
  public readonly serverFolderId: string;
  public readonly rootFolderId: string;
  public readonly serverFolderPath: string;
  public readonly tenantTagId: string;
  private readonly pools = new Map<string, string>();

  constructor(scope: Construct, id: string, props: TenantProps) {
    super(scope, id);
    const root = new Folder(this, "folder", { datacenterId: props.datacenterId, path: props.tenantId, type: "vm" });
    const desktops = new Folder(this, "desktop-folder", {
      datacenterId: props.datacenterId,
      path: `${root.path}/desktops`,
      type: "vm",
    });
    const servers = new Folder(this, "server-folder", { datacenterId: props.datacenterId, path: `${root.path}/servers`, type: "vm" });
    this.desktopFolderPath = desktops.path;
    this.desktopFolderId = desktops.id;
    this.serverFolderId = servers.id;
    this.rootFolderId = root.id;
    this.serverFolderPath = servers.path;

    const pools = new Construct(this, "resource-pools");
    for (const placement of props.clusters) {
      const pool = new ResourcePool(pools, placement.clusterKey, {
        name: `rp-${props.tenantId}`,
        parentResourcePoolId: placement.clusterResourcePoolId,
        cpuExpandable: true,
        memoryExpandable: true,
        ...(props.cpuReservationMhz ? { cpuReservation: props.cpuReservationMhz } : {}),
        ...(props.cpuLimitMhz !== undefined && props.cpuLimitMhz >= 0 ? { cpuLimit: props.cpuLimitMhz } : {}),
        ...(props.memoryReservationGiB ? { memoryReservation: props.memoryReservationGiB * 1024 } : {}),
        ...(props.memoryLimitGiB !== undefined && props.memoryLimitGiB >= 0 ? { memoryLimit: props.memoryLimitGiB * 1024 } : {}),
      });
      this.pools.set(placement.clusterKey, pool.id);
    }

    this.tenantTagId = new CatalogTag(this, "tag", {
      categoryId: props.tenantTagCategoryId,
      name: props.tenantId,
      description: props.displayName,
    }).tagId;
  }

  /** Every resource pool of the tenant. */
  public get resourcePoolIds(): string[] {
    return [...this.pools.values()];
  }

  /** The tenant's resource pool in the given cluster. */
  public resourcePoolId(clusterKey: string): string {
    const id = this.pools.get(clusterKey);
    if (id === undefined) throw new Error(`tenant has no resource pool in cluster ${clusterKey}`);
    return id;
  }
}
