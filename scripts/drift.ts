/**
 * `npm run drift`: has anybody changed vCenter by hand since the last deploy?
 *
 *   npm run drift                          # every stack of RZ_CONFIG (default config/dithmarschen.yaml)
 *   npm run drift -- 'site-*' tenant-x     # only these stacks (globs)
 *   options: --skip-synth (plan what is in the output directory), --out FILE (default drift-report.md)
 *
 * Synthesises the environment (atomically, into RZ_OUTDIR or cdktf.out), then
 * plans every selected stack without the state lock (runtime/drift-check.ts)
 * and reports the resources changed outside code with the plan report of
 * what a deploy would do.
 *
 * Exit status: 0 no drift and nothing to deploy; 2 drift (or undeployed
 * changes) found; 1 the check itself failed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CONFIG } from "../config/load";
import { renderDriftReport } from "../report/drift";
import { checkDrift, DriftCheckError } from "../runtime/drift-check";
import { stackSelected } from "../stacks/environment";

const ROOT = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => (args.indexOf(`--${name}`) >= 0 ? args[args.indexOf(`--${name}`) + 1] : undefined);
const patterns = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--out");
const outdir = path.resolve(ROOT, process.env.RZ_OUTDIR || "cdktf.out");
const config = process.env.RZ_CONFIG || DEFAULT_CONFIG;
process.env.CHECKPOINT_DISABLE = "1";

function fail(message: string): never {
  process.stderr.write(`[drift] ${message}\n`);
  process.exit(1);
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

let result;
try {
  result = checkDrift({ outdir, stacks, progress: (line) => process.stderr.write(`[drift] ${line}\n`) });
} catch (error) {
  if (error instanceof DriftCheckError) fail(error.message);
  throw error;
}
const { drift, changes } = result;

const report = renderDriftReport({ drift, changes, stacks, title: `Drift report: ${config}` });
const out = path.resolve(option("out") ?? "drift-report.md");
fs.writeFileSync(out, report);
process.stdout.write(report);
process.stderr.write(
  `[drift] ${drift.length} drifted resource(s), ${changes.length} planned change(s) in ${stacks.length} stack(s); report: ${out}\n`,
);
process.exit(drift.length > 0 || changes.length > 0 ? 2 : 0);
