/** What re-addressing a server means, as the plan report tells a reviewer. */
import * as fs from "node:fs";
import * as path from "node:path";
import { Action, changesFromTrees } from "../../report/changes";
import { readdressings, renderPlanReport } from "../../report/plan-report";
import { defaultDocument, envFrom, synthToDir } from "../helpers";

const base = envFrom(defaultDocument());
const baseOut = synthToDir(base);
const stacks = fs.readdirSync(path.join(baseOut, "stacks")).sort();

function reportFor(change: (doc: ReturnType<typeof defaultDocument>) => void, from = defaultDocument()) {
  const before = envFrom(from);
  const beforeOut = JSON.stringify(from) === JSON.stringify(defaultDocument()) ? baseOut : synthToDir(before);
  const doc = JSON.parse(JSON.stringify(from));
  change(doc);
  const head = envFrom(doc);
  const changes = changesFromTrees(beforeOut, synthToDir(head));
  return { changes, report: renderPlanReport({ changes, stacks, base: before, head }) };
}

describe("re-addressing a server", () => {
  const { changes, report } = reportFor((doc) => {
    doc.tenants[0].workloads.find((w: { id: string }) => w.id === "gis").ip = "10.60.20.43";
  });

  test("does not replace the server: the deploy ignores its clone customisation", () => {
    const gis = changes.filter((c) => c.address.includes("workloads_gis_vm"));
    expect(gis).toEqual([]);
    expect(changes.filter((c) => c.action === Action.REPLACE || c.action === Action.DELETE)).toEqual([]);
    expect(report).not.toContain("[!CAUTION]");
  });

  test("is listed as a manual step for the runbook, old and new address named", () => {
    expect(report).toContain("> [!WARNING]");
    expect(report).toContain("the deploy does not change a running server's address");
    expect(report).toContain('"Re-addressing a server"');
    expect(report).toContain(
      "> - `kreis-dithmarschen/gis`: 10.60.20.41/24 gw 10.60.20.1 dns 10.60.0.53 10.60.0.54 srv.dithmarschen.example → 10.60.20.43/24 gw 10.60.20.1 dns 10.60.0.53 10.60.0.54 srv.dithmarschen.example",
    );
  });

  test("a changed DNS server of the network re-addresses every server on it", () => {
    const env = envFrom(defaultDocument());
    const doc = defaultDocument();
    doc.network.infrastructure[2].dnsServers = ["10.60.0.53"];
    expect(readdressings(env, envFrom(doc)).map((r) => r.workload)).toEqual(env.tenants[0].workloads.map((w) => w.id));
  });

  test("a replacement forced by the clone customisation (ignore_changes removed) is a red CAUTION naming the address", () => {
    const forced = renderPlanReport({
      changes: [
        {
          stack: "tenant-kreis-dithmarschen",
          type: "vsphere_virtual_machine",
          address: "vsphere_virtual_machine.workloads_gis_vm",
          action: Action.REPLACE,
          instances: 1,
          attributes: [],
          forcedBy: ["clone.customize.network_interface.ipv4_address"],
        },
      ],
      stacks,
    });
    expect(forced).toContain("> [!CAUTION]");
    expect(forced).toContain(
      "`tenant-kreis-dithmarschen/vsphere_virtual_machine.workloads_gis_vm` is **replaced, forced by `clone.customize",
    );
    expect(forced).toContain("a changed clone customisation (its address) replaces the server");
  });
});

describe("addresses in the plan report", () => {
  test("a new server shows its address, and whether it was allocated", () => {
    const { report } = reportFor((doc) => {
      doc.tenants[0].workloads.push({ id: "wahl", cpus: 2, memoryGiB: 8, diskGiB: 80, cluster: "rz-cluster-1", network: "servers" });
      doc.tenants[0].workloads.push({
        id: "jugend",
        cpus: 2,
        memoryGiB: 8,
        diskGiB: 80,
        cluster: "rz-cluster-1",
        network: "servers",
        ip: "10.60.20.51",
      });
    });
    expect(report).toMatch(/workload wahl: new on rz-cluster-1, address 10\.60\.20\.\d+\/24 on servers \(allocated: not in the file\)/);
    expect(report).toContain("workload jugend: new on rz-cluster-1, address 10.60.20.51/24 on servers");
    expect(report).not.toContain("[!WARNING]");
  });

  test("a migration wave relocates servers Kreishaus → data centre and says they keep their addresses", () => {
    const from = defaultDocument();
    from.migration = { completedWaves: 0 };
    const { report, changes } = reportFor((doc) => {
      doc.migration = { completedWaves: 1 };
    }, from);
    expect(report).toContain(
      "workload finanzwesen: relocates kreishaus-cluster → rz-cluster-1, keeps its address 10.60.20.21 (network servers spans both)",
    );
    expect(report).toContain("workload sozialwesen: relocates kreishaus-cluster → rz-cluster-1, keeps its address 10.60.20.22");
    expect(report).not.toContain("workload dms-1: relocates");
    expect(report).not.toContain("[!WARNING]");
    expect(changes.filter((c) => c.type === "vsphere_virtual_machine" && c.action !== Action.UPDATE)).toEqual([]);
  });
});
