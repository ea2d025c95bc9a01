/**
 * `npm run deploy -- <stack globs>`: `cdktf deploy` with the runbook's flags,
 * then a check that each selected stack really applied.
 *
 *   npm run deploy -- '*' --auto-approve                       # every stack, one at a time
 *   npm run deploy -- tenant-kreis-dithmarschen 'site-kreis-dithmarschen-heide-*'
 *
 * Runs `cdktf deploy <globs> --parallelism 1` (plus `--ignore-missing-stack-dependencies`
 * unless every stack is selected) and streams its output. cdktf 0.21 exits 0
 * when its engine was killed, so afterwards every selected stack is planned
 * once more (runtime/deploy-check.ts): a stack whose plan is not empty is
 * reported as a failure with its name.
 *
 * Exit status: 0 every selected stack applied; 1 the deploy failed or a stack
 * did not apply; 2 usage error.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describeVerdict, serialsBefore, verifyStacks } from "../runtime/deploy-check";
import { engineBinary } from "../runtime/engine";
import { stackSelected } from "../stacks/environment";
import { EXIT, parseCommandLine } from "./cli";

const { values, positionals } = parseCommandLine({
  command: "npm run deploy --",
  summary: "cdktf deploy of the stacks matching the globs (default all) with the runbook's flags, then check that each really applied.",
  options: {
    "auto-approve": { type: "boolean", description: "apply without asking (CI); else cdktf asks per stack" },
    parallelism: { type: "string", value: "N", description: "stacks deployed at once (default 1, as the runbook asks for pg backends)" },
    "skip-provider-lock": { type: "boolean", description: "pass --skip-provider-lock to cdktf (a local provider build, tests)" },
  },
  positionals: "[stack globs...]",
  details: ["environment: RZ_CONFIG, RZ_OUTDIR (default cdktf.out), TERRAFORM_BINARY_NAME, TF_VAR_* and PG_CONN_STR (docs/operations.md)"],
});
const ROOT = path.resolve(__dirname, "..");
const outdir = path.resolve(ROOT, process.env.RZ_OUTDIR || "cdktf.out");
const globs = positionals.length > 0 ? positionals : ["*"];
const parallelism = typeof values.parallelism === "string" ? values.parallelism : "1";
if (!/^[1-9]\d*$/.test(parallelism)) {
  process.stderr.write(`npm run deploy: --parallelism ${parallelism} is not a positive whole number\n`);
  process.exit(EXIT.USAGE);
}
const say = (line: string) => process.stderr.write(`[deploy] ${line}\n`);

const selected = () =>
  fs.existsSync(path.join(outdir, "stacks"))
    ? fs
        .readdirSync(path.join(outdir, "stacks"))
        .filter((s) => stackSelected(s, globs))
        .sort()
    : [];

const before = serialsBefore(outdir, selected());
const args = ["deploy", ...globs, "--parallelism", parallelism, "--output", outdir];
if (!globs.includes("*")) args.push("--ignore-missing-stack-dependencies");
if (values["auto-approve"]) args.push("--auto-approve");
if (values["skip-provider-lock"]) args.push("--skip-provider-lock");
say(`cdktf ${args.join(" ")}`);
const cli = path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
const deploy = spawnSync(process.execPath, [cli, ...args], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, CHECKPOINT_DISABLE: "1", TERRAFORM_BINARY_NAME: engineBinary() },
});
const stacks = selected();
if (stacks.length === 0) {
  say(`no stack matches ${globs.join(" ")} in ${path.relative(ROOT, outdir)}/stacks (cdktf exit ${deploy.status})`);
  process.exit(EXIT.FAILED);
}
say(`cdktf exited ${deploy.status ?? deploy.signal}; checking ${stacks.length} stack(s)`);
const verdicts = verifyStacks(outdir, stacks, before, undefined, say);
for (const v of verdicts) say(describeVerdict(v));
const failed = verdicts.filter((v) => !v.applied);
if (failed.length > 0 || deploy.status !== 0) {
  say(
    failed.length > 0
      ? `FAILED: ${failed.map((v) => v.stack).join(", ")} did not apply; see docs/operations.md "Recovering from a failed apply"`
      : `FAILED: cdktf deploy exited ${deploy.status ?? deploy.signal}`,
  );
  process.exit(EXIT.FAILED);
}
say(`every selected stack applied (${stacks.length})`);
