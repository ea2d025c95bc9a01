import { capacityLines, capacityReport, capacityWarnings } from "../../report/capacity";
import { envFrom, smallDocument } from "../helpers";

describe("capacity planning", () => {
  test("reports demand against capacity with a host down, per cluster and per site link", () => {
    const { clusters, links } = capacityLines(envFrom(smallDocument()));
    expect(clusters).toEqual([
      { subject: "cluster lab-cluster vCPU", demand: 12, capacity: 64, unit: "vCPU" },
      { subject: "cluster lab-cluster memory", demand: 28, capacity: 256, unit: "GiB" },
    ]);
    expect(links.map((l) => [l.subject, l.demand, l.capacity])).toEqual([
      ["site GA A-Dorf rathaus link", 3, 100],
      ["site GA A-Dorf bauhof link", 2, 50],
    ]);
  });

  test("shows the headroom in desktops of each image", () => {
    // (64 - 12) vCPU / 2 = 26; (256 - 28) GiB / 4 = 57 → 26 desktops
    expect(capacityReport(envFrom(smallDocument()))).toContain("cluster lab-cluster: standard 26");
  });

  test("warns above 80 % of a cluster or link and is silent below", () => {
    expect(capacityWarnings(envFrom(smallDocument()))).toEqual([]);
    const doc = smallDocument();
    doc.tenants[0].sites[0].workstations.count = 25; // 50 + 4 + 2 = 56 of 64 vCPU = 88 %
    expect(capacityWarnings(envFrom(doc))).toEqual(["capacity warning: cluster lab-cluster vCPU at 88 % (56 of 64 vCPU)"]);
  });
});
