/**
 * `npm run destroy -- <stack globs>`: `cdktf destroy` with the progress view.
 *
 *   npm run destroy -- 'site-kreis-dithmarschen-heide-*' --auto-approve
 *
 * Runs `cdktf destroy --skip-synth --parallelism N` (`--parallel N`, default
 * 1) on what is in the output directory. With every stack selected cdktf
 * destroys dependants first itself; a selection is destroyed in the deploy's
 * waves reversed (runtime/deploy-waves.ts: sites before their tenant before
 * shared stacks), one `cdktf destroy --ignore-missing-stack-dependencies` per
 * wave, and a failed wave stops the ones after it. With `--auto-approve` the engine's output
 * goes to RZ_LOG_DIR (default logs/)/<stack>.destroy.log and the progress
 * view shows each stack (runtime/cdk-run.ts); `--verbose` streams it.
 * Without `--auto-approve` cdktf asks per stack and its output is shown as it is.
 * Stacks under `protectFromDestroy` refuse, as with plain cdktf.
 *
 * Exit status: 0 every selected stack destroyed; 1 a stack failed (named, with its error); 2 usage error.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { CDKTF_SCRIPT, runCdk } from "../runtime/cdk-run";
import { deployWaves, runWaves, stackDependencies } from "../runtime/deploy-waves";
import { engineBinary } from "../runtime/engine";
import { EXIT, logDir, outputDir, parallelFrom, parallelOptions, parseCommandLine, requirePassphrases, selectedStacksOrExit } from "./cli";

const { values, positionals } = parseCommandLine({
  command: "npm run destroy --",
  summary: "cdktf destroy of the stacks matching the globs (default all) in the output directory, with the progress view.",
  options: {
    "auto-approve": { type: "boolean", description: "destroy without asking (CI); else cdktf asks per stack" },
    ...parallelOptions("stacks destroyed", "1"),
    "skip-provider-lock": { type: "boolean", description: "pass --skip-provider-lock to cdktf (a local provider build, tests)" },
    verbose: { type: "boolean", description: "stream the engine's output as it comes instead of the progress view" },
  },
  positionals: "[stack globs...]",
  details: ["environment: RZ_OUTDIR (default cdktf.out), RZ_LOG_DIR (default logs), TERRAFORM_BINARY_NAME, TF_VAR_* and PG_CONN_STR"],
});
const ROOT = path.resolve(__dirname, "..");
const outdir = outputDir();
const globs = positionals.length > 0 ? positionals : ["*"];
const parallelism = String(parallelFrom("npm run destroy", values, 1));
const say = (line: string) => process.stderr.write(`[destroy] ${line}\n`);
const stacks = selectedStacksOrExit("[destroy]", outdir, globs);
requirePassphrases("[destroy]", outdir, stacks);
const everyStack = globs.includes("*");
const cli = CDKTF_SCRIPT;
const env = { ...process.env, CHECKPOINT_DISABLE: "1", TERRAFORM_BINARY_NAME: engineBinary() };

function cdktfArgs(names: readonly string[]): string[] {
  const args = ["destroy", ...names, "--skip-synth", "--parallelism", parallelism];
  if (!everyStack) args.push("--ignore-missing-stack-dependencies");
  if (values["auto-approve"]) args.push("--auto-approve");
  if (values["skip-provider-lock"]) args.push("--skip-provider-lock");
  return args;
}

/** One cdktf destroy over `names`; true when every stack of `wave` was destroyed. */
async function destroyOnce(names: readonly string[], wave: readonly string[]): Promise<boolean> {
  const args = cdktfArgs(names);
  say(`cdktf ${args.join(" ")}`);
  if (!values["auto-approve"]) {
    return spawnSync(process.execPath, [cli, ...args, "--output", outdir], { cwd: ROOT, stdio: "inherit", env }).status === 0;
  }
  const run = await runCdk({
    command: [process.execPath, cli],
    args,
    outdir,
    stacks: wave,
    cwd: ROOT,
    env,
    logDir: logDir(),
    logSuffix: "destroy",
    label: "[destroy]",
    verbose: values.verbose === true,
  });
  const failed = run.stacks.filter((s) => s.state !== "done");
  if (run.status !== 0 || failed.length > 0) {
    say(`FAILED: ${failed.map((s) => `${s.stack} (${s.state})`).join(", ") || `cdktf destroy exited ${run.status ?? run.signal}`}`);
    return false;
  }
  return true;
}

async function main(): Promise<void> {
  const waves = everyStack ? [stacks] : deployWaves(stackDependencies(outdir), stacks).reverse();
  const { failedWave, notRun } = await runWaves(waves, say, (wave) => destroyOnce(everyStack ? globs : wave, wave));
  if (failedWave !== undefined) {
    if (notRun.length > 0) say(`not run (stacks of wave ${failedWave} depend on them): ${notRun.join(", ")}`);
    process.exit(EXIT.FAILED);
  }
  say(`every selected stack destroyed (${stacks.length})`);
}

main().catch((error) => {
  say(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(EXIT.FAILED);
});
