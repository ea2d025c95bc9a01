/**
 * Values derived from the configuration: defaults that depend on other
 * fields, and names built from ids. Pure functions, and the one place each
 * such value is computed: the validation rules, the stacks, the reports
 * (capacity, topology, plan report) and the tools all call these, so they
 * never disagree.
 */
import { hostConstructId, imageKey, libraryItemConstructId, logicalIdPart } from "../domain/names";
import { formatIpv4, Ipv4Range, parseCidr, parseIpv4 } from "./net";
import {
  ClusterConfig,
  ClusterLocation,
  Environment,
  ImageConfig,
  InfrastructureNetworkConfig,
  SiteConfig,
  TenantConfig,
  WorkloadConfig,
} from "./schema";

export { hostConstructId, imageKey, libraryItemConstructId, logicalIdPart };

/** Windows computer names (NetBIOS) have at most 15 characters. */
export const NETBIOS_MAX = 15;

/** The first data-centre (rechenzentrum) cluster, if there is one. */
export function firstDataCentreCluster(env: Environment): ClusterConfig | undefined {
  return env.clusters.find((c) => c.location === ClusterLocation.RECHENZENTRUM);
}

/** The cluster a site's desktops run on: its own choice, else the first data-centre cluster. */
export function desktopClusterId(env: Environment, site: SiteConfig): string | undefined {
  return site.cluster ?? firstDataCentreCluster(env)?.id;
}

/** The cluster whose datastore backs the content library: the first data-centre cluster, else the first cluster. */
export function libraryCluster(env: Environment): ClusterConfig {
  return firstDataCentreCluster(env) ?? env.clusters[0];
}

/**
 * Computer name prefix of a site's desktops: `<code>-<site>` with the site id
 * upper-cased, hyphens dropped and its letters shortened so that
 * `<prefix>-nnn` fits 15 characters while trailing digits are kept
 * (`brunsbuettel-2` → `DI-BRUNSBU2`).
 */
export function computerNamePrefix(tenant: TenantConfig, site: SiteConfig): string {
  if (site.computerNamePrefix) return site.computerNamePrefix;
  const budget = NETBIOS_MAX - tenant.code.length - 1 - 4;
  const compact = site.id.replace(/-/g, "").toUpperCase();
  const digits = /\d*$/.exec(compact)?.[0] ?? "";
  const letters = compact.slice(0, compact.length - digits.length);
  const keep = Math.max(1, budget - digits.length);
  return `${tenant.code}-${letters.slice(0, keep)}${digits}`;
}

/** VM name prefix of a site's desktops: `<code>-<site>` with the code in lower case. */
export function desktopNamePrefix(tenant: TenantConfig, site: SiteConfig): string {
  return `${tenant.code.toLowerCase()}-${site.id}`;
}

/** VM name of the n-th desktop of a site (1-based): `<code>-<site>-<nnn>`. */
export function desktopName(tenant: TenantConfig, site: SiteConfig, index: number): string {
  return `${desktopNamePrefix(tenant, site)}-${String(index).padStart(3, "0")}`;
}

/** Windows computer name of the n-th desktop of a site (1-based). */
export function desktopComputerName(tenant: TenantConfig, site: SiteConfig, index: number): string {
  return `${computerNamePrefix(tenant, site)}-${String(index).padStart(3, "0")}`;
}

/** VM name of a migrated application server: `<code>-app-<workload>`. */
export function workloadVmName(tenant: TenantConfig, workloadId: string): string {
  return `${tenant.code.toLowerCase()}-app-${workloadId}`;
}

/** DNS domain of the vCenter (`vcenter.rz.example` → `rz.example`), used for defaults. */
export function vcenterDomain(env: Environment): string {
  const host = env.vcenter.server.replace(/:\d+$/, "");
  if (/^[\d.]+$/.test(host) || !host.includes(".")) return "local";
  return host.slice(host.indexOf(".") + 1);
}

export interface DatastoreSettings {
  readonly name: string;
  readonly nfsServers: readonly string[];
  readonly nfsPath: string;
}

export function datastoreSettings(env: Environment, cluster: ClusterConfig): DatastoreSettings {
  return {
    name: cluster.datastore.name ?? `ds-${cluster.id}`,
    nfsServers: cluster.datastore.nfsServers ?? [`nas.${vcenterDomain(env)}`],
    nfsPath: cluster.datastore.nfsPath ?? `/vol/${cluster.id}`,
  };
}

export function imageRepositoryUrl(env: Environment): string {
  return (env.imageRepositoryUrl ?? `https://images.${vcenterDomain(env)}/golden`).replace(/\/+$/, "");
}

/** Where the OVF of one image version is published. */
export function imageOvfUrl(env: Environment, image: ImageConfig): string {
  return image.ovfUrl ?? `${imageRepositoryUrl(env)}/${image.id}/${image.version}/${image.id}.ovf`;
}

export function contentLibraryName(env: Environment): string {
  return env.contentLibrary ?? `${env.datacenter}-golden-images`;
}

/** Physical NICs bound to the switch uplinks on every host. */
export function hostNics(env: Environment): readonly string[] {
  return env.network.switch.hostNics ?? env.network.switch.uplinks.map((_, i) => `vmnic${i}`);
}

/** The version of an image that a rollout wave runs: the wave's `rollout:` entry, else the image's own version ("" for an unknown image). */
export function waveImageVersion(env: Environment, imageId: string, wave: number): string {
  const pinned = env.rollout.find((r) => r.wave === wave && r.image === imageId);
  return pinned?.version ?? env.images.find((i) => i.id === imageId)?.version ?? "";
}

/** The image version a site's desktops run (what the stacks deploy): its wave's rollout entry, else the image's own version. */
export function siteImageVersion(env: Environment, site: SiteConfig): string {
  return waveImageVersion(env, site.workstations.image, site.workstations.wave);
}

/** `<image>@<version>` of the image version a site's desktops run. */
export function siteImageKey(env: Environment, site: SiteConfig): string {
  return imageKey(site.workstations.image, siteImageVersion(env, site));
}

/** Versions of an image kept in the content library: those some site runs or a server is cloned from (the image's own version if none uses it). */
export function libraryVersions(env: Environment, image: ImageConfig): string[] {
  const used = [
    ...env.tenants.flatMap((t) => t.sites.filter((s) => s.workstations.image === image.id).map((s) => siteImageVersion(env, s))),
    ...env.tenants.flatMap((t) => t.workloads.filter((w) => serverImage(env, w)?.id === image.id).map(() => image.version)),
  ];
  return used.length ? [...new Set(used)].sort() : [image.version];
}

/** Compare versions like `2026.9` < `2026.11` (numeric parts compared as numbers). */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** The cluster a workload runs on now: its source until its migration wave is completed, then its target. */
export function workloadClusterId(env: Environment, workload: WorkloadConfig): string {
  if (workload.migrateFrom === undefined) return workload.cluster;
  const completed = env.migration?.completedWaves ?? Number.POSITIVE_INFINITY;
  return (workload.migrateInWave ?? 1) <= completed ? workload.cluster : workload.migrateFrom;
}

/** NTP servers of every host: configured, else `ntp.<vCenter domain>`. */
export function ntpServers(env: Environment): readonly string[] {
  return env.ntpServers ?? [`ntp.${vcenterDomain(env)}`];
}

/** Stack names, derived from config ids only: they are the state identities. */
export const stackNames = {
  platform: "platform",
  network: "network",
  images: "images",
  tenant: (tenantId: string) => `tenant-${tenantId}`,
  site: (tenantId: string, siteId: string) => `site-${tenantId}-${siteId}`,
};

/** Every stack name an environment can have (site stacks without desktops included). */
export function allStackNames(env: Environment): string[] {
  return [
    stackNames.platform,
    stackNames.network,
    stackNames.images,
    ...env.tenants.flatMap((t) => [stackNames.tenant(t.id), ...t.sites.map((s) => stackNames.site(t.id, s.id))]),
  ];
}

/** PostgreSQL truncates longer identifiers silently, so longer schema names are rejected. */
export const PG_IDENTIFIER_MAX = 63;

/** The PostgreSQL schema that holds one stack's state: `<prefix>_<stack>`, hyphens as underscores. */
export function stateSchemaName(schemaPrefix: string, stackName: string): string {
  return `${schemaPrefix}_${stackName.replace(/-/g, "_")}`;
}

/** Every site stack with the config path of its site: the input of the stack-name uniqueness rule. */
export function siteStacks(env: Environment): { path: string; tenantId: string; siteId: string; stack: string }[] {
  return env.tenants.flatMap((t, ti) =>
    t.sites.map((s, si) => ({ path: `tenants[${ti}].sites[${si}]`, tenantId: t.id, siteId: s.id, stack: stackNames.site(t.id, s.id) })),
  );
}

/** The versions of an image that may reach the content library: its own and every rollout version of it. */
export function imageVersionsInUse(env: Environment, image: ImageConfig): string[] {
  return [image.version, ...env.rollout.filter((r) => r.image === image.id).map((r) => r.version)];
}

/** Where the content library item of one image version sits in Terraform (its logical id in the images stack). */
export function libraryItemAddress(imageId: string, version: string): string {
  return logicalIdPart(`images_${libraryItemConstructId(imageId, version)}`);
}

/** Address ranges site subnets may use by default: private (RFC 1918, RFC 6598 shared) and documentation (RFC 5737). */
export const DEFAULT_SITE_RANGES: readonly string[] = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "192.0.2.0/24",
  "198.51.100.0/24",
  "203.0.113.0/24",
];

/** Ranges no network may use, configured or not: this network, loopback, link-local, multicast and reserved. */
export const RESERVED_RANGES: readonly string[] = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"];

/** The ranges site subnets must lie in: `network.siteRanges`, else {@link DEFAULT_SITE_RANGES}. */
export function siteRanges(env: Environment): readonly string[] {
  return env.network.siteRanges ?? DEFAULT_SITE_RANGES;
}

/** An amount in euros (whole cents, as the schema admits prices) as an integer number of cents: the unit of every cost. */
export function eurCents(eur: number): number {
  return Math.round(eur * 100);
}

/**
 * The image versions a tenant's desktops run, each once, in key order: what a
 * content library of its own would hold (the shared library holds {@link libraryVersions}).
 */
export function tenantLibraryVersions(env: Environment, tenant: TenantConfig): { image: ImageConfig; version: string }[] {
  const found = new Map<string, { image: ImageConfig; version: string }>();
  for (const site of tenant.sites) {
    const image = env.images.find((i) => i.id === site.workstations.image);
    if (image && site.workstations.count > 0) found.set(siteImageKey(env, site), { image, version: siteImageVersion(env, site) });
  }
  return [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
}

/** The image a workload's server is cloned from: its own choice, else the first image of its os; none: the server is an empty VM. */
export function serverImage(env: Environment, workload: WorkloadConfig): ImageConfig | undefined {
  return workload.image !== undefined ? env.images.find((i) => i.id === workload.image) : env.images.find((i) => i.os === workload.os);
}

/** Windows computer name of a server: `<code>-<workload id without hyphens>`, upper case, at most 15 characters. */
export function workloadComputerName(tenant: TenantConfig, workload: WorkloadConfig): string {
  return `${tenant.code}-${workload.id.replace(/-/g, "").toUpperCase()}`.slice(0, NETBIOS_MAX);
}

/** Host name of a server (Linux, DNS records): its VM name. */
export function workloadHostName(tenant: TenantConfig, workload: WorkloadConfig): string {
  return workloadVmName(tenant, workload.id);
}

/** A network's gateway: configured, else the first host address of its CIDR. */
export function networkGateway(network: { readonly cidr: string; readonly gateway?: string }): string | undefined {
  if (network.gateway !== undefined) return network.gateway;
  const range = parseCidr(network.cidr).range;
  return range ? formatIpv4(range.first + 1) : undefined;
}

/** A network's DNS suffix: configured, else the vCenter's domain. */
export function networkDnsSuffix(env: Environment, network: { readonly dnsSuffix?: string }): string {
  return network.dnsSuffix ?? vcenterDomain(env);
}

/** The clusters whose hosts carry an infrastructure network: configured, else every cluster. */
export function networkClusterIds(env: Environment, network: InfrastructureNetworkConfig): readonly string[] {
  return network.clusters ?? env.clusters.map((c) => c.id);
}

/** FNV-1a, 32 bit: a hash that depends on the text only (not on the runtime or the order of anything). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * Addresses of a network the allocator never hands out: the first ten host
 * addresses (gateway, routers, appliances by convention).
 */
export const RESERVED_LOW_HOSTS = 10;

/**
 * The stable address of a workload without an `ip`: a hash of
 * `<tenant id>/<workload id>` into the network's host addresses above the
 * reserved low ones. It depends on these two ids and the CIDR only, so adding,
 * removing or reordering other workloads never moves a server; a collision is
 * reported by validation (set `ip` on one of them), never resolved by moving.
 */
export function allocatedAddress(tenantId: string, workloadId: string, range: Ipv4Range): number {
  const first = range.first + 1 + RESERVED_LOW_HOSTS;
  const size = range.last - first; // the broadcast address is excluded
  if (size <= 0) return range.first + 1;
  return first + (fnv1a(`${tenantId}/${workloadId}`) % size);
}

/** The network identity of a server as the stacks customise it and the reports show it. */
export interface ServerAddress {
  readonly networkId: string;
  readonly ip: string;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly dnsServers: readonly string[];
  readonly dnsSuffix: string;
  /** True when the address was derived (no `ip` in the file). */
  readonly allocated: boolean;
}

/** A workload's address on its network; undefined when its network is unknown or invalid (validation reports those). */
export function workloadAddress(env: Environment, tenant: TenantConfig, workload: WorkloadConfig): ServerAddress | undefined {
  const network = env.network.infrastructure.find((n) => n.id === workload.network);
  const range = network ? parseCidr(network.cidr).range : undefined;
  const gateway = network ? networkGateway(network) : undefined;
  if (!network || !range || gateway === undefined) return undefined;
  const ip = workload.ip ?? formatIpv4(allocatedAddress(tenant.id, workload.id, range));
  return {
    networkId: network.id,
    ip,
    prefixLength: range.prefix,
    gateway,
    dnsServers: network.dnsServers,
    dnsSuffix: networkDnsSuffix(env, network),
    allocated: workload.ip === undefined,
  };
}

/** The addresses a site leaves to DHCP for its desktops: the host addresses on the larger side of its gateway. */
export function siteDhcpRange(site: SiteConfig): { readonly first: string; readonly last: string; readonly size: number } | undefined {
  const range = parseCidr(site.cidr).range;
  const gatewayText = networkGateway(site);
  const gateway = gatewayText === undefined ? undefined : parseIpv4(gatewayText);
  if (!range || gateway === undefined) return undefined;
  const below = { first: range.first + 1, last: gateway - 1 };
  const above = { first: gateway + 1, last: range.last - 1 };
  const pick = above.last - above.first >= below.last - below.first ? above : below;
  if (pick.last < pick.first) return undefined;
  return { first: formatIpv4(pick.first), last: formatIpv4(pick.last), size: pick.last - pick.first + 1 };
}
