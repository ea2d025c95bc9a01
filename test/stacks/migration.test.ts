/** Stepping the default environment through its migration phases and rollout waves replaces only what it should. */
import { stringify } from "yaml";
import { Action, changesFromTrees } from "../../report/changes";
import { defaultDocument, envFrom, synthToDir } from "../helpers";

function atCursor(completedWaves: number) {
  const doc = defaultDocument();
  doc.migration = { completedWaves };
  return synthToDir(envFrom(doc));
}

describe("migration phases", () => {
  const stabilisation = atCursor(0);
  const migration = atCursor(1);
  const complete = atCursor(2);

  test.each([
    ["stabilisation → migration", stabilisation, migration, ["finanzwesen", "sozialwesen"]],
    ["migration → complete", migration, complete, ["kfz-zulassung", "dms-1", "dms-2"]],
  ])("%s moves exactly that wave's workloads, in place", (_step, before, after, moved) => {
    const changes = changesFromTrees(before as string, after as string);
    const vms = changes.filter((c) => c.type === "vsphere_virtual_machine");
    expect(vms.map((c) => [c.address, c.action]).sort()).toEqual(
      (moved as string[]).map((id) => [`vsphere_virtual_machine.workloads_${id}_vm`, Action.UPDATE]).sort(),
    );
    for (const vm of vms) expect(vm.attributes.map((a) => a.path).sort()).toEqual(["datastore_id", "resource_pool_id"]);
    expect(changes.filter((c) => c.action === Action.DELETE)).toEqual([]);
  });

  test("during stabilisation every workload runs on the Kreishaus cluster", () => {
    const { workloadClusterId } = jest.requireActual("../../config/derive");
    const doc = defaultDocument();
    doc.migration = { completedWaves: 0 };
    const env = envFrom(doc);
    expect(new Set(env.tenants[0].workloads.map((w: unknown) => workloadClusterId(env, w)))).toEqual(new Set(["kreishaus-cluster"]));
  });
});

describe("image rollout waves", () => {
  const base = defaultDocument();
  const baseOut = synthToDir(envFrom(base));

  test("bumping the version for wave 2 re-clones only the wave-2 sites' desktops; both versions coexist in the library", () => {
    const doc = defaultDocument();
    doc.rollout = [
      { wave: 1, image: "verwaltung-standard", version: "2026.12" },
      { wave: 2, image: "verwaltung-standard", version: "2026.12" },
    ];
    const changes = changesFromTrees(baseOut, synthToDir(envFrom(doc)));
    const recloned = changes.filter((c) => c.type === "vsphere_virtual_machine" && c.action === Action.REPLACE).map((c) => c.stack);
    // wave 1 (meldorf-2) runs verwaltung-power, so only the wave-2 sites of verwaltung-standard change
    expect(recloned.sort()).toEqual(["site-kreis-dithmarschen-heide-1", "site-kreis-dithmarschen-meldorf-1"]);
    const items = changes.filter((c) => c.type === "vsphere_content_library_item");
    expect(items.map((c) => [c.address, c.action])).toEqual([
      ["vsphere_content_library_item.images_verwaltung-standard_2026-12_item", Action.CREATE],
    ]);
  });

  test("fails when a later wave gets a version before the pilot wave", () => {
    const doc = defaultDocument();
    doc.rollout = [{ wave: 3, image: "verwaltung-standard", version: "2026.12" }];
    // The position is that of the version key in the file as written (the rule is what this test is about; the
    // line moves whenever the default file grows, so it is looked up rather than written down).
    const lines = stringify(doc).split("\n");
    const version = lines.findIndex((l, i) => i > lines.indexOf("rollout:") && /^\s*-?\s*version:/.test(l));
    const at = `${version + 1}:${lines[version].indexOf("version") + 1}`;
    expect(() => envFrom(doc)).toThrow(
      `config/test.yaml:${at}: rollout[0].version: "2026.12" reaches wave 3 before wave 2 (still on 2026.11); roll out to the pilot wave first`,
    );
  });

  test("rebuilding the library item of an unchanged version re-clones nobody", () => {
    const doc = defaultDocument();
    doc.images[0].ovfUrl = "https://images.rz-nord.dataport.example/rebuild-2/verwaltung-standard.ovf";
    const changes = changesFromTrees(baseOut, synthToDir(envFrom(doc)));
    expect(changes.map((c) => [c.stack, c.address, c.action])).toEqual([
      ["images", "vsphere_content_library_item.images_verwaltung-standard_2026-11_item", Action.REPLACE],
    ]);
  });

  test("an old version leaves the library when no site runs it any more", () => {
    const doc = defaultDocument();
    doc.images[0].version = "2026.12";
    const changes = changesFromTrees(baseOut, synthToDir(envFrom(doc)));
    expect(changes.filter((c) => c.type === "vsphere_content_library_item").map((c) => [c.address, c.action])).toEqual([
      ["vsphere_content_library_item.images_verwaltung-standard_2026-11_item", Action.DELETE],
      ["vsphere_content_library_item.images_verwaltung-standard_2026-12_item", Action.CREATE],
    ]);
  });
});
