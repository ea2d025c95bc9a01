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

export function clusterDemand(env: Environment, cluster: ClusterConfig): ClusterDemand {
  let vcpus = 0;
  let memoryGiB = 0;
  let desktops = 0;
  let workloads = 0;
  for (const tenant of env.tenants) {
    for (const site of tenant.sites) {
      if (desktopClusterId(env, site) !== cluster.id) continue;
      const image = env.images.find((i) => i.id === site.workstations.image);
      if (!image) continue;
      desktops += site.workstations.count;
      vcpus += site.workstations.count * image.cpus;
      memoryGiB += site.workstations.count * image.memoryGiB;
    }
    for (const workload of tenant.workloads) {
      if (workloadClusterId(env, workload) !== cluster.id) continue;
      workloads += 1;
      vcpus += workload.cpus;
      memoryGiB += workload.memoryGiB;
    }
  }
  return { vcpus, memoryGiB, desktops, workloads };
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
