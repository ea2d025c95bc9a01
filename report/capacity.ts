/**
 * Capacity planning: per cluster, vCPU and memory demand against what the
 * cluster holds with `hostFailuresTolerated` of its largest hosts down, the
 * desktops of each image that still fit, and per site the WAN link budget.
 * Over capacity is a config error (see config/rules.ts); above 80 % is a warning.
 */
import { clusterCapacity, clusterDemand, siteLinkDemandMbps } from "../config/capacity";
import { Environment } from "../config/schema";

export const WARN_AT = 0.8;

export interface CapacityLine {
  readonly subject: string;
  readonly demand: number;
  readonly capacity: number;
  readonly unit: string;
}

const pct = (l: CapacityLine) => (l.capacity > 0 ? l.demand / l.capacity : Infinity);

export function capacityLines(env: Environment): { clusters: CapacityLine[]; links: CapacityLine[] } {
  const clusters = env.clusters.flatMap((c) => {
    const demand = clusterDemand(env, c);
    const capacity = clusterCapacity(c);
    return [
      { subject: `cluster ${c.id} vCPU`, demand: demand.vcpus, capacity: capacity.vcpus, unit: "vCPU" },
      { subject: `cluster ${c.id} memory`, demand: demand.memoryGiB, capacity: capacity.memoryGiB, unit: "GiB" },
    ];
  });
  const links = env.tenants.flatMap((t) =>
    t.sites.map((s) => ({
      subject: `site ${t.code} ${s.town} ${s.id} link`,
      demand: siteLinkDemandMbps(env, s),
      capacity: s.linkMbps,
      unit: "Mbit/s",
    })),
  );
  return { clusters, links };
}

/** Lines above 80 % of capacity (but within it), as warnings. */
export function capacityWarnings(env: Environment): string[] {
  const { clusters, links } = capacityLines(env);
  return [...clusters, ...links]
    .filter((l) => pct(l) > WARN_AT && pct(l) <= 1)
    .map((l) => `capacity warning: ${l.subject} at ${(pct(l) * 100).toFixed(0)} % (${l.demand} of ${l.capacity} ${l.unit})`);
}

/** The operator's capacity table as text. */
export function capacityReport(env: Environment): string {
  const { clusters, links } = capacityLines(env);
  const row = (l: CapacityLine) =>
    `  ${l.subject.padEnd(48)} ${String(l.demand).padStart(8)} / ${String(l.capacity).padStart(8)} ${l.unit.padEnd(6)} ${(pct(l) * 100).toFixed(0).padStart(4)} %${pct(l) > 1 ? "  OVER" : pct(l) > WARN_AT ? "  warning" : ""}`;
  const out = ["Clusters (demand / capacity with hostFailuresTolerated largest hosts down):", ...clusters.map(row), ""];
  out.push("Headroom in desktops per image:");
  for (const c of env.clusters) {
    const demand = clusterDemand(env, c);
    const capacity = clusterCapacity(c);
    const fits = env.images.map((i) => {
      const n = Math.max(
        0,
        Math.min(Math.floor((capacity.vcpus - demand.vcpus) / i.cpus), Math.floor((capacity.memoryGiB - demand.memoryGiB) / i.memoryGiB)),
      );
      return `${i.id} ${n}`;
    });
    out.push(`  cluster ${c.id}: ${fits.join(", ")}`);
  }
  out.push("", "Site links (desktops × image kbit/s):", ...links.map(row), "");
  return `${out.join("\n")}\n`;
}

/** `npm run capacity -- --json` (README: JSON output). */
export interface CapacityDocument {
  readonly kind: "rz-capacity";
  readonly config: string;
  readonly lines: readonly (CapacityLine & {
    readonly group: "cluster" | "link";
    readonly percent: number;
    readonly status: "ok" | "warning" | "over";
  })[];
  /** Desktops of each image that still fit, per cluster. */
  readonly headroom: readonly { readonly cluster: string; readonly image: string; readonly desktops: number }[];
  readonly warnings: readonly string[];
}

export function capacityDocument(env: Environment, config: string): CapacityDocument {
  const { clusters, links } = capacityLines(env);
  const line = (group: "cluster" | "link") => (l: CapacityLine) => ({
    group,
    ...l,
    percent: Math.round(pct(l) * 100),
    status: pct(l) > 1 ? ("over" as const) : pct(l) > WARN_AT ? ("warning" as const) : ("ok" as const),
  });
  const headroom = env.clusters.flatMap((c) => {
    const demand = clusterDemand(env, c);
    const capacity = clusterCapacity(c);
    return env.images.map((i) => ({
      cluster: c.id,
      image: i.id,
      desktops: Math.max(
        0,
        Math.min(Math.floor((capacity.vcpus - demand.vcpus) / i.cpus), Math.floor((capacity.memoryGiB - demand.memoryGiB) / i.memoryGiB)),
      ),
    }));
  });
  return {
    kind: "rz-capacity",
    config,
    lines: [...clusters.map(line("cluster")), ...links.map(line("link"))],
    headroom,
    warnings: capacityWarnings(env),
  };
}
