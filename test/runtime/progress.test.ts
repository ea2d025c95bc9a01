/**
 * The progress view of long engine runs: cdktf's interleaved output read per
 * stack, the plain (non-terminal) lines, failure excerpts and masking. The
 * recorded lines below are cdktf 0.21 output as captured from a deploy
 * against the simulator (two stacks, trimmed).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  classifyLine,
  declaredResources,
  errorExcerpt,
  maskSecrets,
  secretValues,
  StackLineSplitter,
  StackLogs,
} from "../../runtime/engine-output";
import { endLine, overallLine, PlainView, ProgressModel } from "../../runtime/progress";

const RECORDED = [
  "images                   Initializing the backend...",
  "site-gemeinde-a-rathaus  Initializing the backend...",
  "                         Initializing provider plugins...",
  "images                   vsphere_content_library.library: Refreshing state... [id=abc]",
  "images                   Plan: 3 to add, 0 to change, 0 to destroy.",
  "site-gemeinde-a-rathaus  Plan: 4 to add, 0 to change, 0 to destroy.",
  "images                   vsphere_content_library_item.w11: Creating...",
  "site-gemeinde-a-rathaus  vsphere_virtual_machine.desktops (desktops/default)[0]: Creating...",
  "                         vsphere_virtual_machine.desktops (desktops/default)[1]: Creating...",
  "images                   vsphere_content_library_item.w11: Creation complete after 1s [id=x]",
  "site-gemeinde-a-rathaus  vsphere_virtual_machine.desktops (desktops/default)[0]: Creation complete after 2s [id=y]",
  "site-gemeinde-a-rathaus  Error: deploy error: *types.FileAlreadyExists",
  "",
  "                           with vsphere_virtual_machine.desktops (desktops/default)[1],",
  "                           on cdk.tf.json line 143, in resource.vsphere_virtual_machine.desktops (desktops/default):",
  "                          143:       }",
  "site-gemeinde-a-rathaus  Error: deploy error: *types.FileAlreadyExists",
  "",
  "                           with vsphere_virtual_machine.desktops (desktops/default)[2],",
  "                           on cdk.tf.json line 143, in resource.vsphere_virtual_machine.desktops (desktops/default):",
  "                          143:       }",
  "images                   vsphere_content_library_item.w10: Creation complete after 1s [id=z]",
  "images                   Apply complete! Resources: 3 added, 0 changed, 0 destroyed.",
  "0 Stacks deploying     1 Stack done     0 Stacks waiting",
  "Invoking Terraform CLI failed with exit code 1",
];

/** Feed recorded lines through the splitter into a model, as runtime/cdk-run.ts does, with a clock the test moves. */
function replay(lines: readonly string[], stacks: readonly string[], step = 1000, progressIntervalMs = 0) {
  let now = 0;
  const model = new ProgressModel(new Map(stacks.map((s) => [s, 10])), () => now);
  const printed: string[] = [];
  const view = new PlainView(model, {
    label: "[deploy]",
    write: (l) => printed.push(l),
    intervalMs: 5000,
    progressIntervalMs,
    overallIntervalMs: 60_000,
  });
  const splitter = new StackLineSplitter(stacks);
  const perStack = new Map<string | undefined, string[]>();
  for (const raw of lines) {
    now += step;
    const { stack, text } = splitter.split(raw);
    perStack.set(stack, [...(perStack.get(stack) ?? []), text]);
    if (stack === undefined) continue;
    const event = classifyLine(text);
    if (event && model.apply(stack, event)) view.update(stack);
  }
  return { model, view, printed, perStack, advance: (ms: number) => (now += ms) };
}

describe("reading cdktf's output per stack", () => {
  test("prefixed, indented and blank lines belong to the stack last named; cdktf's own lines to none", () => {
    const { perStack } = replay(RECORDED, ["images", "site-gemeinde-a-rathaus"]);
    expect(perStack.get("images")).toHaveLength(7);
    expect(perStack.get("site-gemeinde-a-rathaus")).toContain("  with vsphere_virtual_machine.desktops (desktops/default)[1],");
    expect(perStack.get(undefined)).toEqual([
      "0 Stacks deploying     1 Stack done     0 Stacks waiting",
      "Invoking Terraform CLI failed with exit code 1",
    ]);
  });

  test("a stack whose name starts with another stack's name is told apart", () => {
    const splitter = new StackLineSplitter(["site-a", "site-a-b"]);
    expect(splitter.split("site-a-b  Plan: 1 to add, 0 to change, 0 to destroy.").stack).toBe("site-a-b");
    expect(splitter.split("site-a    Plan: 1 to add, 0 to change, 0 to destroy.").stack).toBe("site-a");
    expect(splitter.split("site-abc is not a stack").stack).toBeUndefined();
  });

  test("the engine's lines become states, totals and counts", () => {
    expect(classifyLine("Initializing the backend...")).toEqual({ kind: "init" });
    expect(classifyLine("Plan: 2 to import, 3 to add, 1 to change, 4 to destroy.")).toEqual({ kind: "plan", total: 10 });
    expect(classifyLine("No changes. Your infrastructure matches the configuration.")).toEqual({ kind: "plan", total: 0 });
    expect(classifyLine("vsphere_host.h1: Destruction complete after 0s")).toEqual({ kind: "resource" });
    expect(classifyLine("vsphere_host.h1: Still destroying... [10s elapsed]")).toBeUndefined();
    expect(classifyLine("Destroy complete! Resources: 12 destroyed.")).toEqual({ kind: "complete", summary: "12 destroyed" });
    expect(classifyLine("│ Error: cannot find datastore")).toEqual({ kind: "error", message: "cannot find datastore" });
    // The backend's own line before any block: a state that does not decrypt.
    expect(classifyLine("Error refreshing state: decryption failed for all provided methods")).toEqual({
      kind: "error",
      message: "Error refreshing state: decryption failed for all provided methods",
    });
  });
});

describe("the plain view (CI logs, pipes)", () => {
  test("one line when a stack starts, its end with counts and time; a failed stack waits for the end of the run", () => {
    const { model, view, printed } = replay(RECORDED, ["images", "site-gemeinde-a-rathaus", "tenant-gemeinde-a"]);
    // Both stacks started within a second: one line.
    expect(printed[0]).toBe("[deploy] started: images, site-gemeinde-a-rathaus");
    expect(printed.filter((l) => l.includes("started"))).toHaveLength(1);
    expect(printed).toContain("[deploy] images: done, 3 added, 0 changed, 0 destroyed in 22 s");
    expect(model.stacks.get("site-gemeinde-a-rathaus")!.state).toBe("applying");

    model.finish(false);
    view.stop();
    expect(printed).toContain("[deploy] site-gemeinde-a-rathaus: FAILED in 23 s: deploy error: *types.FileAlreadyExists");
    expect(printed).toContain("[deploy] tenant-gemeinde-a: not run");
    expect(printed[printed.length - 1]).toBe("[deploy] 3/3 stacks ended, 1 failed, 4/7 resources, 25 s");
    // Append-only text: no cursor movement or colour codes.
    expect(printed.join("\n").includes("\u001b")).toBe(false);
  });

  test("progress lines come at most once per interval per stack, and only when the count moved", () => {
    const creating = Array.from(
      { length: 40 },
      (_, i) => `site-x  vsphere_virtual_machine.desktops[${i}]: Creation complete after 1s [id=${i}]`,
    );
    const { printed } = replay(
      [
        "site-x  Plan: 40 to add, 0 to change, 0 to destroy.",
        ...creating,
        "site-x  Apply complete! Resources: 40 added, 0 changed, 0 destroyed.",
      ],
      ["site-x"],
    );
    const progress = printed.filter((l) => l.includes("applying"));
    // 42 lines one second apart, a progress line at most every 5 s.
    expect(progress.length).toBeGreaterThanOrEqual(6);
    expect(progress.length).toBeLessThanOrEqual(9);
    expect(progress[0]).toMatch(/^\[deploy\] site-x: applying, \d+\/40 resources, \d+ s$/);
    expect(printed[printed.length - 1]).toBe("[deploy] site-x: done, 40 added, 0 changed, 0 destroyed in 41 s");
  });

  test("with many stacks applying at once, progress lines of all stacks together stay within their own interval", () => {
    const interleaved = Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0
        ? `site-a  vsphere_virtual_machine.desktops[${i}]: Creation complete after 1s`
        : `site-b  vsphere_virtual_machine.desktops[${i}]: Creation complete after 1s`,
    );
    const { printed } = replay(
      ["site-a  Plan: 30 to add, 0 to change, 0 to destroy.", "site-b  Plan: 30 to add, 0 to change, 0 to destroy.", ...interleaved],
      ["site-a", "site-b"],
      1000,
      10_000,
    );
    const progress = printed.filter((l) => l.includes("applying"));
    // 60 s of applying, one progress line at most every 10 s, the two sites taking turns.
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.length).toBeLessThanOrEqual(6);
    expect(
      progress.filter((l) => l.includes("site-a")).length - progress.filter((l) => l.includes("site-b")).length,
    ).toBeGreaterThanOrEqual(-1);
    expect(progress.filter((l) => l.includes("site-a")).length - progress.filter((l) => l.includes("site-b")).length).toBeLessThanOrEqual(
      1,
    );
  });

  test("the overall line estimates the time left from the work done", () => {
    let now = 0;
    const model = new ProgressModel(
      new Map([
        ["a", 9],
        ["b", 9],
      ]),
      () => now,
    );
    model.apply("a", { kind: "plan", total: 9 });
    for (let i = 0; i < 9; i++) model.apply("a", { kind: "resource" });
    model.apply("a", { kind: "complete", summary: "9 added, 0 changed, 0 destroyed" });
    now = 40_000;
    // Half of the work (10 of 20 units: resources plus one per stack) took 40 s.
    expect(overallLine(model.overall())).toBe("1/2 stacks ended, 9/18 resources, 40 s, about 40 s left");
    model.finish(true);
    expect(endLine(model.stacks.get("b")!)).toBe("b: not run");
  });
});

describe("what a failure shows", () => {
  test("each distinct error block once, with the number of repeats", () => {
    const { perStack } = replay(RECORDED, ["images", "site-gemeinde-a-rathaus"]);
    expect(errorExcerpt(perStack.get("site-gemeinde-a-rathaus")!)).toEqual([
      "Error: deploy error: *types.FileAlreadyExists",
      "  with vsphere_virtual_machine.desktops (desktops/default)[1],",
      "  on cdk.tf.json line 143, in resource.vsphere_virtual_machine.desktops (desktops/default):",
      "  143:       }",
      "  (and 1 more like it)",
    ]);
    expect(errorExcerpt(perStack.get("images")!)).toEqual([]);
  });

  test("Terraform's boxed errors are unboxed, and different errors are all shown up to the limit", () => {
    const boxed = [
      "╷",
      "│ Error: first",
      "│ ",
      "│   on cdk.tf.json line 1:",
      "╵",
      "╷",
      "│ Error: second",
      "╵",
      "│ Error: third",
      "│ Error: fourth",
    ];
    expect(errorExcerpt(boxed)).toEqual([
      "Error: first",
      "  on cdk.tf.json line 1:",
      "Error: second",
      "Error: third",
      "(1 more error(s) in the log)",
    ]);
  });
});

describe("secrets never reach the view or the logs", () => {
  const env = {
    TF_VAR_vsphere_password: "Sentinel-Vs-Pass",
    TF_VAR_vsphere_user: "administrator@vsphere.local",
    TF_VAR_state_passphrase: "Sentinel-Passphrase-123",
    PG_CONN_STR: "postgres://rz:Pg%2FSecret@127.0.0.1:5432/rz",
  };

  test("credential variables, the connection string and its password are masked; other values are not", () => {
    const secrets = secretValues(env);
    expect(secrets).toEqual(
      expect.arrayContaining(["Sentinel-Vs-Pass", "Sentinel-Passphrase-123", env.PG_CONN_STR, "Pg%2FSecret", "Pg/Secret"]),
    );
    expect(secrets).not.toContain("administrator@vsphere.local");
    expect(maskSecrets(`login failed for ${env.PG_CONN_STR} and Pg/Secret, pass Sentinel-Vs-Pass`, secrets)).toBe(
      "login failed for (sensitive) and (sensitive), pass (sensitive)",
    );
  });

  test("the per-stack log file holds every line written, masked", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rz-logs-"));
    const logs = new StackLogs(dir, "deploy", env);
    logs.write("site-x", "Creating... password=Sentinel-Vs-Pass");
    logs.write(undefined, "Invoking Terraform CLI failed with exit code 1");
    expect(fs.readFileSync(logs.file("site-x"), "utf8")).toBe("Creating... password=(sensitive)\n");
    expect(fs.readFileSync(path.join(dir, "_cdktf.deploy.log"), "utf8")).toBe("Invoking Terraform CLI failed with exit code 1\n");
    expect(logs.recent("site-x")).toEqual(["Creating... password=(sensitive)"]);
  });
});

test("a stack's size before its plan: declared resources, counts expanded, data sources left out", () => {
  expect(
    declaredResources({
      resource: { vsphere_virtual_machine: { desktops: { count: 60 }, server: {} }, vsphere_folder: { f: { count: "${var.n}" } } },
    }),
  ).toBe(62);
});

test("stacks starting seconds apart each get their own start line; a stack that never started, or was only initialised, did not run", () => {
  let now = 0;
  const model = new ProgressModel(["images", "network", "tenant-x"], () => now);
  const printed: string[] = [];
  const view = new PlainView(model, { label: "[destroy]", write: (l) => printed.push(l) });
  model.apply("images", { kind: "init" });
  view.update("images");
  now = 5000;
  view.update(); // the tick of a quiet second
  model.apply("network", { kind: "init" });
  model.apply("network", { kind: "planning" });
  view.update("network");
  now = 7000;
  view.update();
  model.apply("images", { kind: "complete", summary: "5 destroyed" });
  view.update("images");
  const initialisedOnly = new ProgressModel(["site-y"], () => now);
  initialisedOnly.apply("site-y", { kind: "init" });
  initialisedOnly.finish(false);
  expect(endLine(initialisedOnly.stacks.get("site-y")!)).toBe("site-y: not run");
  model.finish(false);
  view.stop();
  expect(printed).toEqual([
    "[destroy] started: images",
    "[destroy] started: network",
    "[destroy] images: done, 5 destroyed in 7 s",
    "[destroy] network: FAILED in 2 s: the command ended before this stack completed",
    "[destroy] tenant-x: not run",
    "[destroy] 3/3 stacks ended, 1 failed, 0/1 resources, 7 s",
  ]);
});
