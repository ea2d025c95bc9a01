/** The reviewer's report of known changes, checked by content. */
import { changesFromPlan, changesFromTrees } from "../../report/changes";
import { planDocument, renderPlanReport } from "../../report/plan-report";
import { defaultDocument, envFrom, synthToDir } from "../helpers";
import * as fs from "node:fs";
import * as path from "node:path";

const baseDoc = defaultDocument();
const base = envFrom(baseDoc);
const baseOut = synthToDir(base);
const stacks = fs.readdirSync(path.join(baseOut, "stacks")).sort();

function reportFor(change: (doc: ReturnType<typeof defaultDocument>) => void): string {
  const doc = defaultDocument();
  change(doc);
  const head = envFrom(doc);
  return renderPlanReport({ changes: changesFromTrees(baseOut, synthToDir(head)), stacks, base, head });
}

describe("plan report", () => {
  test("one site switching to a new image version: one changed site, its desktop count, no warning", () => {
    const report = reportFor((doc) => {
      doc.images.push({ ...doc.images[0], id: "verwaltung-next", version: "2026.12" });
      doc.prices.desktopEurPerYear["verwaltung-next"] = doc.prices.desktopEurPerYear["verwaltung-standard"];
      doc.tenants[0].sites.find((s: { id: string }) => s.id === "heide-2").workstations.image = "verwaltung-next";
    });
    expect(report).not.toContain("[!CAUTION]");
    expect(report).toContain("Heide heide-2: 50 desktops re-cloned from verwaltung-standard 2026.11 → verwaltung-next 2026.12, wave 3");
    expect(report.match(/desktops re-cloned/g)).toHaveLength(1);
    // 50 desktops and the pool's image pin
    expect(report).toMatch(/\| `site-kreis-dithmarschen-heide-2` \| · \| · \| 51 \| · \|/);
    expect(report).toContain("7 stack(s) without changes");
  });

  test("more desktops at a site: a cost line with the yearly change next to the change, the tenant's total changed by their own costs", () => {
    const doc = defaultDocument();
    const site = doc.tenants[0].sites.find((s: { id: string }) => s.id === "heide-2");
    site.workstations.count += 10;
    const head = envFrom(doc);
    const report = renderPlanReport({ changes: changesFromTrees(baseOut, synthToDir(head)), stacks, base, head });
    const cost = report.slice(report.indexOf("### Cost"));
    expect(report.indexOf("### Cost")).toBeGreaterThan(report.indexOf("### By tenant and site"));
    expect(cost).toContain("example figures, not real prices");
    const line = /^- \+10 desktops at Heide heide-2 \(50 → 60\): \+([\d,]+\.\d\d) €\/year$/m.exec(cost);
    expect(line).not.toBeNull();
    // Ten more desktops cost their own licences and disks; the platform's cost only moves between the county's sites.
    const image = doc.images.find((i: { id: string }) => i.id === site.workstations.image);
    const own = 10 * (doc.prices.desktopEurPerYear[image.id] + image.diskGiB * doc.prices.datastoreEurPerGiBYear);
    const tenantRow = cost.split("\n").find((l) => l.startsWith("| Kreis Dithmarschen |"))!;
    expect(tenantRow).toContain(`| +${own.toLocaleString("en-US", { minimumFractionDigits: 2 })} €`);
    const document = planDocument({ changes: [], stacks, base, head });
    const heide = document.costs!.items.find((i) => i.id === "heide-2")!;
    expect([heide.desktopsBefore, heide.desktopsAfter, heide.reason]).toEqual([50, 60, "changed"]);
    expect(heide.deltaCents).toBe(Math.round(Number(line![1].replace(/,/g, "")) * 100));
    expect(document.costs!.tenants[0].deltaCents).toBe(Math.round(own * 100));
  });

  test("a rollout pin for a wave names that wave's sites re-cloned to the rolled-out version, not the image's own", () => {
    const report = reportFor((doc) => {
      doc.rollout = [{ wave: 1, image: "verwaltung-power", version: "2026.12" }];
    });
    expect(report).toContain("Meldorf meldorf-2: 60 desktops re-cloned from verwaltung-power 2026.11 → verwaltung-power 2026.12, wave 1");
    expect(report.match(/desktops re-cloned/g)).toHaveLength(1);
  });

  test("removing a workload puts the warning block first", () => {
    const report = reportFor((doc) => {
      doc.tenants[0].workloads = doc.tenants[0].workloads.filter((w: { id: string }) => w.id !== "kfz-zulassung");
    });
    expect(report.split("\n")[2]).toBe("> [!CAUTION]");
    expect(report).toContain(
      "> - application server `tenant-kreis-dithmarschen/vsphere_virtual_machine.workloads_kfz-zulassung_vm` is **destroyed (removed from the configuration)**",
    );
    expect(report.match(/^> - /gm)).toHaveLength(1);
    expect(report).toContain("workload kfz-zulassung: removed (the VM is destroyed)");
  });

  test("a VLAN change updates the port group in place: no warning, old and new VLAN shown", () => {
    const report = reportFor((doc) => {
      doc.tenants[0].sites.find((s: { id: string }) => s.id === "heide-1").vlan = 125;
    });
    expect(report).not.toContain("[!CAUTION]");
    expect(report).toContain("Heide heide-1: VLAN 120 → 125");
    expect(report).toContain("- **update** `vsphere_distributed_port_group.sites_heide-1_link`");
    expect(report).toContain("`vlan_id`: 120 → 125");
  });

  test("a replaced port group is a protected replacement naming the forcing attribute (from an engine plan)", () => {
    const changes = changesFromPlan("tenant-kreis-dithmarschen", {
      resource_changes: [
        {
          address: "vsphere_distributed_port_group.sites_heide-1_link",
          type: "vsphere_distributed_port_group",
          mode: "managed",
          change: {
            actions: ["delete", "create"],
            before: { distributed_virtual_switch_uuid: "a", vlan_id: 120 },
            after: { distributed_virtual_switch_uuid: "b", vlan_id: 120 },
            replace_paths: [["distributed_virtual_switch_uuid"]],
          },
        },
      ],
    });
    const report = renderPlanReport({ changes, stacks: ["tenant-kreis-dithmarschen"] });
    expect(report).toContain(
      "> - port group `tenant-kreis-dithmarschen/vsphere_distributed_port_group.sites_heide-1_link` is **replaced, forced by `distributed_virtual_switch_uuid`**",
    );
  });

  test("sensitive values never show", () => {
    const secret = "Sup3r-Secret-Value";
    const changes = changesFromPlan("platform", {
      resource_changes: [
        {
          address: "vsphere_host.h",
          type: "vsphere_host",
          mode: "managed",
          change: {
            actions: ["update"],
            before: { password: "old-secret-1", license: "AAAA", lockdown: "normal" },
            after: { password: secret, license: "BBBB-secret-license", lockdown: "disabled" },
            after_sensitive: { license: true },
          },
        },
      ],
    });
    const report = renderPlanReport({ changes, stacks: ["platform"] });
    expect(report).toContain('`lockdown`: "normal" → "disabled"');
    expect(report).toContain("`password`: (sensitive) → (sensitive)");
    for (const value of [secret, "old-secret-1", "BBBB-secret-license"]) expect(report).not.toContain(value);
  });
});
