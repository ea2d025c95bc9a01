/**
 * Operations, for real: state in PostgreSQL (a throwaway server on
 * 127.0.0.1), the vCenter simulator, the real engine and provider.
 *
 * - every stack keeps its state in its own schema; no credential reaches the output;
 * - two operators deploying the same stack at once: one proceeds, the other
 *   fails fast on the state lock, and the state stays intact;
 * - an apply terminated half-way leaves a state a re-run converges from;
 * - `npm run drift` reports exactly what was changed in vCenter by hand.
 *
 * The tests run in order and share one simulator and one database.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  cdktf,
  descendants,
  engine,
  managedInstances,
  pullState,
  runScript,
  inspect,
  makeWorkdir,
  Simulator,
  simulatorConfig,
  startCdktf,
  startSimulator,
  toolEnv,
  ToolEnv,
} from "../../runtime/harness";
import { Postgres, startPostgres } from "../../runtime/postgres";
import { smallDocument } from "../helpers";
import { describeWithProvider } from "./provider";

jest.setTimeout(20 * 60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SCHEMA_PREFIX = "rzops";
const SITE = "site-gemeinde-a-rathaus";
const STACKS = ["images", "network", "platform", SITE, "tenant-gemeinde-a"];
const schemaOf = (stack: string) => `${SCHEMA_PREFIX}_${stack.replace(/-/g, "_")}`;

/** The small test environment with one site of `desktops` desktops, on hosts large enough for 80. */
function environment(desktops: number): Json {
  const doc = smallDocument();
  for (const host of doc.clusters[0].hosts) Object.assign(host, { cpuCores: 128, memoryGiB: 1024 });
  const tenant = doc.tenants[0];
  tenant.sites = [{ ...tenant.sites[0], vlan: 110, linkMbps: 1000, workstations: { count: desktops, image: "standard" } }];
  return doc;
}

const DEPLOY = ["--auto-approve", "--skip-provider-lock"];
// cdktf prints addresses with the construct path: `vsphere_virtual_machine.desktops (desktops/default)[4]: Creating...`
const DESKTOP_CREATING = /vsphere_virtual_machine\.desktops[^:\n]*\[\d+\]: Creating\.\.\./;
const DESKTOP_CREATED = /vsphere_virtual_machine\.desktops[^:\n]*\[\d+\]: Creation complete/;
/** One stack after the other, as `npm run deploy` does (parallel first deploys into pg on OpenTofu are the secrets test's). */
const DEPLOY_ALL = ["deploy", "*", "--parallelism", "1", ...DEPLOY];
const DEPLOY_SITE = ["deploy", SITE, "--ignore-missing-stack-dependencies", "--skip-synth", ...DEPLOY];

describeWithProvider("operations: shared state in PostgreSQL, locking, interrupted applies and drift", () => {
  let tools: ToolEnv;
  let sim: Simulator;
  let pg: Postgres;
  let workdir: string;
  let log: string;
  let outdir: string;

  const configFor = (desktops: number) => simulatorConfig(environment(desktops), sim, workdir, { type: "pg", schemaPrefix: SCHEMA_PREFIX });
  const desktopsIn = (inventory: Json) =>
    inventory.vms.filter((vm: Json) => /^ga-rathaus-\d{3}$/.test(vm.name)).map((vm: Json) => vm.name as string);
  const emptyPlan = (config: string, dir: string, stack: string) => {
    const plan = engine(tools, config, path.join(dir, "stacks", stack), ["plan", "-detailed-exitcode", "-input=false", "-no-color"], log);
    return { stack, status: plan.status, tail: plan.status === 0 ? "" : plan.output.slice(-1500) };
  };
  /** The stack's state, decrypted by the engine from its PostgreSQL row. */
  const stateOf = (stack: string): Json => pullState(tools, path.join(outdir, "stacks", stack));
  /** The row as stored: encrypted. */
  const rowOf = (stack: string): string => pg.query(`SELECT data FROM ${schemaOf(stack)}.states WHERE name = 'default'`);
  const instancesIn = managedInstances;
  /** The engine's command name (tofu, terraform) as `ps` shows it. */
  const engineName = () => path.basename(tools.TERRAFORM_BINARY_NAME);
  const heldAdvisoryLocks = () => Number(pg.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"));

  beforeAll(async () => {
    tools = toolEnv();
    workdir = makeWorkdir();
    log = path.join(workdir, "e2e.log");
    pg = await startPostgres(path.join(workdir, "postgres.log"));
    process.env.PG_CONN_STR = pg.connStr; // read by the engine's pg backend, as from an operator's shell
    sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
    outdir = path.join(workdir, "cdktf.out");
  });

  afterAll(async () => {
    await sim?.stop();
    await pg?.stop();
    delete process.env.PG_CONN_STR;
    process.stdout.write(`e2e work directory (logs): ${workdir}\n`);
  });

  test("cdktf deploy keeps every stack's state in its own PostgreSQL schema", async () => {
    const run = await cdktf(tools, configFor(3), outdir, DEPLOY_ALL, log);
    expect({ status: run.status, tail: run.status === 0 ? "" : run.output.slice(-3000) }).toEqual({ status: 0, tail: "" });

    const schemas = pg.query("SELECT table_schema FROM information_schema.tables WHERE table_name = 'states' ORDER BY 1").split("\n");
    expect(schemas).toEqual(STACKS.map(schemaOf).sort());
    for (const stack of STACKS) {
      expect({ stack, workspaces: pg.query(`SELECT name FROM ${schemaOf(stack)}.states`) }).toEqual({ stack, workspaces: "default" });
      expect({ stack, empty: instancesIn(stateOf(stack)) === 0 }).toEqual({ stack, empty: false });
    }
    expect(instancesIn(stateOf(SITE))).toBe(3 + 1); // desktops and the image pin
    expect(fs.existsSync(path.join(workdir, "state"))).toBe(false);
    expect(desktopsIn(inspect(tools, sim))).toHaveLength(3);
  });

  test("neither the output directory (with .terraform), the states nor the log name the database user or password", () => {
    const files: string[] = [log];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isSymbolicLink()) continue; // provider links into the tools mirror
        if (entry.isDirectory()) walk(full);
        else if (!entry.name.startsWith("terraform-provider-")) files.push(full);
      }
    };
    walk(outdir);
    // The backend settings terraform init recorded per stack are among the files searched.
    for (const stack of STACKS) {
      expect(files).toEqual(
        expect.arrayContaining([
          path.join(outdir, "stacks", stack, "cdk.tf.json"),
          path.join(outdir, "stacks", stack, ".terraform", "terraform.tfstate"),
        ]),
      );
    }
    for (const secret of [pg.password, `${pg.user}:`, pg.connStr]) {
      expect(files.filter((f) => fs.readFileSync(f, "latin1").includes(secret))).toEqual([]);
    }
    const states = STACKS.map((s) => JSON.stringify(stateOf(s))).join("\n");
    expect(states.includes(pg.password)).toBe(false);
    for (const stack of STACKS)
      expect({ stack, encrypted: "encrypted_data" in JSON.parse(rowOf(stack)) }).toEqual({ stack, encrypted: true });
  });

  test("two operators deploying the same stack at once: one proceeds, the other fails fast on the lock", async () => {
    // Each operator has their own checkout and synthesised output of the same change.
    const config = configFor(60);
    const [outA, outB] = [path.join(workdir, "operator-a"), path.join(workdir, "operator-b")];
    for (const out of [outA, outB]) expect((await cdktf(tools, config, out, ["synth"], log)).status).toBe(0);

    // Operator A creates one desktop at a time, so their apply holds the lock
    // for a minute or more; B's CLI start and init (10-30 s under load) must
    // reach the lock while A still holds it. With the engine's default
    // parallelism A once finished 60 desktops before B arrived, and B then
    // applied an empty plan: a race in the test, not a locking fault.
    const a = startCdktf(tools, config, outA, [...DEPLOY_SITE, "--terraform-parallelism", "1"], log);
    await a.waitFor(DESKTOP_CREATING);
    const b = await cdktf(tools, config, outB, DEPLOY_SITE, log);
    const aRunningWhenBEnded = a.running();
    const resultA = await a.done;

    expect(b.status).not.toBe(0);
    expect(b.output).toContain("Error acquiring the state lock");
    expect(b.output).toContain("Workspace is already locked");
    expect(b.output).not.toMatch(DESKTOP_CREATING);
    expect(aRunningWhenBEnded).toBe(true);
    expect({ status: resultA.status, tail: resultA.status === 0 ? "" : resultA.output.slice(-3000) }).toEqual({ status: 0, tail: "" });

    expect(heldAdvisoryLocks()).toBe(0);
    expect(instancesIn(stateOf(SITE))).toBe(60 + 1);
    expect(desktopsIn(inspect(tools, sim))).toHaveLength(60);
    expect([emptyPlan(config, outA, SITE), emptyPlan(config, outB, SITE)]).toEqual([
      { stack: SITE, status: 0, tail: "" },
      { stack: SITE, status: 0, tail: "" },
    ]);
  });

  test("an apply terminated half-way (SIGTERM to the engine) leaves a state a re-run converges from", async () => {
    const config = configFor(80);
    expect((await cdktf(tools, config, outdir, ["synth"], log)).status).toBe(0);
    const deploy = startCdktf(tools, config, outdir, DEPLOY_SITE, log);
    await deploy.waitFor(DESKTOP_CREATED, 5);
    const applies = descendants(deploy.pid, new RegExp(`${engineName()}.* apply`));
    expect(applies).toHaveLength(1);
    process.kill(applies[0], "SIGTERM");
    const interrupted = await deploy.done;
    expect(interrupted.status).not.toBe(0);

    // The engine saved what it had created and released the lock.
    expect(heldAdvisoryLocks()).toBe(0);
    const saved = instancesIn(stateOf(SITE));
    expect(saved).toBeGreaterThan(60 + 1);
    expect(saved).toBeLessThan(80 + 1);
    expect(desktopsIn(inspect(tools, sim)).length).toBeGreaterThanOrEqual(saved - 1);

    const rerun = await cdktf(tools, config, outdir, DEPLOY_SITE, log);
    expect({ status: rerun.status, tail: rerun.status === 0 ? "" : rerun.output.slice(-3000) }).toEqual({ status: 0, tail: "" });
    const names = desktopsIn(inspect(tools, sim));
    expect(names).toHaveLength(80);
    expect(new Set(names).size).toBe(80);
    expect(instancesIn(stateOf(SITE))).toBe(80 + 1);
    expect(STACKS.map((stack) => emptyPlan(config, outdir, stack))).toEqual(STACKS.map((stack) => ({ stack, status: 0, tail: "" })));
  });

  describe("npm run drift", () => {
    const drift = (config: string, secrets: Record<string, string> = {}) => {
      const run = runScript(tools, config, "scripts/drift.ts", ["--out", report], log, {
        ...secrets,
        RZ_OUTDIR: path.join(workdir, "drift.out"),
      });
      return { status: run.status, report: run.stdout, stderr: run.stderr };
    };
    let report: string;
    beforeAll(() => {
      report = path.join(workdir, "drift-report.md");
    });
    const change = (what: string, name: string, value: number) => {
      const run = spawnSync(tools.RZ_VCSIM, ["change", "-url", sim.url, "-insecure", what, name, String(value)], { encoding: "utf8" });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    };

    test("finds nothing right after a deploy, also with a rotated Windows admin password (it only matters while cloning)", () => {
      const run = drift(configFor(80), { TF_VAR_windows_admin_password: "rotated-Pa55-windows-77e1" });
      expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr.slice(-2000) }).toEqual({ status: 0, stderr: "" });
      expect(run.report).toContain("No resource was changed outside code.");
      expect(fs.readFileSync(report, "utf8")).toBe(run.report);
    });

    test("reports a desktop's memory and a port group's VLAN changed in vCenter, exactly those, and exits 2", () => {
      change("vm-memory", "ga-rathaus-007", 8192);
      change("portgroup-vlan", "pg-ga-rathaus", 999);
      const run = drift(configFor(80));
      expect(run.status).toBe(2);
      const drifted = run.report.split("\n").filter((line) => line.startsWith("- `"));
      expect(drifted).toEqual([
        `- \`${SITE}/vsphere_virtual_machine.desktops[6]\`: \`memory\` 4096 → 8192`,
        "- `tenant-gemeinde-a/vsphere_distributed_port_group.sites_rathaus_link`: `vlan_id` 110 → 999",
      ]);
      expect(run.report).toContain("2 resource(s) changed outside code");
      expect(run.report).not.toContain("not deployed yet");
    });

    test("a deploy sets both back, and drift is clean again", async () => {
      const config = configFor(80);
      const run = await cdktf(
        tools,
        config,
        outdir,
        ["deploy", SITE, "tenant-gemeinde-a", "--ignore-missing-stack-dependencies", ...DEPLOY],
        log,
      );
      expect({ status: run.status, tail: run.status === 0 ? "" : run.output.slice(-3000) }).toEqual({ status: 0, tail: "" });
      const inventory = inspect(tools, sim);
      expect(inventory.vms.find((vm: Json) => vm.name === "ga-rathaus-007").memoryMB).toBe(4096);
      const portGroups = inventory.dvSwitches.flatMap((s: Json) => s.portgroups);
      expect(portGroups.find((p: Json) => p.name === "pg-ga-rathaus").vlanId).toBe(110);
      expect(drift(config).status).toBe(0);
    });
  });

  test("an engine killed hard (SIGKILL) leaves VMs outside the state; importing them as the runbook says lets the re-run converge", async () => {
    const config = configFor(100);
    expect((await cdktf(tools, config, outdir, ["synth"], log)).status).toBe(0);
    const deploy = startCdktf(tools, config, outdir, DEPLOY_SITE, log);
    await deploy.waitFor(DESKTOP_CREATED, 5);
    const engines = descendants(deploy.pid, new RegExp(`${engineName()}|terraform-provider`)); // the engine's apply and its provider plugin
    expect(engines.length).toBeGreaterThanOrEqual(2);
    for (const pid of engines) process.kill(pid, "SIGKILL");
    // cdktf 0.21 exits 0 when its engine dies from a signal ("No outputs found."): only the missing "Apply complete!" tells.
    expect((await deploy.done).output).not.toContain("Apply complete!");
    await new Promise((r) => setTimeout(r, 5_000)); // let vCenter finish the clone tasks the engine had started

    // Desktops vCenter has but the state does not: what the killed run created after its last state write.
    expect(heldAdvisoryLocks()).toBe(0);
    const inState = new Set(
      stateOf(SITE)
        .resources.filter((r: Json) => r.type === "vsphere_virtual_machine")
        .flatMap((r: Json) => r.instances.map((i: Json) => i.attributes.name as string)),
    );
    const orphans = inspect(tools, sim).vms.filter((vm: Json) => /^ga-rathaus-\d{3}$/.test(vm.name) && !inState.has(vm.name));
    expect(orphans.length).toBeGreaterThan(0);
    const addressOf = (name: string) => `vsphere_virtual_machine.desktops[${Number(name.slice(-3)) - 1}]`;

    // The re-run stops at exactly those, naming their addresses.
    const rerun = await cdktf(tools, config, outdir, DEPLOY_SITE, log);
    expect(rerun.status).not.toBe(0);
    const failed = [...rerun.output.matchAll(/with vsphere_virtual_machine\.desktops \(desktops\/default\)\[(\d+)\]/g)].map(
      (m) => `vsphere_virtual_machine.desktops[${m[1]}]`,
    );
    expect([...new Set(failed)].sort()).toEqual(orphans.map((vm: Json) => addressOf(vm.name)).sort());
    expect(rerun.output).toContain("FileAlreadyExists");

    // Runbook: import each reported address from its inventory path, deploy again.
    const stackDir = path.join(outdir, "stacks", SITE);
    for (const vm of orphans) {
      const imported = engine(tools, config, stackDir, ["import", "-input=false", "-no-color", addressOf(vm.name), vm.path], log);
      expect({ vm: vm.name, status: imported.status }).toEqual({ vm: vm.name, status: 0 });
    }
    const converged = await cdktf(tools, config, outdir, DEPLOY_SITE, log);
    expect({ status: converged.status, tail: converged.status === 0 ? "" : converged.output.slice(-3000) }).toEqual({
      status: 0,
      tail: "",
    });
    const names = desktopsIn(inspect(tools, sim));
    expect(names).toHaveLength(100);
    expect(new Set(names).size).toBe(100);
    expect(instancesIn(stateOf(SITE))).toBe(100 + 1);
    expect(STACKS.map((stack) => emptyPlan(config, outdir, stack))).toEqual(STACKS.map((stack) => ({ stack, status: 0, tail: "" })));
  });
});
