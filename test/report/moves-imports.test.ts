/**
 * Moves (`moved` blocks: `renamedFrom`) and imports (`import` blocks: `importFrom`) as the engine's JSON plan shows them
 * (`tofu show -json`: `previous_address` on the entry, `change.importing` with the id): listed as what they are, never a
 * failure, in the plan report and in the drift report.
 */
import { Action, changesFromPlan, PlanJson } from "../../report/changes";
import { driftFromPlan, renderDriftReport } from "../../report/drift";
import { renderPlanReport } from "../../report/plan-report";

const VM = { name: "ga-bauamt", num_cpus: 4, memory: 16384, resource_pool_id: "resgroup-12" };

/** A plan whose only change is a rename: the entry keeps its values and says where it came from. */
const moveOnly: PlanJson = {
  resource_changes: [
    {
      address: "vsphere_virtual_machine.workloads_bauamt_vm",
      previous_address: "vsphere_virtual_machine.workloads_bauamt-alt_vm",
      mode: "managed",
      type: "vsphere_virtual_machine",
      change: { actions: ["no-op"], before: VM, after: VM, after_sensitive: {}, before_sensitive: {} },
    },
    {
      address: "vsphere_folder.desktops",
      mode: "managed",
      type: "vsphere_folder",
      change: { actions: ["no-op"], before: { path: "ga/desktops" }, after: { path: "ga/desktops" } },
    },
  ],
};

/** A plan whose only change is an import of a VM that already matches the code. */
const importOnly: PlanJson = {
  resource_changes: [
    {
      address: "vsphere_virtual_machine.workloads_sozialamt_vm",
      mode: "managed",
      type: "vsphere_virtual_machine",
      change: {
        actions: ["no-op"],
        before: VM,
        after: VM,
        importing: { id: "/RZ-Nord/vm/altbestand/sozialamt-01" },
        after_sensitive: {},
        before_sensitive: {},
      },
    },
  ],
};

describe("moves and imports in plans", () => {
  test("a move-only plan is one move, with both addresses", () => {
    expect(changesFromPlan("tenant-ga", moveOnly)).toEqual([
      {
        stack: "tenant-ga",
        type: "vsphere_virtual_machine",
        address: "vsphere_virtual_machine.workloads_bauamt_vm",
        movedFrom: "vsphere_virtual_machine.workloads_bauamt-alt_vm",
        action: Action.MOVE,
        instances: 1,
        attributes: [],
        forcedBy: [],
      },
    ]);
  });

  test("an import-only plan is one import, with the id it is imported from", () => {
    expect(changesFromPlan("tenant-ga", importOnly).map((c) => [c.action, c.address, c.importId])).toEqual([
      ["import", "vsphere_virtual_machine.workloads_sozialamt_vm", "/RZ-Nord/vm/altbestand/sozialamt-01"],
    ]);
  });

  test("an import with updates is an update that says it is imported", () => {
    const plan = structuredClone(importOnly);
    plan.resource_changes![0].change.actions = ["update"];
    plan.resource_changes![0].change.after = { ...VM, memory: 32768 };
    const [change] = changesFromPlan("tenant-ga", plan);
    expect([change.action, change.importId, change.attributes.map((a) => a.path)]).toEqual([
      "update",
      "/RZ-Nord/vm/altbestand/sozialamt-01",
      ["memory"],
    ]);
    expect(renderPlanReport({ changes: [change], stacks: ["tenant-ga"] })).toContain(
      "- **update** `vsphere_virtual_machine.workloads_sozialamt_vm` (imported from `/RZ-Nord/vm/altbestand/sozialamt-01`)",
    );
  });

  test("the plan report lists moves and imports in their own columns and lines", () => {
    const changes = [...changesFromPlan("tenant-ga", moveOnly), ...changesFromPlan("tenant-gb", importOnly)];
    const report = renderPlanReport({ changes, stacks: ["tenant-ga", "tenant-gb", "platform"] });
    expect(report).toContain("| stack | add | change | replace | destroy | import | move |");
    expect(report).toContain("| `tenant-ga` | · | · | · | · | · | 1 |");
    expect(report).toContain("| `tenant-gb` | · | · | · | · | 1 | · |");
    expect(report).toContain(
      "- **move** `vsphere_virtual_machine.workloads_bauamt-alt_vm` → `vsphere_virtual_machine.workloads_bauamt_vm`",
    );
    expect(report).toContain("- **import** `vsphere_virtual_machine.workloads_sozialamt_vm` from `/RZ-Nord/vm/altbestand/sozialamt-01`");
    expect(report).not.toContain("CAUTION");
  });

  test("moves and imports are not drift; the drift report lists them as pending", () => {
    const changes = [...changesFromPlan("tenant-ga", moveOnly), ...changesFromPlan("tenant-gb", importOnly)];
    expect([...driftFromPlan("tenant-ga", moveOnly), ...driftFromPlan("tenant-gb", importOnly)]).toEqual([]);
    const report = renderDriftReport({ drift: [], changes, stacks: ["tenant-ga", "tenant-gb"] });
    expect(report).toContain("No resource was changed outside code.");
    expect(report).toContain("1 move(s) and 1 import(s) are pending");
    expect(report).toContain(
      "- move `tenant-ga/vsphere_virtual_machine.workloads_bauamt-alt_vm` → `tenant-ga/vsphere_virtual_machine.workloads_bauamt_vm`",
    );
    expect(report).toContain(
      "- import `tenant-gb/vsphere_virtual_machine.workloads_sozialamt_vm` from `/RZ-Nord/vm/altbestand/sozialamt-01`",
    );
  });
});
