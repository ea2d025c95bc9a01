/** The default environment describes Kreis Dithmarschen as the county runs it. */
import { loadEnvironment, DEFAULT_CONFIG } from "../../config/load";
import { clusterCapacity, clusterDemand } from "../../config/capacity";
import { ROOT } from "../helpers";
import * as path from "node:path";

const env = loadEnvironment(path.join(ROOT, DEFAULT_CONFIG));

describe("config/dithmarschen.yaml", () => {
  test("has 430 workplaces at five sites in Meldorf, Heide and Brunsbüttel", () => {
    const sites = env.tenants.flatMap((t) => t.sites);
    expect(sites).toHaveLength(5);
    expect(sites.reduce((n, s) => n + s.workstations.count, 0)).toBe(430);
    expect(new Set(sites.map((s) => s.town))).toEqual(new Set(["Meldorf", "Heide", "Brunsbüttel"]));
  });

  test("has a data-centre cluster and a Kreishaus cluster", () => {
    expect(env.clusters.map((c) => c.location).sort()).toEqual(["kreishaus", "rechenzentrum"]);
  });

  test("has management, vMotion and server networks and at least two images", () => {
    expect(env.network.infrastructure.map((n) => n.id)).toEqual(expect.arrayContaining(["management", "vmotion", "servers"]));
    expect(env.images.length).toBeGreaterThanOrEqual(2);
  });

  test("migrated applications run in both clusters", () => {
    const clusters = new Set(env.tenants.flatMap((t) => t.workloads.map((w) => w.cluster)));
    expect(clusters).toEqual(new Set(env.clusters.map((c) => c.id)));
  });

  test("every cluster keeps at least 10 % headroom with a host down", () => {
    for (const cluster of env.clusters) {
      const demand = clusterDemand(env, cluster);
      const capacity = clusterCapacity(cluster);
      expect(demand.vcpus / capacity.vcpus).toBeLessThan(0.9);
      expect(demand.memoryGiB / capacity.memoryGiB).toBeLessThan(0.9);
    }
  });
});
