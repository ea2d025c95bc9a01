/**
 * The progress view of `npm run deploy` when not on a terminal (a CI log, a
 * pipe), against the simulator with the real engine and provider: a few
 * plain lines per stack instead of the engine's log, the full output in one
 * log file per stack, and a failing stack named with its error and its log
 * while the other stacks' results are still shown.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  cdktf,
  engine,
  managedInstances,
  pullState,
  makeWorkdir,
  runScript,
  Simulator,
  simulatorConfig,
  startSimulator,
  stateSummary,
  toolEnv,
  ToolEnv,
} from "../../runtime/harness";
import { smallDocument } from "../helpers";
import { describeWithProvider } from "./provider";

jest.setTimeout(20 * 60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SITE = "site-gemeinde-a-rathaus";
const FAILING = "tenant-gemeinde-a";
const STACKS = ["images", "network", "platform", SITE, "tenant-gemeinde-a"];
const DESKTOPS = 12;

function environment(): Json {
  const doc = smallDocument();
  for (const host of doc.clusters[0].hosts) Object.assign(host, { cpuCores: 128, memoryGiB: 1024 });
  const tenant = doc.tenants[0];
  tenant.sites = [{ ...tenant.sites[0], linkMbps: 1000, workstations: { count: DESKTOPS, image: "standard" } }];
  return doc;
}

describeWithProvider("npm run deploy's progress view in a CI log", () => {
  let tools: ToolEnv;
  let sim: Simulator;
  let workdir: string;
  let outdir: string;
  let logs: string;
  let log: string;

  beforeAll(async () => {
    tools = toolEnv();
    workdir = makeWorkdir();
    outdir = path.join(workdir, "cdktf.out");
    logs = path.join(workdir, "logs");
    log = path.join(workdir, "e2e.log");
    sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
    process.stdout.write(`e2e work directory (logs): ${workdir}\n`);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  const deploy = async (doc: Json) => {
    const config = simulatorConfig(doc, sim, workdir);
    expect((await cdktf(tools, config, outdir, ["synth"], log)).status).toBe(0);
    const run = runScript(tools, config, "scripts/deploy.ts", ["*", "--auto-approve", "--skip-provider-lock", "--skip-synth"], log, {
      RZ_OUTDIR: outdir,
      RZ_LOG_DIR: logs,
    });
    return { ...run, lines: run.stderr.split("\n").filter((l) => l !== "") };
  };

  test("a deploy prints a few plain lines per stack; each stack's log holds its full engine output", async () => {
    const run = await deploy(environment());
    expect({ status: run.status, tail: run.status === 0 ? "" : run.stderr.slice(-3000) }).toEqual({ status: 0, tail: "" });

    // Plain text for a log: no cursor or colour codes, every line the command's own, none of the engine's.
    expect(run.stderr.includes("\u001b")).toBe(false);
    expect(run.lines.filter((l) => !l.startsWith("[deploy] "))).toEqual([]);
    expect(run.stderr).not.toMatch(/Creation complete|Refreshing state/);
    expect(run.lines.length).toBeLessThanOrEqual(6 * STACKS.length);
    expect(run.lines).toContain(`[deploy] logs: ${logs}/<stack>.deploy.log`);

    // Every stack announced once as started, and ended once with its counts and time.
    const started = run.lines
      .filter((l) => l.startsWith("[deploy] started: "))
      .flatMap((l) => l.slice("[deploy] started: ".length).split(", "));
    expect(started.sort()).toEqual([...STACKS].sort());
    const state = stateSummary(tools, outdir);
    for (const stack of STACKS) {
      const ends = run.lines.filter((l) => l.startsWith(`[deploy] ${stack}: done`) || l.startsWith(`[deploy] ${stack}: FAILED`));
      expect(ends).toHaveLength(1);
      const match = new RegExp(`^\\[deploy\\] ${stack}: done, (\\d+) added, 0 changed, 0 destroyed in \\d+ s$`).exec(ends[0]);
      expect({ stack, line: ends[0], matches: match !== null }).toEqual({ stack, line: ends[0], matches: true });
      const added = Number(match![1]);
      expect({ stack, added }).toEqual({ stack, added: state.get(stack) });

      // The log file has the engine's full output: one completion line per resource, and the summary.
      const file = fs.readFileSync(path.join(logs, `${stack}.deploy.log`), "utf8");
      expect({ stack, completions: file.match(/: Creation complete after/g)?.length ?? 0 }).toEqual({ stack, completions: added });
      expect(file).toContain(`Apply complete! Resources: ${added} added, 0 changed, 0 destroyed.`);
    }
    expect(state.get(SITE)).toBe(DESKTOPS + 1);
    expect(run.lines[run.lines.length - 1]).toBe(`[deploy] every selected stack applied (${STACKS.length})`);
    expect(run.lines).toContainEqual(
      expect.stringMatching(new RegExp(`^\\[deploy\\] ${STACKS.length}/${STACKS.length} stacks ended, \\d+/\\d+ resources, `)),
    );
  });

  /** `npm run report -- --exact` on the environment file the last deploy wrote; the base is the same file. */
  const exactReport = (extra: string[] = []) => {
    const config = path.join(workdir, "environment.yaml");
    const run = runScript(
      tools,
      config,
      "scripts/report.ts",
      ["--exact", "--json", "--parallel", "3", "--base-config", config, "--out", path.join(workdir, "plan-report.md"), ...extra],
      log,
      { RZ_OUTDIR: outdir, RZ_LOG_DIR: logs },
    );
    return { ...run, document: run.stdout.trim().startsWith("{") ? JSON.parse(run.stdout) : undefined };
  };
  const planFiles = () =>
    STACKS.flatMap((stack) =>
      fs.readdirSync(path.join(outdir, "stacks", stack)).filter((f) => /plan/i.test(f) && !f.endsWith(".json") && f !== "cdk.tf.json"),
    );

  test("npm run report -- --exact plans every deployed stack side by side: nothing to do, no plan file left", () => {
    const run = exactReport();
    expect({ status: run.status, tail: run.status === 0 ? "" : run.stderr.slice(-3000) }).toEqual({ status: 0, tail: "" });
    expect(run.document.failed).toEqual([]);
    expect(run.document.summary.map((s: Json) => s.stack)).toEqual([...STACKS].sort());
    for (const row of run.document.summary)
      expect(row).toEqual({ stack: row.stack, create: 0, update: 0, replace: 0, delete: 0, import: 0, move: 0 });
    for (const stack of STACKS) expect(fs.existsSync(path.join(logs, `${stack}.report.log`))).toBe(true);
    expect(planFiles()).toEqual([]);
  });

  test("a selection deploys in dependency waves: the tenant first, then its site", async () => {
    const doc = environment();
    doc.tenants[0].sites[0].workstations.count = DESKTOPS + 2;
    const config = simulatorConfig(doc, sim, workdir);
    expect((await cdktf(tools, config, outdir, ["synth"], log)).status).toBe(0);
    const run = runScript(
      tools,
      config,
      "scripts/deploy.ts",
      [SITE, FAILING, "--auto-approve", "--skip-provider-lock", "--skip-synth"],
      log,
      {
        RZ_OUTDIR: outdir,
        RZ_LOG_DIR: logs,
      },
    );
    expect({ status: run.status, tail: run.status === 0 ? "" : run.stderr.slice(-3000) }).toEqual({ status: 0, tail: "" });
    const lines = run.stderr.split("\n");
    const waves = lines.filter((l) => l.startsWith("[deploy] wave "));
    expect(waves).toEqual([`[deploy] wave 1/2: ${FAILING}`, `[deploy] wave 2/2: ${SITE}`]);
    // The site's run starts only after the tenant's ended.
    const tenantEnd = lines.findIndex((l) => l.startsWith(`[deploy] ${FAILING}: done`));
    expect(tenantEnd).toBeGreaterThan(-1);
    expect(tenantEnd).toBeLessThan(lines.indexOf(waves[1]));
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^\\[deploy\\] ${SITE}: done, 2 added, 0 changed, 0 destroyed in \\d+ s$`)),
    );
    expect(stateSummary(tools, outdir).get(SITE)).toBe(DESKTOPS + 3);
  });

  test("a failing stack is named with its error block and its log; the other stacks' results are still shown", async () => {
    const doc = environment();
    // A server to adopt that vCenter does not have: the tenant stack's plan fails on the import; the site reads the tenant.
    const tenant = doc.tenants[0];
    tenant.workloads.push({ ...tenant.workloads[0], id: "altakte", importFrom: "/LAB/vm/gemeinde-a/servers/no-such-vm" });
    const run = await deploy(doc);
    expect(run.status).toBe(1);
    expect(run.stderr.includes("\u001b")).toBe(false);

    const file = path.join(logs, `${FAILING}.deploy.log`);
    const failed = run.lines.findIndex((l) => l === `[deploy] ${FAILING} failed; full log: ${file}`);
    expect(failed).toBeGreaterThan(-1);
    // The excerpt: the engine's error, indented under the stack, and nothing of the rest of its output.
    const excerpt: string[] = [];
    for (let i = failed + 1; i < run.lines.length && run.lines[i].startsWith("    "); i++) excerpt.push(run.lines[i].trim());
    expect(excerpt[0]).toMatch(/^Error: /);
    expect(excerpt.length).toBeLessThanOrEqual(40);
    expect(excerpt.join("\n")).not.toMatch(/Creating\.\.\.|Refreshing state/);
    // Each excerpt line is in the stack's log, which has more than the excerpt.
    const full = fs.readFileSync(file, "utf8");
    for (const line of excerpt.filter((l) => !/^\(and \d+ more/.test(l))) expect(full).toContain(line.replace(/^\s+/, ""));
    expect(full.split("\n").length).toBeGreaterThan(excerpt.length);
    expect(run.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[deploy\\] ${FAILING}: FAILED in \\d+ s: `)));

    // The other stacks: each has its end line; the site, which reads the tenant stack, did not run.
    for (const stack of STACKS.filter((s) => s !== FAILING))
      expect({
        stack,
        ended: run.lines.some((l) => l === `[deploy] ${stack}: not run` || l.startsWith(`[deploy] ${stack}: done`)),
      }).toEqual({
        stack,
        ended: true,
      });
    expect(run.lines).toContain(`[deploy] ${SITE}: not run`);
    expect(run.lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[deploy\\] FAILED: .*${FAILING}.* did not apply`)));
  });

  test("npm run report -- --exact names a stack whose plan fails and still reports the others (exit 1)", () => {
    // The environment file of the failing deploy: the tenant stack's plan fails on the import of a VM vCenter lacks.
    const run = exactReport();
    expect(run.status).toBe(1);
    expect(run.document.failed.map((f: Json) => f.stack)).toEqual([FAILING]);
    expect(run.document.failed[0].message).toMatch(/^plan failed \(exit 1\):/);
    expect(run.stderr).toContain(`[report] 1 stack(s) could not be planned:\n${FAILING}: plan failed`);
    // Every other stack was planned and is in the report.
    expect(run.document.summary.map((s: Json) => s.stack)).toEqual(STACKS.filter((s) => s !== FAILING).sort());
    const markdown = fs.readFileSync(path.join(workdir, "plan-report.md"), "utf8");
    expect(markdown.split("\n")[0]).toBe(
      "**1 stack(s) could not be planned; what a deploy would do there is unknown** (the others are below):",
    );
    expect(planFiles()).toEqual([]);
  });

  test("a selection is destroyed in the waves reversed: the site first, then its tenant; the shared stacks stay", async () => {
    const doc = environment();
    doc.tenants[0].sites[0].workstations.count = DESKTOPS + 2;
    const config = simulatorConfig(doc, sim, workdir);
    expect((await cdktf(tools, config, outdir, ["synth"], log)).status).toBe(0);
    const run = runScript(tools, config, "scripts/destroy.ts", [FAILING, SITE, "--auto-approve", "--skip-provider-lock"], log, {
      RZ_OUTDIR: outdir,
      RZ_LOG_DIR: logs,
    });
    expect({ status: run.status, tail: run.status === 0 ? "" : run.stderr.slice(-3000) }).toEqual({ status: 0, tail: "" });
    const lines = run.stderr.split("\n");
    const waves = lines.filter((l) => l.startsWith("[destroy] wave "));
    expect(waves).toEqual([`[destroy] wave 1/2: ${SITE}`, `[destroy] wave 2/2: ${FAILING}`]);
    const siteEnd = lines.findIndex((l) => l.startsWith(`[destroy] ${SITE}: done`));
    expect(siteEnd).toBeGreaterThan(-1);
    expect(siteEnd).toBeLessThan(lines.indexOf(waves[1]));
    const state = stateSummary(tools, outdir);
    expect({ site: state.get(SITE), tenant: state.get(FAILING) }).toEqual({ site: 0, tenant: 0 });
    // The shared stacks were not selected: still deployed.
    const platformDir = path.join(outdir, "stacks", "platform");
    expect(engine(tools, config, platformDir, ["init", "-input=false", "-no-color"], log).status).toBe(0);
    expect(managedInstances(pullState(tools, platformDir))).toBeGreaterThan(0);
  });
});
