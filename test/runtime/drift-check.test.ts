/**
 * `npm run drift` plans stacks side by side (#20): the findings are the same
 * whatever the parallelism, in the stacks' order, and a failed stack is named
 * with the others' findings still complete. A fake engine (a shell script) answers
 * init, plan and show from files in each stack directory, each stack after
 * its own delay, so parallel plans end in another order than they start.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkDrift, defaultParallelism, describeFailures } from "../../runtime/drift-check";

const FAKE_ENGINE = `#!/bin/sh
# init | plan ... -out=drift.tfplan | show -json drift.tfplan, answered from files in the stack directory
sleep "$(cat delay)"
case "$1" in
  init) [ -f init-fails ] && { echo "Error: cannot reach the backend" >&2; exit 1; }; echo "initialised"; exit 0 ;;
  plan) : > drift.tfplan; exit "$(cat plan-exit)" ;;
  show) cat plan.json; exit 0 ;;
esac
exit 1
`;

const change = (address: string, actions: string[], before: unknown, after: unknown) => ({
  address,
  type: address.split(".")[0],
  mode: "managed",
  change: { actions, before, after },
});

/** A stack whose VM's memory was changed by hand (drift) and whose plan sets it back. */
function driftedStack(n: number) {
  const vm = `vsphere_virtual_machine.vm${n}`;
  return {
    resource_drift: [change(vm, ["update"], { memory: 4096 }, { memory: 8192 })],
    resource_changes: [change(vm, ["update"], { memory: 8192 }, { memory: 4096 })],
  };
}

function outdirWith(stacks: { name: string; delay: number; plan?: object; initFails?: boolean }[]): { outdir: string; engine: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rz-drift-check-"));
  const engine = path.join(root, "fake-engine");
  fs.writeFileSync(engine, FAKE_ENGINE, { mode: 0o755 });
  for (const stack of stacks) {
    const dir = path.join(root, "out", "stacks", stack.name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "delay"), String(stack.delay));
    const plan = stack.plan ?? {};
    fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify(plan));
    fs.writeFileSync(path.join(dir, "plan-exit"), (plan as { resource_changes?: unknown[] }).resource_changes?.length ? "2" : "0");
    if (stack.initFails) fs.writeFileSync(path.join(dir, "init-fails"), "");
  }
  return { outdir: path.join(root, "out"), engine };
}

describe("drift checks in parallel", () => {
  // Later stacks answer sooner: with parallelism their plans end in reverse order.
  const STACKS = [
    { name: "network", delay: 0.2, plan: driftedStack(1) },
    { name: "platform", delay: 0.15 },
    { name: "site-a", delay: 0.1, plan: driftedStack(2) },
    { name: "site-b", delay: 0.05, plan: { resource_changes: [change("vsphere_folder.f", ["create"], null, { path: "x" })] } },
    { name: "tenant-a", delay: 0, plan: driftedStack(3) },
  ];

  test("finds the same drift and changes, in the stacks' order, at any parallelism", async () => {
    const { outdir, engine } = outdirWith(STACKS);
    const stacks = STACKS.map((s) => s.name);
    const ended: string[] = [];
    const sequential = await checkDrift({ outdir, stacks, engine, parallelism: 1 });
    const parallel = await checkDrift({
      outdir,
      stacks,
      engine,
      parallelism: 4,
      onStep: (stack, step) => (step === "done" ? ended.push(stack) : undefined),
    });
    expect(parallel).toEqual(sequential);
    expect(sequential.drift.map((d) => `${d.stack} ${d.address}`)).toEqual([
      "network vsphere_virtual_machine.vm1",
      "site-a vsphere_virtual_machine.vm2",
      "tenant-a vsphere_virtual_machine.vm3",
    ]);
    expect(sequential.changes.map((c) => c.stack)).toEqual(["network", "site-a", "site-b", "tenant-a"]);
    // The plans did run side by side: they ended in another order than the stacks'.
    expect(ended).not.toEqual(stacks);
  });

  test("names the same failed stacks at any parallelism, with every other stack's findings complete", async () => {
    const withFailure = STACKS.map((s) => (s.name === "platform" || s.name === "site-b" ? { ...s, initFails: true } : s));
    const { outdir, engine } = outdirWith(withFailure);
    const stacks = withFailure.map((s) => s.name);
    const results = [];
    for (const parallelism of [1, 3]) {
      const done: string[] = [];
      results.push(
        await checkDrift({
          outdir,
          stacks,
          engine,
          parallelism,
          onStep: (stack, step) => (step === "done" ? done.push(stack) : undefined),
        }),
      );
      expect(done.sort()).toEqual(["network", "site-a", "tenant-a"]);
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0].failed.map((f) => f.stack)).toEqual(["platform", "site-b"]);
    expect(results[0].failed[0].message).toMatch(/^init failed \(exit 1\):\n.*Error: cannot reach the backend/);
    // A failed stack hides nothing: the drift the checked stacks found is all there.
    expect(results[0].drift.map((d) => d.stack)).toEqual(["network", "site-a", "tenant-a"]);
    expect(
      describeFailures(results[0].failed)
        .split("\n")
        .filter((l) => /^[a-z-]+: /.test(l)),
    ).toEqual(["platform: init failed (exit 1):", "site-b: init failed (exit 1):"]);
  });

  test("the default is two plans per core, between 2 and 8", () => {
    expect([1, 2, 3, 4, 16].map((cores) => defaultParallelism(cores))).toEqual([2, 4, 6, 8, 8]);
  });
});
