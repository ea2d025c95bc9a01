/**
 * `npm run drift`: has anybody changed vCenter by hand since the last deploy?
 *
 *   npm run drift                          # every stack of RZ_CONFIG (default config/dithmarschen.yaml)
 *   npm run drift -- 'site-*' tenant-x     # only these stacks (globs)
 *   options: --skip-synth (plan what is in the output directory), --out FILE (default drift-report.md), --json,
 *            --parallel N (stacks planned at once; default two per core, at least 2, at most 8: 4 on 2 cores;
 *            --parallelism N is the same)
 *
 * Synthesises the environment (atomically, into RZ_OUTDIR or cdktf.out), then
 * plans every selected stack without the state lock (runtime/drift-check.ts),
 * several at once, with the progress view on stderr and each stack's engine
 * output in RZ_LOG_DIR (default logs/)/<stack>.drift.log, and reports the resources changed outside code with the plan report of
 * what a deploy would do (moves and imports listed as such).
 *
 * A stack whose check fails is named with its error (and log) after every
 * other stack was checked; the report still shows what the others found.
 *
 * Exit status: 0 no drift and nothing to deploy; 2 drift (or undeployed
 * changes) found; 1 the check itself failed (for any stack); 2 also for a usage error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { driftDocument, driftExitCode, renderDriftReport } from "../report/drift";
import { defaultParallelism, describeFailures, planWithProgress } from "../runtime/drift-check";
import {
  configFile,
  EXIT,
  JSON_OPTION,
  logDir,
  outputDir,
  parallelFrom,
  parallelOptions,
  parseCommandLine,
  requirePassphrases,
  selectedStacksOrExit,
  synthOrExit,
} from "./cli";

const { values, positionals: patterns } = parseCommandLine({
  command: "npm run drift --",
  summary:
    "Synthesise RZ_CONFIG, plan every selected stack without the state lock, report what was changed in vCenter outside code and what a deploy would do.",
  options: {
    "skip-synth": { type: "boolean", description: "plan what is in the output directory (RZ_OUTDIR or cdktf.out) as it is" },
    out: { type: "string", value: "FILE", description: "write the Markdown report here (default drift-report.md)" },
    json: JSON_OPTION,
    ...parallelOptions("stacks planned", `two per core, 2..8: ${defaultParallelism()} here; plans mostly wait on vCenter`),
  },
  positionals: "[stack globs...]",
  details: [
    "environment: RZ_CONFIG, RZ_OUTDIR, RZ_LOG_DIR (default logs), TERRAFORM_BINARY_NAME, TF_VAR_* and PG_CONN_STR as for a deploy",
    "exit status 2 here also means: drift or undeployed changes found",
  ],
});
const outdir = outputDir();
const config = configFile();
process.env.CHECKPOINT_DISABLE = "1";

if (!values["skip-synth"]) synthOrExit();
const stacks = selectedStacksOrExit("[drift]", outdir, patterns);

const parallelism = parallelFrom("npm run drift", values, defaultParallelism());
requirePassphrases("[drift]", outdir, stacks);

async function main(): Promise<void> {
  const result = await planWithProgress({ outdir, stacks, parallelism, logDir: logDir(), command: "drift" });
  const { drift, changes, failed } = result;
  const input = { drift, changes, failed, stacks, title: `Drift report: ${config}` };
  const status = driftExitCode(input);

  if (values.json) {
    process.stdout.write(`${JSON.stringify(driftDocument(input), null, 2)}\n`);
    if (typeof values.out === "string") fs.writeFileSync(path.resolve(values.out), renderDriftReport(input));
  } else {
    const report = renderDriftReport(input);
    const out = path.resolve(typeof values.out === "string" ? values.out : "drift-report.md");
    fs.writeFileSync(out, report);
    process.stdout.write(report);
    process.stderr.write(`[drift] report: ${out}\n`);
  }
  if (failed.length > 0) process.stderr.write(`[drift] the check failed for ${failed.length} stack(s):\n${describeFailures(failed)}\n`);
  const moves = changes.filter((c) => c.movedFrom !== undefined).length;
  const imports = changes.filter((c) => c.importId !== undefined).length;
  process.stderr.write(
    `[drift] ${drift.length} drifted resource(s), ${changes.length} planned change(s) (${moves} move(s), ${imports} import(s)) in ${stacks.length} stack(s)\n`,
  );
  process.exit(status);
}

main().catch((error) => {
  process.stderr.write(`[drift] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT.FAILED);
});
