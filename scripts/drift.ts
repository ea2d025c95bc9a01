/**
 * `npm run drift`: has anybody changed vCenter by hand since the last deploy?
 *
 *   npm run drift                          # every stack of RZ_CONFIG (default config/dithmarschen.yaml)
 *   npm run drift -- 'site-*' tenant-x     # only these stacks (globs)
 *   options: --skip-synth (plan what is in the output directory), --out FILE (default drift-report.md)
 *
 * Synthesises the environment (atomically, into RZ_OUTDIR or cdktf.out), then
 * per stack runs `terraform init` and `terraform plan -detailed-exitcode`
 * without taking the state lock (a read-only check must not block a deploy),
 * and reports the resources changed outside code with the plan report of
 * what a deploy would do. The engine is TERRAFORM_BINARY_NAME or `terraform`;
 * credentials come from the same TF_VAR_* and PG_CONN_STR as for a deploy.
 *
 * Exit status: 0 no drift and nothing to deploy; 2 drift (or undeployed
 * changes) found; 1 the check itself failed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CONFIG } from "../config/load";
import { changesFromPlan, PlanJson, ResourceChange } from "../report/changes";
import { Drift, driftFromPlan, renderDriftReport } from "../report/drift";
import { stackSelected } from "../stacks/environment";

const ROOT = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => (args.indexOf(`--${name}`) >= 0 ? args[args.indexOf(`--${name}`) + 1] : undefined);
const patterns = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--out");
const outdir = path.resolve(ROOT, process.env.RZ_OUTDIR || "cdktf.out");
const engine = process.env.TERRAFORM_BINARY_NAME || "terraform";
const config = process.env.RZ_CONFIG || DEFAULT_CONFIG;
process.env.CHECKPOINT_DISABLE = "1";

function fail(message: string): never {
  process.stderr.write(`[drift] ${message}\n`);
  process.exit(1);
}

function run(cwd: string, argv: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(engine, argv, { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024, env: process.env });
  if (result.error) fail(`cannot run ${engine}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

if (!flag("skip-synth")) {
  const synth = spawnSync(process.execPath, [path.join(ROOT, "scripts", "synth.js")], { stdio: ["ignore", 2, 2], env: process.env });
  if (synth.status !== 0) process.exit(1); // synth.js has said why
}
if (!fs.existsSync(path.join(outdir, "stacks"))) fail(`${path.relative(ROOT, outdir)}/stacks is missing: synthesise first`);

const stacks = fs
  .readdirSync(path.join(outdir, "stacks"))
  .filter((s) => stackSelected(s, patterns))
  .sort();
if (stacks.length === 0) fail(`no stack matches ${patterns.join(" ")}`);

const drift: Drift[] = [];
const changes: ResourceChange[] = [];
for (const stack of stacks) {
  const dir = path.join(outdir, "stacks", stack);
  process.stderr.write(`[drift] ${stack}: planning...\n`);
  const init = run(dir, ["init", "-input=false", "-no-color"]);
  if (init.status !== 0) fail(`${stack}: terraform init failed:\n${init.stdout}${init.stderr}`);
  // The plan file holds every variable value (encrypted by OpenTofu; in clear text with Terraform): it never outlives this step.
  const planFile = path.join(dir, "drift.tfplan");
  let plan: ReturnType<typeof run>;
  let show: ReturnType<typeof run>;
  try {
    plan = run(dir, ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false", "-out=drift.tfplan"]);
    show = plan.status === 0 || plan.status === 2 ? run(dir, ["show", "-json", "drift.tfplan"]) : plan;
  } finally {
    fs.rmSync(planFile, { force: true });
  }
  if (plan.status !== 0 && plan.status !== 2) fail(`${stack}: terraform plan failed:\n${plan.stdout}${plan.stderr}`);
  if (show.status !== 0) fail(`${stack}: terraform show failed:\n${show.stderr}`);
  const json = JSON.parse(show.stdout) as PlanJson;
  const found = driftFromPlan(stack, json);
  const planned = changesFromPlan(stack, json);
  // -detailed-exitcode and the JSON must agree; a disagreement means this script misreads the plan.
  if ((plan.status === 2) !== planned.length > 0) {
    fail(`${stack}: plan exit code ${plan.status} but ${planned.length} change(s) read from its JSON`);
  }
  drift.push(...found);
  changes.push(...planned);
}

const report = renderDriftReport({ drift, changes, stacks, title: `Drift report: ${config}` });
const out = path.resolve(option("out") ?? "drift-report.md");
fs.writeFileSync(out, report);
process.stdout.write(report);
process.stderr.write(
  `[drift] ${drift.length} drifted resource(s), ${changes.length} planned change(s) in ${stacks.length} stack(s); report: ${out}\n`,
);
process.exit(drift.length > 0 || changes.length > 0 ? 2 : 0);
