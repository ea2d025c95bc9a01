import { Construct } from "constructs";
import { DataCentre } from "../constructs/data-centre";
import { HostCluster } from "../constructs/host-cluster";
import { NfsDatastore } from "../constructs/nfs-datastore";
import { CatalogTag, TagCatalog, TagKind } from "../constructs/tag-catalog";
import { datastoreSettings, hostConstructId, ntpServers } from "../config/derive";
import { adoptionKeys, importIdOf } from "../config/adoption";
import { Environment } from "../config/schema";
import { VsphereStack, VsphereStackProps } from "./vsphere-stack";

/** Role tags every VM carries. */
export enum VmRole {
  DESKTOP = "desktop",
  SERVER = "server",
}

/**
 * Shared platform: the datacenter, its HA/DRS clusters with hosts and
 * datastores, the tag categories, and the wave and role tags.
 */
export class PlatformStack extends VsphereStack {
  public readonly datacenter: DataCentre;
  public readonly tags: TagCatalog;
  public readonly clusters = new Map<string, HostCluster>();
  /** The shared datastore of each cluster, by cluster id. */
  public readonly datastores = new Map<string, NfsDatastore>();
  private readonly waveTags = new Map<number, string>();
  private readonly roleTags = new Map<VmRole, string>();

  constructor(scope: Construct, name: string, env: Environment, props: VsphereStackProps) {
    super(scope, name, props);
    this.datacenter = new DataCentre(this, "datacenter", { name: env.datacenter, protectFromDestroy: env.protectFromDestroy });
    this.tags = new TagCatalog(this, "tag-catalog");
    const hostPassword = this.secret("esxi_password", "password vCenter uses to add the ESXi hosts");

    const clusters = new Construct(this, "clusters");
    for (const cluster of env.clusters) {
      const datastore = datastoreSettings(env, cluster);
      const hostCluster = new HostCluster(clusters, cluster.id, {
        datacenterId: this.datacenter.datacenterId,
        name: cluster.id,
        hosts: cluster.hosts.map((h) => ({ hostname: h.name, thumbprint: h.thumbprint })),
        hostUser: env.vcenter.hostUser,
        hostPassword,
        hostFailuresTolerated: cluster.ha.hostFailuresTolerated,
        drsAutomationLevel: cluster.drs.automationLevel,
        ntpServers: ntpServers(env),
        protectFromDestroy: env.protectFromDestroy,
      });
      this.clusters.set(cluster.id, hostCluster);
      // In the cluster's scope, so its address stays clusters_<id>_datastore.
      this.datastores.set(
        cluster.id,
        new NfsDatastore(hostCluster, "datastore", {
          name: datastore.name,
          hostIds: hostCluster.hostIds,
          remoteHosts: datastore.nfsServers,
          remotePath: datastore.nfsPath,
          protectFromDestroy: env.protectFromDestroy,
        }),
      );
    }

    const waves = [...new Set(env.tenants.flatMap((t) => t.sites.map((s) => s.workstations.wave)))].sort((a, b) => a - b);
    const waveScope = new Construct(this, "wave-tags");
    for (const wave of waves) {
      const tag = new CatalogTag(waveScope, `wave-${wave}`, {
        categoryId: this.tags.categoryId(TagKind.WAVE),
        name: `wave-${wave}`,
        description: `Rollout wave ${wave}`,
      });
      this.waveTags.set(wave, tag.tagId);
    }
    const roleScope = new Construct(this, "role-tags");
    for (const role of Object.values(VmRole)) {
      const tag = new CatalogTag(roleScope, role, { categoryId: this.tags.categoryId(TagKind.ROLE), name: role });
      this.roleTags.set(role, tag.tagId);
    }

    // Adoption (npm run adopt): the objects that exist already are imported, not created.
    const adopted = (key: string) => importIdOf(env, key);
    this.importExisting(["datacenter", "default"], adopted(adoptionKeys.datacenter));
    for (const kind of Object.values(TagKind)) this.importExisting(["tag-catalog", kind], adopted(adoptionKeys.tagCategory(kind)));
    for (const cluster of env.clusters) {
      this.importExisting(["clusters", cluster.id, "cluster"], adopted(adoptionKeys.cluster(cluster.id)));
      for (const host of cluster.hosts)
        this.importExisting(["clusters", cluster.id, "hosts", hostConstructId(host.name)], adopted(adoptionKeys.host(host.name)));
      this.importExisting(["clusters", cluster.id, "datastore"], adopted(adoptionKeys.datastore(cluster.id)));
    }
    for (const wave of waves)
      this.importExisting(["wave-tags", `wave-${wave}`, "default"], adopted(adoptionKeys.tag(TagKind.WAVE, `wave-${wave}`)));
    for (const role of Object.values(VmRole))
      this.importExisting(["role-tags", role, "default"], adopted(adoptionKeys.tag(TagKind.ROLE, role)));
  }

  public cluster(id: string): HostCluster {
    const cluster = this.clusters.get(id);
    if (!cluster) throw new Error(`no cluster ${id}`);
    return cluster;
  }

  /** Managed object id of a cluster's shared datastore. */
  public datastoreId(clusterId: string): string {
    const datastore = this.datastores.get(clusterId);
    if (!datastore) throw new Error(`no datastore for cluster ${clusterId}`);
    return datastore.datastoreId;
  }

  public waveTagId(wave: number): string {
    const id = this.waveTags.get(wave);
    if (id === undefined) throw new Error(`no tag for wave ${wave}`);
    return id;
  }

  public roleTagId(role: VmRole): string {
    const id = this.roleTags.get(role);
    if (id === undefined) throw new Error(`no tag for role ${role}`);
    return id;
  }

  /** Every ESXi host of every cluster. */
  public get allHostIds(): string[] {
    return [...this.clusters.values()].flatMap((c) => c.hostIds);
  }
}
