/**
 * `npm run adopt`: map a vCenter inventory (as adopt/reader prints it) onto an
 * environment file of this project, with the import ids of everything found
 * (`adopt.imports`, see config/adoption.ts) and a report of what could not be
 * mapped. Pure: no I/O; scripts/adopt.ts runs the reader and writes files.
 *
 * Ids are derived from vCenter names: lower-case, every run of characters
 * outside a-z and 0-9 becomes one `-`, a leading digit gets an `x-` prefix,
 * at most 40 characters (`DC0_C0` → `dc0-c0`). Names this project writes
 * (`pg-<network>`, `pg-<code>-<site>`, `<code>-<site>-<nnn>`,
 * `<code>-app-<workload>`, `rp-<tenant>`, `rz-*` tags) map back to the ids
 * they were made from. Every value the reader could not see is guessed and
 * marked with a `# guessed: ...` comment in the file.
 */
import { Document, isCollection, isScalar } from "yaml";
import { DrsAutomationLevel, GuestOs, RestartPriority, guestIdOf } from "../domain/vsphere";
import { adoptionKeys, providerImportIds } from "./adoption";
import { imageKey } from "../domain/names";

/** The reader's document (adopt/reader/inventory.go). */
export interface VcenterInventory {
  readonly server: string;
  readonly datacenters: readonly InventoryDatacenter[];
  readonly tagCategories: readonly { id: string; name: string; cardinality: string; types: string[] }[];
  readonly tags: readonly { id: string; name: string; category: string; description?: string }[];
  readonly libraries: readonly { id: string; name: string; items: readonly InventoryLibraryItem[] }[];
  readonly warnings: readonly string[];
}
export interface InventoryLibraryItem {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly description?: string;
  readonly version?: string;
}
export interface InventoryDatacenter {
  readonly name: string;
  readonly path: string;
  readonly clusters: readonly InventoryCluster[];
  readonly standaloneHosts: readonly string[];
  readonly datastores: readonly { name: string; moid: string; type: string; remoteHosts: string[]; remotePath?: string; hosts: string[] }[];
  readonly switches: readonly InventorySwitch[];
  readonly standardNetworks: readonly string[];
  readonly folders: readonly { path: string; type: string; moid: string }[];
  readonly resourcePools: readonly {
    name: string;
    path: string;
    moid: string;
    cluster: string;
    cpuReservationMhz: number;
    cpuLimitMhz: number;
    memoryReservationMB: number;
    memoryLimitMB: number;
  }[];
  readonly vms: readonly InventoryVm[];
}
export interface InventoryCluster {
  readonly name: string;
  readonly path: string;
  readonly moid: string;
  readonly haEnabled: boolean;
  readonly admissionControl: string;
  readonly hostFailuresTolerated: number;
  readonly drsEnabled: boolean;
  readonly drsBehavior: string;
  readonly hosts: readonly { name: string; moid: string; cpuCores: number; memoryBytes: number; thumbprint?: string }[];
  readonly restartPriorities: Readonly<Record<string, string>>;
  readonly rules: readonly { name: string; type: string; vms: string[] }[];
}
export interface InventorySwitch {
  readonly name: string;
  readonly path: string;
  readonly uuid: string;
  readonly mtu: number;
  readonly uplinks: readonly string[];
  readonly hostNics: Readonly<Record<string, string[]>>;
  readonly portGroups: readonly {
    name: string;
    path: string;
    description?: string;
    vlan: number;
    vlanKind: string;
    uplink: boolean;
  }[];
}
export interface InventoryVm {
  readonly name: string;
  readonly path: string;
  readonly moid: string;
  readonly folder: string;
  readonly resourcePool?: string;
  readonly cluster?: string;
  readonly template: boolean;
  readonly guestId?: string;
  readonly annotation?: string;
  readonly cpus: number;
  readonly memoryMB: number;
  readonly disksGiB: readonly number[];
  readonly networks: readonly string[];
  readonly snapshots: boolean;
  readonly tags: readonly string[];
}

/** One object that could not be mapped, with the reason. */
export interface NotMapped {
  readonly object: string;
  readonly reason: string;
}

export interface AdoptionReport {
  readonly server: string;
  readonly datacenter: string;
  /** Objects read (datacenters, clusters, hosts, datastores, switches, port groups, folders, pools, VMs, tags, library items). */
  readonly read: number;
  /** Objects with an import id in the file. */
  readonly adopted: number;
  readonly notMapped: readonly NotMapped[];
  /** Fields whose values were guessed: `path: why`. */
  readonly guessed: readonly string[];
  readonly warnings: readonly string[];
}

export interface AdoptionResult {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly document: Record<string, any>;
  /** A `# guessed: ...` comment per YAML path. */
  readonly comments: readonly { path: (string | number)[]; text: string }[];
  readonly report: AdoptionReport;
}

export interface AdoptOptions {
  /** vCenter address written to `vcenter.server`. @default the inventory's server */
  readonly server?: string;
  readonly allowUnverifiedSsl?: boolean;
}

/** An id from a vCenter name (see the module comment). */
export function idFromName(name: string): string {
  let id = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(id)) id = `x-${id}`;
  return id.slice(0, 40).replace(/-+$/, "");
}

const DRS: Record<string, DrsAutomationLevel> = {
  fullyAutomated: DrsAutomationLevel.FULLY_AUTOMATED,
  partiallyAutomated: DrsAutomationLevel.PARTIALLY_AUTOMATED,
  manual: DrsAutomationLevel.MANUAL,
};

/** The guest OS of a guest id (the first GuestOs with that id). */
function osOf(guestId: string | undefined): GuestOs | undefined {
  return Object.values(GuestOs).find((os) => guestIdOf(os) === guestId);
}

const DESKTOP_NAME = /^([a-z]{2,4})-([a-z][a-z0-9-]*)-(\d{3})$/;
const SERVER_NAME = /^([a-z]{2,4})-app-([a-z][a-z0-9-]*)$/;
const SITE_PG = /^pg-([a-z]{2,4})-([a-z][a-z0-9-]*)$/;
const SITE_DESCRIPTION = /^(.+): (\d+\.\d+\.\d+\.\d+\/\d+), (\d+(?:\.\d+)?) Mbit\/s$/;
const NETWORK_DESCRIPTION = /^[a-z0-9-]+: (\d+\.\d+\.\d+\.\d+\/\d+)$/;

/** Map the first datacenter of an inventory onto an environment document. */
export function adoptInventory(inv: VcenterInventory, options: AdoptOptions = {}): AdoptionResult {
  const notMapped: NotMapped[] = [];
  const guessed: string[] = [];
  const comments: { path: (string | number)[]; text: string }[] = [];
  const imports: Record<string, string | string[]> = {};
  const guess = (path: (string | number)[], why: string) => {
    comments.push({ path, text: `guessed: ${why}` });
    guessed.push(`${path.join(".")}: ${why}`);
  };
  const skip = (object: string, reason: string) => notMapped.push({ object, reason });

  const [dc, ...otherDcs] = inv.datacenters;
  for (const other of otherDcs) skip(other.path, "another datacenter: adopt it into its own file (--datacenter)");
  if (!dc) throw new Error("the vCenter has no datacenter to adopt");
  const read =
    inv.datacenters.reduce(
      (n, d) =>
        n +
        1 +
        d.clusters.length +
        d.clusters.reduce((h, c) => h + c.hosts.length, 0) +
        d.standaloneHosts.length +
        d.datastores.length +
        d.switches.length +
        d.switches.reduce((p, s) => p + s.portGroups.length, 0) +
        d.standardNetworks.length +
        d.folders.length +
        d.resourcePools.length +
        d.vms.length,
      0,
    ) +
    inv.tagCategories.length +
    inv.tags.length +
    inv.libraries.reduce((n, l) => n + 1 + l.items.length, 0);

  imports[adoptionKeys.datacenter] = dc.path;
  const tagOf = (category: string, name: string) => inv.tags.find((t) => t.category === category && t.name === name);
  const adoptTag = (kind: string, name: string) => {
    if (tagOf(`rz-${kind}`, name)) imports[adoptionKeys.tag(kind, name)] = providerImportIds.tag(`rz-${kind}`, name);
  };
  for (const category of inv.tagCategories) {
    const kind = /^rz-(.+)$/.exec(category.name)?.[1];
    if (kind && ["tenant", "site", "role", "image-version", "wave"].includes(kind)) imports[adoptionKeys.tagCategory(kind)] = category.name;
    else
      skip(
        `tag category ${category.name}`,
        "not one of this project's categories (rz-tenant, rz-site, rz-role, rz-image-version, rz-wave)",
      );
  }
  const vmTag = (vm: InventoryVm, category: string) => vm.tags.find((t) => t.startsWith(`${category}/`))?.slice(category.length + 1);

  // Clusters, hosts, datastores.
  const clusterIds = new Map<string, string>();
  const clusters = [];
  for (const c of dc.clusters) {
    if (c.hosts.length === 0) {
      skip(c.path, "a cluster without hosts (the file needs at least one host per cluster)");
      continue;
    }
    const id = idFromName(c.name);
    clusterIds.set(c.name, id);
    const i = clusters.length;
    const cluster: Record<string, unknown> = {
      id,
      location: "rechenzentrum",
      hosts: c.hosts.map((h) => ({
        name: h.name,
        cpuCores: Math.max(1, h.cpuCores),
        memoryGiB: Math.max(1, Math.round(h.memoryBytes / 2 ** 30)),
      })),
      ha: { hostFailuresTolerated: c.haEnabled && c.admissionControl !== "disabled" ? Math.min(31, c.hostFailuresTolerated) : 1 },
      drs: { automationLevel: DRS[c.drsBehavior] ?? DrsAutomationLevel.FULLY_AUTOMATED },
    };
    guess(["clusters", i, "location"], "vCenter does not know where a cluster stands (rechenzentrum or kreishaus)");
    if (!c.haEnabled || c.admissionControl === "disabled")
      guess(["clusters", i, "ha", "hostFailuresTolerated"], "HA or admission control is off in vCenter; code turns it on");
    imports[adoptionKeys.cluster(id)] = c.path;
    for (const h of c.hosts) imports[adoptionKeys.host(h.name)] = h.moid;
    const hostNames = new Set(c.hosts.map((h) => h.name));
    const nfs = dc.datastores.find((d) => /^NFS/.test(d.type) && d.hosts.length > 0 && d.hosts.every((h) => hostNames.has(h)));
    if (nfs && idFromName(nfs.name) === nfs.name && nfs.remotePath) {
      cluster.datastore = { name: nfs.name, nfsServers: nfs.remoteHosts, nfsPath: nfs.remotePath };
      imports[adoptionKeys.datastore(id)] = nfs.moid;
    } else guess(["clusters", i, "datastore"], "no NFS datastore mounted on all of the cluster's hosts: the defaults create one");
    clusters.push(cluster);
  }
  for (const d of dc.datastores) {
    if (!Object.values(imports).includes(d.moid)) skip(`datastore ${d.name}`, `not an NFS datastore of one cluster (type ${d.type})`);
  }
  for (const h of dc.standaloneHosts) skip(h, "a host outside a cluster");

  // The distributed switch and its port groups.
  const [sw, ...otherSwitches] = dc.switches;
  for (const s of otherSwitches) skip(s.path, "a second distributed switch (the file has one)");
  for (const n of dc.standardNetworks) skip(`network ${n}`, "a standard vSwitch port group (only distributed port groups are managed)");
  const network: Record<string, unknown> = {};
  const infrastructure: Record<string, unknown>[] = [];
  const networkIdOfPortGroup = new Map<string, string>();
  const sitePortGroups: { code: string; site: string; pg: InventorySwitch["portGroups"][number] }[] = [];
  if (sw) {
    const nics = Object.values(sw.hostNics);
    const switchConfig: Record<string, unknown> = {
      name: idFromName(sw.name),
      uplinks: sw.uplinks.length ? [...sw.uplinks] : ["uplink1"],
      mtu: Math.min(9000, Math.max(1280, sw.mtu || 1500)),
    };
    if (idFromName(sw.name) !== sw.name) guess(["network", "switch", "name"], `vCenter calls it ${sw.name}; code renames it`);
    const defaultNics = sw.uplinks.map((_, i) => `vmnic${i}`).join(",");
    if (nics.length && nics.every((n) => n.join(",") === nics[0].join(",")) && nics[0].length && nics[0].join(",") !== defaultNics)
      switchConfig.hostNics = nics[0];
    network.switch = switchConfig;
    imports[adoptionKeys.switch] = sw.path;
    let guessNet = 0;
    for (const pg of sw.portGroups) {
      if (pg.uplink) continue;
      const site = SITE_PG.exec(pg.name);
      if (site) {
        sitePortGroups.push({ code: site[1], site: site[2], pg });
        continue;
      }
      if (pg.vlanKind !== "id") {
        skip(`port group ${pg.name}`, `VLAN ${pg.vlanKind} (only a single access VLAN maps to a network)`);
        continue;
      }
      const id = pg.name.startsWith("pg-") ? pg.name.slice(3) : idFromName(pg.name);
      const i = infrastructure.length;
      const cidr = NETWORK_DESCRIPTION.exec(pg.description ?? "")?.[1];
      infrastructure.push({ id, vlan: pg.vlan, cidr: cidr ?? `198.18.${guessNet++}.0/24` });
      if (!cidr) guess(["network", "infrastructure", i, "cidr"], "vCenter does not know the subnet: fill in the real one");
      if (`pg-${id}` !== pg.name) guess(["network", "infrastructure", i, "id"], `vCenter calls it ${pg.name}; code renames it to pg-${id}`);
      networkIdOfPortGroup.set(pg.name, id);
      imports[adoptionKeys.network(id)] = pg.path;
    }
  } else {
    network.switch = { name: `dvs-${idFromName(dc.name)}`, uplinks: ["uplink1", "uplink2"] };
    guess(["network", "switch"], "no distributed switch in vCenter: code creates this one");
  }
  network.infrastructure = infrastructure;

  // Content library and images.
  const defaultLibrary = `${dc.name}-golden-images`;
  const library = inv.libraries.find((l) => l.name === defaultLibrary) ?? inv.libraries[0];
  for (const l of inv.libraries) if (l !== library) skip(`content library ${l.name}`, "a second library (the file has one)");
  const items = new Map<string, InventoryLibraryItem>(); // by image key
  if (library) {
    imports[adoptionKeys.library] = library.id;
    for (const item of library.items) {
      const tag = inv.tags.find((t) => t.category === "rz-image-version" && `${t.name.replace("@", "-")}` === item.name);
      if (tag) items.set(tag.name, item);
      else skip(`library item ${library.name}/${item.name}`, "no rz-image-version tag names its image and version");
    }
  }

  // Tenants: top-level VM folders (and the VMs directly in the datacenter's VM folder).
  const vmRoot = `${dc.path}/vm`;
  const topFolders = dc.folders.filter(
    (f) => f.type === "vm" && f.path.startsWith(`${vmRoot}/`) && !f.path.slice(vmRoot.length + 1).includes("/"),
  );
  const tenants: Record<string, unknown>[] = [];
  const images = new Map<string, Record<string, unknown>>();
  const rollout: Record<string, unknown>[] = [];
  const usedPortGroups = new Set<string>();
  const adoptedVms = new Set<string>();
  const groups: { folder?: string; vms: InventoryVm[] }[] = topFolders.map((f) => ({
    folder: f.path,
    vms: dc.vms.filter((v) => v.path.startsWith(`${f.path}/`)),
  }));
  groups.push({ vms: dc.vms.filter((v) => v.folder === vmRoot) });

  for (const group of groups) {
    const folderName = group.folder ? group.folder.slice(vmRoot.length + 1) : dc.name;
    const tenantId = idFromName(folderName);
    const t = tenants.length;
    const path = (...rest: (string | number)[]) => ["tenants", t, ...rest];
    const names = group.vms.map((v) => v.name);
    const codeCounts = new Map<string, number>();
    for (const n of names) {
      const code = DESKTOP_NAME.exec(n)?.[1] ?? SERVER_NAME.exec(n)?.[1];
      if (code) codeCounts.set(code, (codeCounts.get(code) ?? 0) + 1);
    }
    const code = [...codeCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    const tenantTag = tagOf("rz-tenant", tenantId);
    const tenant: Record<string, unknown> = {
      id: tenantId,
      name: tenantTag?.description || folderName,
      code: (
        code ??
        tenantId
          .replace(/[^a-z]/g, "")
          .slice(0, 3)
          .padEnd(2, "x")
      ).toUpperCase(),
    };
    const tenantComments: [(string | number)[], string][] = [];
    if (!tenantTag?.description) tenantComments.push([["name"], "the folder's name; write the tenant's real name"]);
    if (!code) tenantComments.push([["code"], "no VM is named <code>-...: the first letters of the id"]);
    if (!group.folder) tenantComments.push([["id"], `the VMs directly in ${vmRoot}: named after the datacenter`]);
    const lowerCode = (tenant.code as string).toLowerCase();

    // Sites: the tenant's port groups pg-<code>-<site> and desktops <code>-<site>-<nnn>.
    const sites: Record<string, unknown>[] = [];
    const siteCluster = clusters[0]?.id as string | undefined;
    for (const { site: siteId, pg } of sitePortGroups.filter((s) => s.code === lowerCode)) {
      usedPortGroups.add(pg.name);
      const s = sites.length;
      const d = SITE_DESCRIPTION.exec(pg.description ?? "");
      const desktops = group.vms
        .filter((v) => !v.template && DESKTOP_NAME.exec(v.name)?.[1] === lowerCode && DESKTOP_NAME.exec(v.name)?.[2] === siteId)
        .sort((a, b) => a.name.localeCompare(b.name));
      const site: Record<string, unknown> = {
        id: siteId,
        town: d?.[1] ?? siteId,
        vlan: pg.vlan,
        cidr: d?.[2] ?? `198.19.${sites.length}.0/24`,
        linkMbps: d ? Number(d[3]) : 100,
      };
      if (!d) tenantComments.push([["sites", s, "cidr"], "vCenter does not know the site's subnet, town and link: fill them in"]);
      imports[adoptionKeys.siteNetwork(tenantId, siteId)] = pg.path;
      adoptTag("site", `${tenantId}/${siteId}`);
      const first = desktops[0];
      const contiguous = desktops.every((v, i) => Number(DESKTOP_NAME.exec(v.name)?.[3]) === i + 1);
      const same = desktops.every(
        (v) =>
          first &&
          v.cpus === first.cpus &&
          v.memoryMB === first.memoryMB &&
          v.disksGiB.join() === first.disksGiB.join() &&
          vmTag(v, "rz-image-version") === vmTag(first, "rz-image-version") &&
          v.networks.length === 1 &&
          v.networks[0] === pg.name &&
          !v.snapshots,
      );
      const key = first ? vmTag(first, "rz-image-version") : undefined;
      if (!first || !contiguous || !same || !key) {
        for (const v of desktops)
          skip(
            v.path,
            !contiguous
              ? "desktop numbers have gaps"
              : !key
                ? "no rz-image-version tag"
                : "desktops of the site differ (hardware, image, network, snapshots)",
          );
        site.workstations = { count: 0, image: [...images.keys()][0] ?? "image" };
        tenantComments.push([["sites", s, "workstations"], "no desktop pool could be adopted here"]);
      } else {
        const [imageId, version] = key.split("@");
        const wave = Number(vmTag(first, "rz-wave")?.replace(/^wave-/, "") ?? 1) || 1;
        site.workstations = { count: desktops.length, image: imageId, wave };
        if (first.cluster && clusterIds.get(first.cluster) !== siteCluster) site.cluster = clusterIds.get(first.cluster);
        imports[adoptionKeys.desktops(tenantId, siteId)] = desktops.map((v) => v.path);
        for (const v of desktops) adoptedVms.add(v.path);
        adoptTag("wave", `wave-${wave}`);
        const item = items.get(key);
        const tag = tagOf("rz-image-version", key);
        const existing = images.get(imageId);
        if (!existing) {
          const displayName = tag?.description?.replace(new RegExp(` ${version.replace(/\./g, "\\.")}$`), "") || imageId;
          images.set(imageId, {
            id: imageId,
            displayName,
            os: osOf(first.guestId) ?? GuestOs.WINDOWS_11,
            version,
            cpus: first.cpus,
            memoryGiB: Math.max(1, Math.round(first.memoryMB / 1024)),
            diskGiB: Math.max(1, first.disksGiB[0] ?? 1),
          });
        } else if (existing.version !== version) {
          rollout.push({ wave, image: imageId, version });
        }
        if (item) imports[adoptionKeys.libraryItem(imageKey(imageId, version))] = item.id;
        adoptTag("image-version", key);
      }
      sites.push(site);
    }
    tenant.sites = sites;

    // Workloads: the other VMs of the tenant.
    const workloads: Record<string, unknown>[] = [];
    const antiAffinity = new Map<string, string>();
    for (const c of dc.clusters)
      for (const rule of c.rules) {
        const m = /^([a-z]{2,4})-([a-z][a-z0-9-]*)-anti-affinity$/.exec(rule.name);
        if (rule.type === "antiAffinity" && m && m[1] === lowerCode) {
          for (const vm of rule.vms) antiAffinity.set(vm, m[2]);
          imports[adoptionKeys.antiAffinity(tenantId, m[2])] = providerImportIds.clusterRule(c.path, rule.name);
        }
      }
    for (const vm of group.vms) {
      if (adoptedVms.has(vm.path)) continue;
      if (DESKTOP_NAME.test(vm.name) && sitePortGroups.some((s) => s.code === DESKTOP_NAME.exec(vm.name)?.[1])) {
        if (!notMapped.some((n) => n.object === vm.path)) skip(vm.path, "a desktop outside an adopted pool");
        continue;
      }
      const reason = vm.template
        ? "a template"
        : vm.snapshots
          ? "has snapshots (remove or consolidate them first)"
          : vm.networks.length !== 1
            ? `has ${vm.networks.length} NICs (a workload has one)`
            : !networkIdOfPortGroup.has(vm.networks[0])
              ? `its network ${vm.networks[0]} is not an infrastructure port group`
              : vm.disksGiB.length !== 1
                ? `has ${vm.disksGiB.length} disks (a workload has one)`
                : !vm.cluster || !clusterIds.has(vm.cluster)
                  ? "runs outside an adopted cluster"
                  : undefined;
      if (reason) {
        skip(vm.path, reason);
        continue;
      }
      const server = SERVER_NAME.exec(vm.name);
      const id = server && server[1] === lowerCode ? server[2] : idFromName(vm.name);
      const w = workloads.length;
      const cluster = dc.clusters.find((c) => c.name === vm.cluster) as InventoryCluster;
      const os = osOf(vm.guestId);
      const priority = cluster.restartPriorities[vm.name];
      const workload: Record<string, unknown> = {
        id,
        cpus: vm.cpus,
        memoryGiB: Math.max(1, Math.round(vm.memoryMB / 1024)),
        diskGiB: Math.max(1, vm.disksGiB[0]),
        cluster: clusterIds.get(vm.cluster as string),
        network: networkIdOfPortGroup.get(vm.networks[0]),
        ...(priority && Object.values(RestartPriority).includes(priority as RestartPriority) ? { restartPriority: priority } : {}),
        ...(os ? { os } : {}),
        ...(antiAffinity.has(vm.name) ? { antiAffinityGroup: antiAffinity.get(vm.name) } : {}),
        ...(vm.annotation ? { description: vm.annotation.slice(0, 256) } : {}),
      };
      if (!os)
        tenantComments.push([
          ["workloads", w, "id"],
          `guest ${vm.guestId ?? "unknown"} has no os value: the default (windows2022srv) applies`,
        ]);
      if (!(server && server[1] === lowerCode))
        tenantComments.push([["workloads", w, "id"], `${vm.name}: code renames it to ${lowerCode}-app-${id}`]);
      imports[adoptionKeys.workload(tenantId, id)] = vm.path;
      if (priority) imports[adoptionKeys.haOverride(tenantId, id)] = providerImportIds.haOverride(cluster.path, vm.path);
      adoptedVms.add(vm.path);
      workloads.push(workload);
    }
    for (const [vm, g] of antiAffinity)
      if (!workloads.some((w) => w.antiAffinityGroup === g && (w.id === vm || `${lowerCode}-app-${w.id}` === vm))) antiAffinity.delete(vm);
    const groupSizes = new Map<string, number>();
    for (const w of workloads)
      if (w.antiAffinityGroup) groupSizes.set(w.antiAffinityGroup as string, (groupSizes.get(w.antiAffinityGroup as string) ?? 0) + 1);
    for (const w of workloads)
      if (w.antiAffinityGroup && (groupSizes.get(w.antiAffinityGroup as string) ?? 0) < 2) {
        delete imports[adoptionKeys.antiAffinity(tenantId, w.antiAffinityGroup as string)];
        delete w.antiAffinityGroup;
      }
    tenant.workloads = workloads;
    if (sites.length === 0 && workloads.length === 0) {
      if (group.folder) skip(group.folder, "a folder with no site port group and no adoptable VM");
      continue;
    }

    // Folders, resource pools, tags.
    if (group.folder) {
      imports[adoptionKeys.folder(tenantId)] = group.folder;
      for (const sub of ["desktops", "servers"] as const)
        if (dc.folders.some((f) => f.path === `${group.folder}/${sub}`))
          imports[adoptionKeys.folder(tenantId, sub)] = `${group.folder}/${sub}`;
    }
    const pools = dc.resourcePools.filter((p) => p.name === `rp-${tenantId}`);
    const usedClusters = new Set([
      ...(workloads.map((w) => w.cluster) as string[]),
      ...sites.filter((s) => (s.workstations as { count: number }).count > 0).map((s) => (s.cluster as string) ?? siteCluster),
    ]);
    for (const p of pools) {
      const cid = clusterIds.get(p.cluster);
      if (cid && usedClusters.has(cid)) imports[adoptionKeys.resourcePool(tenantId, cid)] = p.path;
      else skip(p.path, "a tenant pool in a cluster none of the tenant's sites or workloads uses");
    }
    const pool = pools[0];
    if (pool && (pool.cpuReservationMhz || pool.cpuLimitMhz >= 0 || pool.memoryReservationMB || pool.memoryLimitMB >= 0))
      tenant.resources = {
        cpuReservationMhz: pool.cpuReservationMhz,
        cpuLimitMhz: pool.cpuLimitMhz,
        memoryReservationGiB: Math.round(pool.memoryReservationMB / 1024),
        memoryLimitGiB: pool.memoryLimitMB < 0 ? -1 : Math.round(pool.memoryLimitMB / 1024),
      };
    adoptTag("tenant", tenantId);
    for (const [p, text] of tenantComments) guess(path(...p), text);
    tenants.push(tenant);
  }
  for (const c of dc.clusters)
    for (const rule of c.rules)
      if (!Object.values(imports).includes(providerImportIds.clusterRule(c.path, rule.name)))
        skip(
          `cluster rule ${c.name}/${rule.name}`,
          "not an anti-affinity rule of a tenant's workload group (<code>-<group>-anti-affinity)",
        );
  adoptTag("role", "desktop");
  adoptTag("role", "server");
  for (const s of sitePortGroups)
    if (!usedPortGroups.has(s.pg.name)) skip(`port group ${s.pg.name}`, `no tenant with code ${s.code.toUpperCase()}`);
  for (const f of dc.folders.filter((f) => f.type === "vm" && f.path !== vmRoot)) {
    const known = Object.values(imports).includes(f.path) || topFolders.some((t) => t.path === f.path);
    if (!known) skip(f.path, "a VM folder below a tenant's desktops and servers");
  }
  for (const p of dc.resourcePools)
    if (!Object.values(imports).includes(p.path) && !notMapped.some((n) => n.object === p.path))
      skip(p.path, "not a tenant pool (rp-<tenant>)");

  const document: Record<string, unknown> = {
    environment: "production",
    vcenter: { server: options.server ?? inv.server, allowUnverifiedSsl: options.allowUnverifiedSsl ?? false },
    datacenter: dc.name,
    ...(library && library.name !== defaultLibrary ? { contentLibrary: library.name } : {}),
    clusters,
    network,
    images: [...images.values()].sort((a, b) => String(a.id).localeCompare(String(b.id))),
    tenants,
    ...(rollout.length ? { rollout } : {}),
    adopt: { imports: Object.fromEntries(Object.entries(imports).sort(([a], [b]) => a.localeCompare(b))) },
  };
  guess(["environment"], "production, the strictest rules; set staging, test or development if it is one");
  const adopted = Object.values(imports).reduce<number>((n, id) => n + (Array.isArray(id) ? id.length : 1), 0);
  return {
    document,
    comments,
    report: {
      server: inv.server,
      datacenter: dc.name,
      read,
      adopted,
      notMapped: [...notMapped].sort((a, b) => a.object.localeCompare(b.object)),
      guessed,
      warnings: [...inv.warnings],
    },
  };
}

/** The environment file's text: the document with its `# guessed:` comments, keys in the schema's order. */
export function adoptedYaml(result: AdoptionResult): string {
  const doc = new Document(result.document);
  doc.commentBefore =
    " Written by `npm run adopt` from the vCenter inventory. Review every `guessed:` comment, then\n" +
    " `npm run synth` and `npm run report`: the first deploy imports what exists (adopt.imports) and creates nothing that does.";
  for (const { path, text } of result.comments) {
    const node = doc.getIn(path, true);
    if (isScalar(node)) node.comment = ` ${text}`;
    else if (isCollection(node)) node.commentBefore = ` ${text}`;
  }
  return doc.toString({ lineWidth: 0 });
}

/** The adoption report as Markdown. */
export function adoptionReportMarkdown(report: AdoptionReport, extra: readonly string[] = []): string {
  const lines = [
    `# Adoption of ${report.datacenter} on ${report.server}`,
    "",
    `${report.read} objects read, ${report.adopted} adopted (import blocks), ${report.notMapped.length} not mapped.`,
    "",
    "## Not mapped",
    "",
    ...(report.notMapped.length
      ? ["| object | why |", "| --- | --- |", ...report.notMapped.map((n) => `| \`${n.object}\` | ${n.reason} |`)]
      : ["Nothing."]),
    "",
    "## Guessed values (marked in the file)",
    "",
    ...(report.guessed.length ? report.guessed.map((g) => `- ${g}`) : ["None."]),
    ...(report.warnings.length ? ["", "## Warnings", "", ...report.warnings.map((w) => `- ${w}`)] : []),
    ...extra,
    "",
  ];
  return lines.join("\n");
}
