/**
 * `npm run deploy -- <stack globs>`: `cdktf deploy` with the runbook's flags,
 * then a check that each selected stack really applied.
 *
 *   npm run deploy -- '*' --auto-approve                       # every stack, several at once in dependency order
 *   npm run deploy -- tenant-kreis-dithmarschen 'site-kreis-dithmarschen-heide-*'
 *
 * Runs `cdktf deploy` with `--parallelism N` (`--parallel N`; default two
 * stacks per core, 2..8, with OpenTofu; 1 with Terraform, whose pg backend
 * takes one database-wide lock while it creates a stack's state). With every
 * stack selected, cdktf keeps the order between stacks itself; for a
 * selection it runs one `cdktf deploy --ignore-missing-stack-dependencies`
 * per wave (runtime/deploy-waves.ts): shared stacks before tenant stacks
 * before site stacks, the stacks of a wave side by side; a failed wave stops
 * the waves after it. With `--auto-approve` the engine's output
 * goes to one log file per stack (RZ_LOG_DIR, default logs/) and the progress
 * view shows each stack's state (runtime/cdk-run.ts); `--verbose` streams the
 * output as it comes. Without `--auto-approve` cdktf asks per stack, so its
 * output is shown as it is. cdktf 0.21 exits 0
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
import { CDKTF_SCRIPT, runCdk } from "../runtime/cdk-run";
import { describeVerdict, serialsBefore, verifyStacks } from "../runtime/deploy-check";
import { deployWaves, runWaves, stackDependencies } from "../runtime/deploy-waves";
import { defaultParallelism } from "../runtime/drift-check";
import { engineBinary } from "../runtime/engine";
import { stackSelected } from "../stacks/environment";
import { EXIT, logDir, outputDir, parallelFrom, parallelOptions, parseCommandLine, requirePassphrases, synthOrExit } from "./cli";

const { values, positionals } = parseCommandLine({
  command: "npm run deploy --",
  summary: "cdktf deploy of the stacks matching the globs (default all) with the runbook's flags, then check that each really applied.",
  options: {
    "auto-approve": { type: "boolean", description: "apply without asking (CI); else cdktf asks per stack" },
    ...parallelOptions("stacks deployed", `two per core, 2..8, with OpenTofu: ${defaultParallelism()} here; 1 with Terraform`),
    "skip-provider-lock": { type: "boolean", description: "pass --skip-provider-lock to cdktf (a local provider build, tests)" },
    "skip-synth": {
      type: "boolean",
      description: "deploy what is in the output directory as it is (default: synthesise first, as npm run synth)",
    },
    verbose: { type: "boolean", description: "stream the engine's output as it comes instead of the progress view" },
  },
  positionals: "[stack globs...]",
  details: [
    "environment: RZ_CONFIG, RZ_OUTDIR (default cdktf.out), RZ_LOG_DIR (default logs), TERRAFORM_BINARY_NAME, TF_VAR_* and PG_CONN_STR (docs/operations.md)",
  ],
});
const ROOT = path.resolve(__dirname, "..");
const outdir = outputDir();
const globs = positionals.length > 0 ? positionals : ["*"];
const terraformEngine = path.basename(engineBinary()).startsWith("terraform");
const parallelism = String(parallelFrom("npm run deploy", values, terraformEngine ? 1 : defaultParallelism()));
const say = (line: string) => process.stderr.write(`[deploy] ${line}\n`);

const selected = () =>
  fs.existsSync(path.join(outdir, "stacks"))
    ? fs
        .readdirSync(path.join(outdir, "stacks"))
        .filter((s) => stackSelected(s, globs))
        .sort()
    : [];

// The same atomic, compliance-checked synth as `npm run synth`, so the view knows the stacks and their sizes.
// cdktf synthesises once more (byte-identical) and installs the provider lock as a plain `cdktf deploy` does:
// with --skip-synth, OpenTofu's init leaves a lock cdktf re-records against the registry (README, "Deploying for real").
if (!values["skip-synth"]) synthOrExit();
requirePassphrases("[deploy]", outdir, selected());
const before = serialsBefore(outdir, selected());
const everyStack = globs.includes("*");
const cli = CDKTF_SCRIPT;
const env = { ...process.env, CHECKPOINT_DISABLE: "1", TERRAFORM_BINARY_NAME: engineBinary() };

/** cdktf's arguments for one run over `stacks` (globs or names); the waves after the first deploy what the first synthesised. */
function cdktfArgs(stacks: readonly string[], first: boolean): string[] {
  const args = ["deploy", ...stacks, "--parallelism", parallelism, "--output", outdir];
  if (values["skip-synth"] || !first) args.push("--skip-synth");
  if (!everyStack) args.push("--ignore-missing-stack-dependencies");
  if (values["auto-approve"]) args.push("--auto-approve");
  if (values["skip-provider-lock"]) args.push("--skip-provider-lock");
  return args;
}

async function deployOnce(args: string[], stacks: readonly string[]): Promise<number | null> {
  say(`cdktf ${args.join(" ")}`);
  if (!values["auto-approve"]) {
    // cdktf asks per stack: its prompts need the terminal as it is.
    const run = spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, stdio: "inherit", env });
    return run.status;
  }
  const run = await runCdk({
    command: [process.execPath, cli],
    args: args.filter((a, i) => a !== "--output" && args[i - 1] !== "--output"),
    outdir,
    stacks,
    cwd: ROOT,
    env,
    logDir: logDir(),
    logSuffix: "deploy",
    label: "[deploy]",
    verbose: values.verbose === true,
  });
  return run.status;
}

async function deploy(): Promise<number | null> {
  if (everyStack) return deployOnce(cdktfArgs(globs, true), selected());
  let status: number | null = 0;
  const { failedWave, notRun } = await runWaves(deployWaves(stackDependencies(outdir), selected()), say, async (wave, i) => {
    status = await deployOnce(cdktfArgs(wave, i === 0), wave);
    return status === 0;
  });
  if (notRun.length > 0) say(`not run (they depend on a stack of wave ${failedWave}): ${notRun.join(", ")}`);
  return status;
}

async function main(): Promise<void> {
  const status = await deploy();
  const stacks = selected();
  if (stacks.length === 0) {
    say(`no stack matches ${globs.join(" ")} in ${path.relative(ROOT, outdir)}/stacks (cdktf exit ${status})`);
    process.exit(EXIT.FAILED);
  }
  say(`cdktf exited ${status}; checking ${stacks.length} stack(s)`);
  const verdicts = verifyStacks(outdir, stacks, before, undefined, say);
  for (const v of verdicts) say(describeVerdict(v));
  const failed = verdicts.filter((v) => !v.applied);
  if (failed.length > 0 || status !== 0) {
    say(
      failed.length > 0
        ? `FAILED: ${failed.map((v) => v.stack).join(", ")} did not apply; see docs/operations.md "Recovering from a failed apply"`
        : `FAILED: cdktf deploy exited ${status}`,
    );
    process.exit(EXIT.FAILED);
  }
  say(`every selected stack applied (${stacks.length})`);
}

main().catch((error) => {
  say(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(EXIT.FAILED);
});
