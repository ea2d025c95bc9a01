import { Construct } from "constructs";
import { AntiAffinityGroup } from "../constructs/anti-affinity-group";
import { ApplicationServer, ServerClone } from "../constructs/application-server";
import { guestIdOf } from "../domain/vsphere";
import { SiteNetworkLink } from "../constructs/site-network-link";
import { CatalogTag, TagKind } from "../constructs/tag-catalog";
import { Tenant } from "../constructs/tenant";
import { TenantAccess } from "../constructs/tenant-access";
import {
  desktopClusterId,
  serverImage,
  workloadAddress,
  workloadClusterId,
  workloadComputerName,
  workloadHostName,
  workloadVmName,
} from "../config/derive";
import { Environment, TenantConfig, WorkloadConfig } from "../config/schema";
import { adoptionKeys, importIdOf } from "../config/adoption";
import { ImagesStack } from "./images-stack";
import { NetworkStack } from "./network-stack";
import { PlatformStack, VmRole } from "./platform-stack";
import { VsphereStack, VsphereStackProps } from "./vsphere-stack";

export interface TenantStackProps extends VsphereStackProps {
  readonly platform: PlatformStack;
  readonly network: NetworkStack;
  /** Where servers with an image are cloned from. */
  readonly images: ImagesStack;
}

/**
 * One tenant (Gebietskörperschaft): its folder, resource pools and tags, one
 * network link per site, and its migrated application servers.
 */
export class TenantStack extends VsphereStack {
  public readonly tenant: Tenant;
  private readonly siteLinks = new Map<string, SiteNetworkLink>();
  private readonly siteTags = new Map<string, string>();

  constructor(scope: Construct, name: string, env: Environment, config: TenantConfig, props: TenantStackProps) {
    super(scope, name, props);
    const { platform, network } = props;
    const clusterIds = [
      ...new Set([
        ...config.sites.filter((s) => s.workstations.count > 0).map((s) => desktopClusterId(env, s) as string),
        ...config.workloads.flatMap((w) => (w.migrateFrom ? [w.cluster, w.migrateFrom] : [w.cluster])),
      ]),
    ].sort();
    this.tenant = new Tenant(this, "tenant", {
      datacenterId: platform.datacenter.datacenterId,
      tenantId: config.id,
      displayName: config.name,
      clusters: clusterIds.map((id) => ({ clusterKey: id, clusterResourcePoolId: platform.cluster(id).resourcePoolId })),
      tenantTagCategoryId: platform.tags.categoryId(TagKind.TENANT),
      cpuReservationMhz: config.resources.cpuReservationMhz,
      cpuLimitMhz: config.resources.cpuLimitMhz,
      memoryReservationGiB: config.resources.memoryReservationGiB,
      memoryLimitGiB: config.resources.memoryLimitGiB,
    });

    if (config.adminGroup) {
      new TenantAccess(this, "access", {
        tenantId: config.id,
        adminGroup: config.adminGroup,
        desktopFolderId: this.tenant.desktopFolderId,
        readOnly: [
          { entityId: this.tenant.rootFolderId, entityType: "Folder" },
          { entityId: this.tenant.serverFolderId, entityType: "Folder" },
          ...this.tenant.resourcePoolIds.map((entityId) => ({ entityId, entityType: "ResourcePool" as const })),
        ],
      });
    }

    const sites = new Construct(this, "sites");
    for (const site of config.sites) {
      const scope = new Construct(sites, site.id);
      this.siteLinks.set(
        site.id,
        new SiteNetworkLink(scope, "link", {
          switchUuid: network.switch.switchUuid,
          name: `pg-${config.code.toLowerCase()}-${site.id}`,
          vlanId: site.vlan,
          cidr: site.cidr,
          linkMbps: site.linkMbps,
          town: site.town,
          protectFromDestroy: env.protectFromDestroy,
        }),
      );
      const tag = new CatalogTag(scope, "tag", {
        categoryId: platform.tags.categoryId(TagKind.SITE),
        name: `${config.id}/${site.id}`,
        description: `${config.name}, ${site.town}`,
      });
      this.siteTags.set(site.id, tag.tagId);
    }

    const workloads = new Construct(this, "workloads");
    const servers = new Map<string, ApplicationServer>();
    const secrets = new Map<string, string>();
    const secret = (name: string, description: string) => {
      if (!secrets.has(name)) secrets.set(name, this.secret(name, description));
      return secrets.get(name) as string;
    };
    const cloneOf = (workload: WorkloadConfig): ServerClone | undefined => {
      const image = serverImage(env, workload);
      const address = workloadAddress(env, config, workload);
      if (!image || !address) return undefined;
      const item = props.images.image(image.id, image.version);
      const windows = item.isWindows;
      return {
        libraryItemId: item.libraryItemId,
        isWindows: windows,
        hostName: windows ? workloadComputerName(config, workload) : workloadHostName(config, workload),
        address: {
          ipv4Address: address.ip,
          prefixLength: address.prefixLength,
          gateway: address.gateway,
          dnsServers: address.dnsServers,
          dnsSuffix: address.dnsSuffix,
        },
        adminPassword: windows ? secret("windows_admin_password", "local administrator password of the Windows guests") : undefined,
        windowsIdentity: windows
          ? {
              workgroup: config.windows.workgroup ?? config.code,
              joinDomain: config.windows.joinDomain,
              domainAdminUser: config.windows.domainAdminUser,
              domainAdminPassword: config.windows.joinDomain
                ? secret("domain_join_password", "password of the domain join user")
                : undefined,
            }
          : undefined,
      };
    };
    for (const workload of config.workloads) {
      const clusterId = workloadClusterId(env, workload);
      const cluster = platform.cluster(clusterId);
      servers.set(
        workload.id,
        new ApplicationServer(workloads, workload.id, {
          name: workloadVmName(config, workload.id),
          description: workload.description,
          guestId: guestIdOf(workload.os),
          cpus: workload.cpus,
          memoryGiB: workload.memoryGiB,
          diskGiB: workload.diskGiB,
          clusterId: cluster.clusterId,
          resourcePoolId: this.tenant.resourcePoolId(clusterId),
          datastoreId: platform.datastoreId(clusterId),
          folderPath: this.tenant.serverFolderPath,
          portGroupId: network.infrastructurePortGroupId(workload.network),
          tagIds: [this.tenant.tenantTagId, platform.roleTagId(VmRole.SERVER)],
          restartPriority: workload.restartPriority,
          guestWaitMinutes: env.vcenter.guestWaitMinutes,
          protectFromDestroy: env.protectFromDestroy,
          importFrom: workload.importFrom ?? importIdOf(env, adoptionKeys.workload(config.id, workload.id)),
          clone: cloneOf(workload),
        }),
      );
    }

    // A renamed workload keeps its VM: moved blocks from the old addresses (same construct path, old id).
    for (const workload of config.workloads.filter((w) => w.renamedFrom)) {
      const server = servers.get(workload.id) as ApplicationServer;
      const from = (element: Construct) => element.node.path.replace(`/workloads/${workload.id}/`, `/workloads/${workload.renamedFrom}/`);
      server.vm.moveFromId(`vsphere_virtual_machine.${this.logicalIdOfPath(from(server.vm))}`);
      server.haOverride.moveFromId(`vsphere_ha_vm_override.${this.logicalIdOfPath(from(server.haOverride))}`);
    }

    const groups = [...new Set(config.workloads.flatMap((w) => (w.antiAffinityGroup ? [w.antiAffinityGroup] : [])))].sort();
    const rules = new Construct(this, "anti-affinity");
    for (const group of groups) {
      const members = config.workloads.filter((w) => w.antiAffinityGroup === group);
      new AntiAffinityGroup(rules, group, {
        clusterId: platform.cluster(workloadClusterId(env, members[0])).clusterId,
        name: `${config.code.toLowerCase()}-${group}-anti-affinity`,
        virtualMachineIds: members.map((m) => (servers.get(m.id) as ApplicationServer).virtualMachineId),
      });
    }

    // Adoption (npm run adopt): the objects that exist already are imported, not created.
    const adopted = (key: string) => importIdOf(env, key);
    this.importExisting(["tenant", "folder"], adopted(adoptionKeys.folder(config.id)));
    this.importExisting(["tenant", "desktop-folder"], adopted(adoptionKeys.folder(config.id, "desktops")));
    this.importExisting(["tenant", "server-folder"], adopted(adoptionKeys.folder(config.id, "servers")));
    for (const clusterId of clusterIds)
      this.importExisting(["tenant", "resource-pools", clusterId], adopted(adoptionKeys.resourcePool(config.id, clusterId)));
    this.importExisting(["tenant", "tag", "default"], adopted(adoptionKeys.tag(TagKind.TENANT, config.id)));
    for (const site of config.sites) {
      this.importExisting(["sites", site.id, "link", "default", "default"], adopted(adoptionKeys.siteNetwork(config.id, site.id)));
      this.importExisting(["sites", site.id, "tag", "default"], adopted(adoptionKeys.tag(TagKind.SITE, `${config.id}/${site.id}`)));
    }
    for (const workload of config.workloads)
      this.importExisting(["workloads", workload.id, "ha-override"], adopted(adoptionKeys.haOverride(config.id, workload.id)));
    for (const group of groups)
      this.importExisting(["anti-affinity", group, "default"], adopted(adoptionKeys.antiAffinity(config.id, group)));
  }

  public siteLink(siteId: string): SiteNetworkLink {
    const link = this.siteLinks.get(siteId);
    if (!link) throw new Error(`no site ${siteId}`);
    return link;
  }

  public siteTagId(siteId: string): string {
    const tag = this.siteTags.get(siteId);
    if (tag === undefined) throw new Error(`no site ${siteId}`);
    return tag;
  }
}
