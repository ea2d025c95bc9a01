/**
 * Capacity maths: the demand desktops and workloads place on clusters and
 * site links, and what a cluster holds with its tolerated host failures.
 * Used by the validation rules (over capacity is an error) and the capacity
 * report (headroom, warnings above 80 %).
 */
import { desktopClusterId, workloadClusterId } from "./derive";
import { ClusterConfig, Environment } from "./schema";

/** Demand placed on one cluster by desktops and workloads. */
export interface ClusterDemand {
  readonly vcpus: number;
  readonly memoryGiB: number;
  readonly desktops: number;
  readonly workloads: number;
}

/** What one consumer (a site's desktops or one workload) reserves on the cluster it runs on now. */
export interface DemandItem {
  readonly kind: "site" | "workload";
  readonly tenantId: string;
  /** The site or workload id. */
  readonly id: string;
  /** The cluster it runs on now (desktopClusterId / workloadClusterId); undefined only for a site without a cluster to run on. */
  readonly clusterId: string | undefined;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** Provisioned disk of its VMs. */
  readonly diskGiB: number;
  readonly desktops: number;
}

/** Every site and workload with its demand, in file order: the input of the capacity sums and the cost allocation. */
export function demandItems(env: Environment): DemandItem[] {
  return env.tenants.flatMap((tenant) => [
    ...tenant.sites.map((site): DemandItem => {
      const image = env.images.find((i) => i.id === site.workstations.image);
      const count = image ? site.workstations.count : 0;
      return {
        kind: "site",
        tenantId: tenant.id,
        id: site.id,
        clusterId: desktopClusterId(env, site),
        vcpus: count * (image?.cpus ?? 0),
        memoryGiB: count * (image?.memoryGiB ?? 0),
        diskGiB: count * (image?.diskGiB ?? 0),
        desktops: count,
      };
    }),
    ...tenant.workloads.map(
      (workload): DemandItem => ({
        kind: "workload",
        tenantId: tenant.id,
        id: workload.id,
        clusterId: workloadClusterId(env, workload),
        vcpus: workload.cpus,
        memoryGiB: workload.memoryGiB,
        diskGiB: workload.diskGiB,
        desktops: 0,
      }),
    ),
  ]);
}

/** The sum of some consumers' demand. */
export function sumDemand(items: readonly DemandItem[]): ClusterDemand {
  return {
    vcpus: items.reduce((n, i) => n + i.vcpus, 0),
    memoryGiB: items.reduce((n, i) => n + i.memoryGiB, 0),
    desktops: items.reduce((n, i) => n + i.desktops, 0),
    workloads: items.filter((i) => i.kind === "workload").length,
  };
}

/** A cluster's demand; pass `items` (demandItems(env)) when asking for many clusters, or each call lists the whole environment. */
export function clusterDemand(env: Environment, cluster: ClusterConfig, items: readonly DemandItem[] = demandItems(env)): ClusterDemand {
  return sumDemand(items.filter((i) => i.clusterId === cluster.id));
}

/** Capacity left when the `hostFailuresTolerated` largest hosts are down. */
export function clusterCapacity(cluster: ClusterConfig): { vcpus: number; memoryGiB: number } {
  const down = cluster.ha.hostFailuresTolerated;
  const withoutLargest = (values: number[]) =>
    [...values]
      .sort((a, b) => b - a)
      .slice(down)
      .reduce((sum, v) => sum + v, 0);
  return {
    vcpus: Math.floor(withoutLargest(cluster.hosts.map((h) => h.cpuCores)) * cluster.vcpuPerCore),
    memoryGiB: withoutLargest(cluster.hosts.map((h) => h.memoryGiB)),
  };
}

/** Bandwidth the desktops of a site need on its WAN link, in Mbit/s (desktops × the image's per-desktop kbit/s). */
export function siteLinkDemandMbps(env: Environment, site: { workstations: { count: number; image: string } }): number {
  const image = env.images.find((i) => i.id === site.workstations.image);
  return image ? (site.workstations.count * image.linkKbps) / 1000 : 0;
}

/** Whether a cluster holds a demand with its tolerated host failures (vCPU at vcpuPerCore, memory not overcommitted). */
export function clusterHolds(cluster: ClusterConfig, demand: { vcpus: number; memoryGiB: number }): boolean {
  const capacity = clusterCapacity(cluster);
  return demand.vcpus <= capacity.vcpus && demand.memoryGiB <= capacity.memoryGiB;
}

/**
 * The smallest copy of a cluster that holds a demand by the same capacity
 * rules: its hosts taken in file order (repeated if needed), at least
 * `hostFailuresTolerated + 1` of them. What a tenant alone would have had to
 * buy for the consumers it runs on that cluster.
 */
export function smallestClusterFor(cluster: ClusterConfig, demand: { vcpus: number; memoryGiB: number }): ClusterConfig {
  const hostsOf = (n: number) => Array.from({ length: n }, (_, i) => cluster.hosts[i % cluster.hosts.length]);
  let n = cluster.ha.hostFailuresTolerated + 1;
  while (!clusterHolds({ ...cluster, hosts: hostsOf(n) }, demand)) n += 1;
  return { ...cluster, hosts: hostsOf(n) };
}
