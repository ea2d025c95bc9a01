/** Drift as the operator reads it: only attributes the code manages, with last-deployed and found values. */
import { driftDocument, driftExitCode, driftFromPlan, renderDriftReport } from "../../report/drift";
import { changesFromPlan, PlanJson } from "../../report/changes";

const vm = (memory: number, changeVersion: string) => ({ name: "ga-rathaus-007", memory, change_version: changeVersion, num_cpus: 2 });
/** One entry of a plan's resource_drift or resource_changes, as `terraform show -json` writes it. */
const entry = (address: string, actions: string[], before: unknown, after: unknown) => ({
  address,
  type: address.split(".")[0],
  mode: "managed",
  change: { actions, before, after },
});

const plan: PlanJson = {
  resource_drift: [
    // memory edited by hand; change_version moves with every reconfigure (computed, not drift)
    entry("vsphere_virtual_machine.desktops[6]", ["update"], vm(4096, "v1"), vm(8192, "v2")),
    // only a computed attribute moved: nothing to set back
    entry("vsphere_virtual_machine.desktops[7]", ["update"], vm(4096, "v1"), vm(4096, "v3")),
    // deleted by hand
    entry("vsphere_folder.desktops", ["delete"], { path: "ga/desktops" }, null),
  ],
  resource_changes: [
    // sets memory back; change_version is "known after apply", so the plan leaves it out
    entry("vsphere_virtual_machine.desktops[6]", ["update"], vm(8192, "v2"), { name: "ga-rathaus-007", memory: 4096, num_cpus: 2 }),
    entry("vsphere_virtual_machine.desktops[7]", ["no-op"], vm(4096, "v3"), vm(4096, "v3")),
    entry("vsphere_folder.desktops", ["create"], null, { path: "ga/desktops" }),
    // code not deployed yet: a new desktop
    entry("vsphere_virtual_machine.desktops[8]", ["create"], null, vm(4096, "")),
  ],
};

describe("drift report", () => {
  const drift = driftFromPlan("site-ga-rathaus", plan);

  test("a managed attribute changed by hand is drift; computed attributes moving on their own are not", () => {
    expect(drift.map((d) => [d.address, d.action, d.attributes.map((a) => [a.path, a.before, a.after])])).toEqual([
      ["vsphere_virtual_machine.desktops[6]", "update", [["memory", 4096, 8192]]],
      ["vsphere_folder.desktops", "delete", []],
    ]);
  });

  test("the report lists the drift first, then what a deploy would do, and tells undeployed code apart", () => {
    const report = renderDriftReport({ drift, changes: changesFromPlan("site-ga-rathaus", plan), stacks: ["site-ga-rathaus", "platform"] });
    const lines = report.split("\n");
    expect(lines.filter((l) => l.startsWith("- `"))).toEqual([
      "- `site-ga-rathaus/vsphere_virtual_machine.desktops[6]`: `memory` 4096 → 8192",
      "- `site-ga-rathaus/vsphere_folder.desktops`: deleted outside code",
    ]);
    expect(report).toContain("2 resource(s) changed outside code");
    expect(report).toContain("1 change(s) of the code are not deployed yet");
    expect(report.indexOf("changed outside code")).toBeLessThan(report.indexOf("### What a deploy would do"));
    expect(report).toContain("| `site-ga-rathaus` | 2 | 1 | · | · |");
  });

  test("no drift and no changes reads as such", () => {
    const report = renderDriftReport({ drift: [], changes: [], stacks: ["platform"] });
    expect(report).toContain("No resource was changed outside code.");
    expect(report).toContain("No changes.");
  });

  test("a stack that could not be checked is named first, the others' findings stay, and the exit status is 1", () => {
    const input = {
      drift,
      changes: changesFromPlan("site-ga-rathaus", plan),
      stacks: ["platform", "site-ga-rathaus"],
      failed: [{ stack: "platform", message: "init failed (exit 1):\n    Error: cannot reach the backend" }],
    };
    const report = renderDriftReport(input);
    expect(report).toContain("**1 stack(s) could not be checked; their drift is unknown**");
    expect(report).toContain("- `platform`: init failed (exit 1):");
    expect(report.indexOf("could not be checked")).toBeLessThan(report.indexOf("changed outside code"));
    expect(report).toContain("- `site-ga-rathaus/vsphere_virtual_machine.desktops[6]`: `memory` 4096 → 8192");
    // The failed stack is not shown as "no changes" in the plan summary.
    expect(report).not.toMatch(/\| `platform` \|/);
    expect(driftExitCode(input)).toBe(1);
    const document = driftDocument(input);
    expect({ exitCode: document.exitCode, failed: document.failed.map((f) => f.stack), drifted: document.drift.length }).toEqual({
      exitCode: 1,
      failed: ["platform"],
      drifted: 2,
    });
    expect(document.plan.summary.map((s) => s.stack)).toEqual(["site-ga-rathaus"]);
    expect([driftExitCode({ drift: [], changes: [], stacks: ["platform"] }), driftExitCode({ ...input, failed: [] })]).toEqual([0, 2]);
  });
});
