/**
 * The exit from archived cdktf, end to end: CDK Terrain's CLI (`cdktn`, with
 * the app on cdktn through `RZ_CDK=cdktn`) deploys a small copy of the default
 * environment into the vCenter simulator, a second plan of every stack is
 * empty, and `cdktn destroy` leaves the simulator as it started. Checked
 * through the simulator's vSphere API, not through Terraform state.
 *
 * Skipped, and named so, when no vsphere provider build is present or no
 * Node.js >= 22.19 for cdktn-cli 0.24.0 is (scripts/tools.sh provides one).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import {
  CdkCli,
  cdktf,
  engine,
  inspect,
  makeWorkdir,
  readToolsEnv,
  ROOT,
  Simulator,
  simulatorConfig,
  startSimulator,
  stackNames,
  toolEnv,
  ToolEnv,
} from "../../runtime/harness";
import { PROVIDER_MISSING_REASON } from "./provider";

jest.setTimeout(15 * 60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Inventory = any;

const DESKTOPS = 2;
const DEPLOY = ["--auto-approve", "--skip-provider-lock"];

/** One tenant with one site of two desktops and no workloads, two hosts per cluster. */
function smallEnvironment(): Inventory {
  const doc = parse(fs.readFileSync(path.join(ROOT, "config", "dithmarschen.yaml"), "utf8"));
  for (const cluster of doc.clusters) cluster.hosts = cluster.hosts.slice(0, 2);
  const tenant = doc.tenants[0];
  tenant.sites = tenant.sites.slice(0, 1);
  tenant.sites[0].workstations.count = DESKTOPS;
  tenant.workloads = [];
  delete doc.rollout;
  return doc;
}

/** Why the suite cannot run here (no provider build, no Node.js for cdktn-cli), or undefined. */
function missing(): string | undefined {
  if (process.env.RZ_REQUIRE_E2E === "1") return undefined;
  if (PROVIDER_MISSING_REASON) return PROVIDER_MISSING_REASON;
  const node = process.env.RZ_CDKTN_NODE || readToolsEnv()?.RZ_CDKTN_NODE;
  return node && fs.existsSync(node) ? undefined : "no Node.js >= 22.19 for cdktn-cli (run scripts/tools.sh)";
}

const skip = missing();
const SMALL = smallEnvironment();
const TENANT = SMALL.tenants[0];
const SITE = TENANT.sites[0];

(skip ? describe.skip : describe)(`CDK Terrain's CLI deploys, re-plans and destroys${skip ? ` (skipped: ${skip})` : ""}`, () => {
  let tools: ToolEnv;
  let cli: CdkCli;
  let sim: Simulator;
  let workdir: string;
  let config: string;
  let outdir: string;
  let log: string;
  let before: Inventory;

  beforeAll(async () => {
    tools = toolEnv();
    cli = {
      name: "cdktn",
      script: path.join(ROOT, "node_modules", "cdktn-cli", "bundle", "bin", "cdktn.js"),
      node: process.env.RZ_CDKTN_NODE || readToolsEnv()?.RZ_CDKTN_NODE || "",
      env: { RZ_CDK: "cdktn" },
    };
    workdir = makeWorkdir();
    log = path.join(workdir, "e2e.log");
    sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
    before = inspect(tools, sim);
    config = simulatorConfig(SMALL, sim, workdir);
    outdir = path.join(workdir, "cdktf.out");
  });

  afterAll(async () => {
    await sim?.stop();
    process.stdout.write(`e2e work directory (logs, state): ${workdir}\n`);
  });

  test("cdktn deploy creates every stack, synthesised by cdktn", async () => {
    const run = await cdktf(tools, config, outdir, ["deploy", "*", ...DEPLOY], log, false, cli);
    expect({ status: run.status, tail: run.status === 0 ? "" : run.output.slice(-3000) }).toEqual({ status: 0, tail: "" });
    const cdktnVersion = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "cdktn", "package.json"), "utf8")).version;
    expect(JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).version).toBe(cdktnVersion);
    const desktops = inspect(tools, sim).vms.filter((vm: Inventory) => vm.name.startsWith(`${TENANT.code.toLowerCase()}-${SITE.id}-`));
    expect(desktops.map((vm: Inventory) => vm.networks)).toEqual(Array(DESKTOPS).fill([`pg-${TENANT.code.toLowerCase()}-${SITE.id}`]));
  });

  test("a second plan of every stack reports no changes", () => {
    const changed = stackNames(outdir).filter((stack) => {
      const plan = engine(
        tools,
        config,
        path.join(outdir, "stacks", stack),
        ["plan", "-detailed-exitcode", "-input=false", "-lock=false", "-no-color"],
        log,
      );
      if (plan.status === 1) throw new Error(`plan of ${stack} failed:\n${plan.output.slice(-2000)}`);
      return plan.status !== 0;
    });
    expect(stackNames(outdir)).toHaveLength(5);
    expect(changed).toEqual([]);
  });

  test("cdktn destroy leaves the simulator exactly as it started", async () => {
    const run = await cdktf(tools, config, outdir, ["destroy", "*", ...DEPLOY], log, false, cli);
    expect({ status: run.status, tail: run.status === 0 ? "" : run.output.slice(-3000) }).toEqual({ status: 0, tail: "" });
    expect(inspect(tools, sim)).toEqual(before);
  });
});
