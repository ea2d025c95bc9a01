/**
 * What each tenant pays for the platform, from the price list in the
 * environment file (`prices:`), and what sharing the platform saves it.
 *
 * Money is integer cents throughout. A consumer (a site's desktops or one
 * workload) pays its own costs directly (desktop licences, server vCPU and
 * memory, its disks, its site link) and a share of the shared platform:
 *
 * - each cluster's hosts and hypervisor licences, split over the consumers
 *   running on that cluster by what they reserve there,
 *   weight = ½ · vCPU / cluster vCPU + ½ · GiB / cluster GiB,
 *   so the HA reserve and free headroom are carried in proportion to use;
 * - the shared overhead and the content library, split the same way over all
 *   consumers with the platform-wide totals.
 *
 * Each split hands out whole cents by the largest-remainder method (exact
 * integer arithmetic), so the shares add up to the amount split: no cent is
 * lost or counted twice. A cluster nobody reserves anything on is split by the
 * platform-wide weights; only a platform without any demand stays unallocated.
 */
import { ClusterDemand, DemandItem, demandItems, smallestClusterFor, sumDemand } from "../config/capacity";
import { eurCents, libraryVersions, tenantLibraryVersions } from "../config/derive";
import { ClusterConfig, Environment, PricesConfig } from "../config/schema";

/** What a cost is for, in the order the reports list (and the chart stacks) them. */
export enum CostKind {
  HOSTS = "hosts",
  LICENCES = "licences",
  LIBRARY = "library",
  OVERHEAD = "overhead",
  DESKTOPS = "desktops",
  SERVERS = "servers",
  STORAGE = "storage",
  LINKS = "links",
}

export const COST_KINDS: readonly CostKind[] = Object.values(CostKind);

/** The kinds that make up the shared platform (split by reservation); the others are a consumer's own. */
export const SHARED_KINDS: readonly CostKind[] = [CostKind.HOSTS, CostKind.LICENCES, CostKind.LIBRARY, CostKind.OVERHEAD];

export const COST_KIND_LABELS: Readonly<Record<CostKind, string>> = {
  [CostKind.HOSTS]: "hosts (hardware, support, power)",
  [CostKind.LICENCES]: "hypervisor licences",
  [CostKind.LIBRARY]: "image library storage",
  [CostKind.OVERHEAD]: "shared overhead",
  [CostKind.DESKTOPS]: "desktop licences and patching",
  [CostKind.SERVERS]: "server vCPU and memory",
  [CostKind.STORAGE]: "disks",
  [CostKind.LINKS]: "site links",
};

/** Cents per cost kind. */
export type KindCents = Readonly<Record<CostKind, number>>;

const zero = (): Record<CostKind, number> => Object.fromEntries(COST_KINDS.map((k) => [k, 0])) as Record<CostKind, number>;

export function addCents(...parts: readonly KindCents[]): KindCents {
  const sum = zero();
  for (const part of parts) for (const kind of COST_KINDS) sum[kind] += part[kind];
  return sum;
}

export const totalOf = (cents: KindCents, kinds: readonly CostKind[] = COST_KINDS): number => kinds.reduce((n, k) => n + cents[k], 0);

/** `a / b` rounded to a whole number, halves away from zero (monthly amounts, cost per workplace). */
export function divideRounded(a: number, b: number): number {
  const q = Math.abs(a) / b;
  const whole = Math.floor(q);
  const rounded = q - whole >= 0.5 ? whole + 1 : whole;
  return a < 0 ? -rounded : rounded;
}

/**
 * Split `amount` cents over integer weights: every share the floor of its
 * exact part, then the cents left over one each to the largest remainders
 * (ties to the smaller `order`). The shares add up to `amount` exactly;
 * undefined when every weight is zero.
 */
export function apportion(
  amount: number,
  weights: readonly bigint[],
  order: readonly number[] = weights.map((_, i) => i),
): number[] | undefined {
  const total = weights.reduce((n, w) => n + w, 0n);
  if (total === 0n) return undefined;
  const big = BigInt(amount);
  const exact = weights.map((w) => big * w);
  const shares = exact.map((e) => e / total);
  let left = Number(big - shares.reduce((n, s) => n + s, 0n));
  const byRemainder = weights
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = exact[a] % total;
      const rb = exact[b] % total;
      return ra === rb ? order[a] - order[b] : ra > rb ? -1 : 1;
    });
  const result = shares.map(Number);
  for (const i of byRemainder) {
    if (left <= 0) break;
    result[i] += 1;
    left -= 1;
  }
  return result;
}

/** Weights ½ · vCPU share + ½ · memory share, as integers: vCPU_i · ΣGiB + GiB_i · ΣvCPU. */
function reservationWeights(items: readonly DemandItem[]): bigint[] {
  const total = sumDemand(items);
  return items.map((i) => BigInt(i.vcpus) * BigInt(total.memoryGiB) + BigInt(i.memoryGiB) * BigInt(total.vcpus));
}

/** The price list in cents. */
interface Prices {
  readonly example: boolean;
  readonly host: number;
  readonly licencePerCore: number;
  readonly desktop: (imageId: string) => number;
  readonly datastorePerGiB: number;
  readonly linkPerMbps: number;
  readonly workloadPerVcpu: number;
  readonly workloadPerMemoryGiB: number;
  readonly overhead: number;
}

function pricesInCents(prices: PricesConfig): Prices {
  return {
    example: prices.example,
    host: eurCents(prices.hostEurPerYear),
    licencePerCore: eurCents(prices.licenceEurPerCoreYear),
    desktop: (imageId) => (Object.hasOwn(prices.desktopEurPerYear, imageId) ? eurCents(prices.desktopEurPerYear[imageId]) : 0),
    datastorePerGiB: eurCents(prices.datastoreEurPerGiBYear),
    linkPerMbps: eurCents(prices.linkEurPerMbpsYear),
    workloadPerVcpu: eurCents(prices.workloadEurPerVcpuYear),
    workloadPerMemoryGiB: eurCents(prices.workloadEurPerMemoryGiBYear),
    overhead: eurCents(prices.sharedOverheadEurPerYear),
  };
}

/** A cluster's yearly hosts and hypervisor licences. */
function clusterCents(cluster: ClusterConfig, prices: Prices): { hosts: number; licences: number } {
  const cores = cluster.hosts.reduce((n, h) => n + h.cpuCores, 0);
  return { hosts: cluster.hosts.length * prices.host, licences: cores * prices.licencePerCore };
}

/** What one consumer pays: a site's desktops or one workload. */
export interface ConsumerCost {
  readonly kind: "site" | "workload";
  readonly tenantId: string;
  /** Site or workload id. */
  readonly id: string;
  /** The town of a site; the workload id of a workload. */
  readonly label: string;
  readonly clusterId: string | undefined;
  readonly desktops: number;
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly diskGiB: number;
  readonly cents: KindCents;
  /** Its share of the shared platform (hosts, licences, library, overhead). */
  readonly shareCents: number;
  readonly totalCents: number;
}

export interface TenantCost {
  readonly id: string;
  readonly name: string;
  readonly code: string;
  readonly desktops: number;
  readonly workloads: number;
  readonly cents: KindCents;
  readonly shareCents: number;
  /** Its own costs: desktops, servers, disks, links. */
  readonly ownCents: number;
  readonly yearlyCents: number;
  /** yearly / 12, rounded to whole cents. */
  readonly monthlyCents: number;
  /** yearly / desktops, rounded to whole cents; null without desktops. */
  readonly perWorkplaceCents: number | null;
  /** What it spent (given, `baselineEurPerYear`) or would spend (computed) running the same alone. */
  readonly baseline: { readonly source: "given" | "computed"; readonly yearlyCents: number };
  /** baseline − yearly: what sharing the platform saves it (negative: it pays more than alone). */
  readonly savingCents: number;
}

export interface ClusterCost {
  readonly id: string;
  readonly hosts: number;
  readonly cores: number;
  readonly hostsCents: number;
  readonly licencesCents: number;
  /** Hosts and licences of the `hostFailuresTolerated` largest hosts: the HA reserve everybody carries. */
  readonly haReserveCents: number;
  readonly demand: ClusterDemand;
}

export interface CostModel {
  readonly example: boolean;
  readonly clusters: readonly ClusterCost[];
  readonly consumers: readonly ConsumerCost[];
  readonly tenants: readonly TenantCost[];
  /** The platform's costs per kind: the sum of every consumer's plus what stayed unallocated. */
  readonly platform: KindCents;
  /** Shared costs nobody reserves anything to carry (only when no consumer has any demand). */
  readonly unallocated: KindCents;
}

/** Desktops, servers, disks and link of one consumer. */
function ownCents(env: Environment, item: DemandItem, prices: Prices): KindCents {
  const cents = zero();
  cents[CostKind.STORAGE] = item.diskGiB * prices.datastorePerGiB;
  if (item.kind === "site") {
    const site = env.tenants.find((t) => t.id === item.tenantId)!.sites.find((s) => s.id === item.id)!;
    cents[CostKind.DESKTOPS] = item.desktops * prices.desktop(site.workstations.image);
    cents[CostKind.LINKS] = Math.round(site.linkMbps * prices.linkPerMbps);
  } else {
    cents[CostKind.SERVERS] = item.vcpus * prices.workloadPerVcpu + item.memoryGiB * prices.workloadPerMemoryGiB;
  }
  return cents;
}

/** The shared library: every version the content library holds, one image disk each. */
function libraryCents(env: Environment, prices: Prices): number {
  return env.images.reduce((n, image) => n + libraryVersions(env, image).length * image.diskGiB * prices.datastorePerGiB, 0);
}

/**
 * What a tenant would pay running the same alone: its own copy of each
 * cluster it uses, sized by the capacity rules for its demand only
 * ({@link smallestClusterFor}), a library of its own image versions, the
 * whole shared overhead, and the same own costs.
 */
function aloneCents(env: Environment, tenantId: string, items: readonly DemandItem[], prices: Prices): number {
  const tenant = env.tenants.find((t) => t.id === tenantId)!;
  const mine = items.filter((i) => i.tenantId === tenantId);
  let cents = mine.reduce((n, i) => n + totalOf(ownCents(env, i, prices)), 0) + prices.overhead;
  for (const cluster of env.clusters) {
    const demand = sumDemand(mine.filter((i) => i.clusterId === cluster.id));
    if (demand.vcpus === 0 && demand.memoryGiB === 0) continue;
    const own = clusterCents(smallestClusterFor(cluster, demand), prices);
    cents += own.hosts + own.licences;
  }
  for (const { image } of tenantLibraryVersions(env, tenant)) cents += image.diskGiB * prices.datastorePerGiB;
  return cents;
}

/** The cost model of an environment under a price list (default: its own); undefined without one. */
export function costModel(env: Environment, priceList: PricesConfig | undefined = env.prices): CostModel | undefined {
  if (!priceList) return undefined;
  const prices = pricesInCents(priceList);
  const items = demandItems(env);
  // Ties of the largest-remainder split go by config ids, not by file order.
  const keys = items.map((i) => `${i.tenantId}\u0000${i.kind}\u0000${i.id}`);
  const sorted = new Map([...keys].sort().map((k, i) => [k, i]));
  const rank = keys.map((k) => sorted.get(k)!);
  const shared = items.map(() => zero());
  const unallocated = zero();

  const split = (kind: CostKind, amount: number, members: readonly number[]): boolean => {
    const shares = apportion(
      amount,
      reservationWeights(members.map((m) => items[m])),
      members.map((m) => rank[m]),
    );
    if (!shares) return false;
    shares.forEach((share, j) => (shared[members[j]][kind] += share));
    return true;
  };
  const everyone = items.map((_, i) => i);
  const splitAll = (kind: CostKind, amount: number) => {
    if (!split(kind, amount, everyone)) unallocated[kind] += amount;
  };

  const clusters = env.clusters.map((cluster): ClusterCost => {
    const cost = clusterCents(cluster, prices);
    const members = everyone.filter((i) => items[i].clusterId === cluster.id);
    if (!split(CostKind.HOSTS, cost.hosts, members)) splitAll(CostKind.HOSTS, cost.hosts);
    if (!split(CostKind.LICENCES, cost.licences, members)) splitAll(CostKind.LICENCES, cost.licences);
    const reserveCores = [...cluster.hosts.map((h) => h.cpuCores)]
      .sort((a, b) => b - a)
      .slice(0, cluster.ha.hostFailuresTolerated)
      .reduce((n, c) => n + c, 0);
    return {
      id: cluster.id,
      hosts: cluster.hosts.length,
      cores: cluster.hosts.reduce((n, h) => n + h.cpuCores, 0),
      hostsCents: cost.hosts,
      licencesCents: cost.licences,
      haReserveCents: Math.min(cluster.ha.hostFailuresTolerated, cluster.hosts.length) * prices.host + reserveCores * prices.licencePerCore,
      demand: sumDemand(members.map((m) => items[m])),
    };
  });
  splitAll(CostKind.LIBRARY, libraryCents(env, prices));
  splitAll(CostKind.OVERHEAD, prices.overhead);

  const consumers = items.map((item, i): ConsumerCost => {
    const cents = addCents(shared[i], ownCents(env, item, prices));
    const tenant = env.tenants.find((t) => t.id === item.tenantId)!;
    return {
      kind: item.kind,
      tenantId: item.tenantId,
      id: item.id,
      label: item.kind === "site" ? tenant.sites.find((s) => s.id === item.id)!.town : item.id,
      clusterId: item.clusterId,
      desktops: item.desktops,
      vcpus: item.vcpus,
      memoryGiB: item.memoryGiB,
      diskGiB: item.diskGiB,
      cents,
      shareCents: totalOf(cents, SHARED_KINDS),
      totalCents: totalOf(cents),
    };
  });

  const tenants = env.tenants.map((tenant): TenantCost => {
    const mine = consumers.filter((c) => c.tenantId === tenant.id);
    const cents = addCents(...mine.map((c) => c.cents));
    const yearlyCents = totalOf(cents);
    const desktops = mine.reduce((n, c) => n + c.desktops, 0);
    const baseline =
      tenant.baselineEurPerYear !== undefined
        ? { source: "given" as const, yearlyCents: eurCents(tenant.baselineEurPerYear) }
        : { source: "computed" as const, yearlyCents: aloneCents(env, tenant.id, items, prices) };
    return {
      id: tenant.id,
      name: tenant.name,
      code: tenant.code,
      desktops,
      workloads: tenant.workloads.length,
      cents,
      shareCents: totalOf(cents, SHARED_KINDS),
      ownCents: yearlyCents - totalOf(cents, SHARED_KINDS),
      yearlyCents,
      monthlyCents: divideRounded(yearlyCents, 12),
      perWorkplaceCents: desktops > 0 ? divideRounded(yearlyCents, desktops) : null,
      baseline,
      savingCents: baseline.yearlyCents - yearlyCents,
    };
  });

  return {
    example: prices.example,
    clusters,
    consumers,
    tenants,
    platform: addCents(unallocated, ...consumers.map((c) => c.cents)),
    unallocated,
  };
}

/** One row of a cost change: a tenant, a site or a workload before and after (null: not there). */
export interface CostChangeRow {
  readonly kind: "tenant" | "site" | "workload";
  readonly tenantId: string;
  readonly tenantName: string;
  /** Site or workload id; the tenant id for a tenant. */
  readonly id: string;
  /** Town of a site. */
  readonly town?: string;
  readonly desktopsBefore: number | null;
  readonly desktopsAfter: number | null;
  readonly beforeCents: number | null;
  readonly afterCents: number | null;
  readonly deltaCents: number;
  /**
   * Why it changed: `added`, `removed`, `changed` (its own costs or demand
   * changed: desktops, image, link, size), or `share` (only its share of the
   * platform moved, because something else changed). Tenants: `added`,
   * `removed` or `changed`.
   */
  readonly reason: "added" | "removed" | "changed" | "share";
}

export interface CostChange {
  readonly example: boolean;
  /** The base was priced with the head's price list (it had none of its own). */
  readonly basePricedWithHead: boolean;
  readonly tenants: readonly CostChangeRow[];
  /** Sites and workloads whose yearly cost changed. */
  readonly items: readonly CostChangeRow[];
  readonly total: { readonly beforeCents: number; readonly afterCents: number; readonly deltaCents: number };
}

/** The same demand and the same own costs: only its share of the platform can have moved. */
function sameOwn(b: ConsumerCost, a: ConsumerCost): boolean {
  return (
    b.desktops === a.desktops &&
    b.vcpus === a.vcpus &&
    b.memoryGiB === a.memoryGiB &&
    b.diskGiB === a.diskGiB &&
    b.clusterId === a.clusterId &&
    b.totalCents - b.shareCents === a.totalCents - a.shareCents
  );
}

/**
 * The cost change from one configuration to another, each priced with its
 * own price list (a base without one is priced with the head's); undefined
 * when the head has no price list.
 */
export function costChange(base: Environment, head: Environment): CostChange | undefined {
  const after = costModel(head);
  if (!after) return undefined;
  const before = costModel(base, base.prices ?? head.prices)!;
  const delta = (b: number | null, a: number | null) => (a ?? 0) - (b ?? 0);
  const tenantIds = [
    ...head.tenants.map((t) => t.id),
    ...base.tenants.map((t) => t.id).filter((id) => !head.tenants.some((t) => t.id === id)),
  ];
  const tenants = tenantIds.map((id): CostChangeRow => {
    const b = before.tenants.find((t) => t.id === id);
    const a = after.tenants.find((t) => t.id === id);
    return {
      kind: "tenant",
      tenantId: id,
      tenantName: (a ?? b)!.name,
      id,
      desktopsBefore: b?.desktops ?? null,
      desktopsAfter: a?.desktops ?? null,
      beforeCents: b?.yearlyCents ?? null,
      afterCents: a?.yearlyCents ?? null,
      deltaCents: delta(b?.yearlyCents ?? null, a?.yearlyCents ?? null),
      reason: !b ? "added" : !a ? "removed" : "changed",
    };
  });
  const key = (c: ConsumerCost) => `${c.tenantId}\u0000${c.kind}\u0000${c.id}`;
  const seen = new Set<string>();
  const items: CostChangeRow[] = [];
  for (const c of [...after.consumers, ...before.consumers]) {
    if (seen.has(key(c))) continue;
    seen.add(key(c));
    const b = before.consumers.find((x) => key(x) === key(c));
    const a = after.consumers.find((x) => key(x) === key(c));
    const row: CostChangeRow = {
      kind: c.kind,
      tenantId: c.tenantId,
      tenantName: tenants.find((t) => t.id === c.tenantId)!.tenantName,
      id: c.id,
      ...(c.kind === "site" ? { town: c.label } : {}),
      desktopsBefore: b?.desktops ?? null,
      desktopsAfter: a?.desktops ?? null,
      beforeCents: b?.totalCents ?? null,
      afterCents: a?.totalCents ?? null,
      deltaCents: delta(b?.totalCents ?? null, a?.totalCents ?? null),
      reason: !b ? "added" : !a ? "removed" : sameOwn(b, a) ? "share" : "changed",
    };
    if (row.deltaCents !== 0 || row.beforeCents === null || row.afterCents === null) items.push(row);
  }
  const beforeTotal = totalOf(before.platform);
  const afterTotal = totalOf(after.platform);
  return {
    example: after.example || before.example,
    basePricedWithHead: base.prices === undefined,
    tenants,
    items,
    total: { beforeCents: beforeTotal, afterCents: afterTotal, deltaCents: afterTotal - beforeTotal },
  };
}
