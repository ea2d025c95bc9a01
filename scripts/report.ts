/**
 * `npm run report`: the reviewer's plan report, Markdown to stdout and to a file.
 *
 *   npm run report                                   # config of this branch vs. the same file on $RZ_BASE_REF (default main)
 *   npm run report -- --base-config a.yaml --head-config b.yaml
 *   npm run report -- --plans plans/ [--base-config ... --head-config ...]   # exact: <stack>.json from `terraform show -json`
 *   npm run report -- --exact [--parallel N] [stack globs...]               # exact: the engine plans every stack itself
 *   options: --out FILE (default plan-report.md), --json (one JSON document to stdout, no file unless --out)
 *
 * Without plans, both configurations are synthesised with this branch's code
 * and the two trees are compared; replacements are estimated from the
 * provider's force-new attributes. With `--exact` the head configuration is
 * synthesised into RZ_OUTDIR (default cdktf.out) and every selected stack is
 * planned against its state as `npm run drift` plans it (no state lock,
 * several stacks at once, each engine's output in its own log, the plan file
 * deleted at once): nothing that holds variable values is left on disk.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { addCompliancePack } from "../compliance/pack";
import { loadEnvironment, parseEnvironment } from "../config/load";
import { ConfigError } from "../config/problems";
import { Environment } from "../config/schema";
import { changesFromPlanDir, changesFromTrees, ResourceChange } from "../report/changes";
import { planDocument, renderPlanReport, unplannedStacksMarkdown } from "../report/plan-report";
import { topologyMermaid } from "../report/topology";
import { defaultParallelism, describeFailures, planWithProgress, StackFailure } from "../runtime/drift-check";
import { buildEnvironment } from "../stacks/environment";
import {
  configFile,
  EXIT,
  JSON_OPTION,
  loadOrExit,
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
  command: "npm run report --",
  summary:
    "The reviewer's plan report: this branch's environment file against the same file on RZ_BASE_REF (default main), or the engine's own plans.",
  options: {
    "base-config": { type: "string", value: "FILE", description: "compare against this file instead of RZ_BASE_REF:<head config>" },
    "head-config": { type: "string", value: "FILE", description: "the changed file (default RZ_CONFIG)" },
    plans: { type: "string", value: "DIR", description: "read <stack>.json plans (terraform show -json) from DIR: exact replacements" },
    exact: {
      type: "boolean",
      description:
        "plan the selected stacks (default all) of the head configuration with the engine, as npm run drift does: exact replacements",
    },
    ...parallelOptions("stacks planned with --exact", `two per core, 2..8: ${defaultParallelism()} here`),
    out: { type: "string", value: "FILE", description: "write the Markdown report here (default plan-report.md)" },
    json: JSON_OPTION,
  },
  positionals: "[stack globs... (with --exact)]",
  details: [
    "environment: RZ_CONFIG, RZ_BASE_REF (default main), RZ_COMPLIANCE_DATE; with --exact also RZ_OUTDIR, RZ_LOG_DIR and the engine's TF_VAR_* and PG_CONN_STR as for a deploy",
    "exit status 1 with --exact also when a stack could not be planned (named; the report shows the others)",
  ],
});
const option = (name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);

function synth(env: Environment): string {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rz-report-")), "cdktf.out");
  const app = new App({ outdir });
  buildEnvironment(app, env);
  addCompliancePack(app, env, process.env.RZ_COMPLIANCE_DATE);
  app.synth();
  return outdir;
}

function baseEnvironment(file: string): Environment {
  const given = option("base-config");
  if (given) return loadEnvironment(given);
  const ref = process.env.RZ_BASE_REF || "main";
  const text = execFileSync("git", ["show", `${ref}:${file}`], { encoding: "utf8" });
  return parseEnvironment(text, `${ref}:${file}`);
}

if (patterns.length > 0 && !values.exact) {
  process.stderr.write("npm run report: stack globs select what --exact plans; without --exact every stack is compared\n");
  process.exit(EXIT.USAGE);
}
if (values.exact && option("plans")) {
  process.stderr.write("npm run report: --exact plans the stacks itself; --plans reads plans made elsewhere: give one of them\n");
  process.exit(EXIT.USAGE);
}
const parallelism = parallelFrom("npm run report", values, defaultParallelism());

/** `--exact`: synthesise the head file as `npm run synth` does, then plan the selected stacks side by side. */
async function exactChanges(headFile: string): Promise<{ changes: ResourceChange[]; stacks: string[]; failed: StackFailure[] }> {
  const outdir = outputDir();
  synthOrExit({ ...process.env, RZ_CONFIG: headFile, CHECKPOINT_DISABLE: "1" });
  const stacks = selectedStacksOrExit("[report]", outdir, patterns);
  requirePassphrases("[report]", outdir, stacks);
  const result = await planWithProgress({
    outdir,
    stacks,
    parallelism,
    logDir: logDir(),
    command: "report",
  });
  return { changes: result.changes, stacks: stacks.filter((s) => !result.failed.some((f) => f.stack === s)), failed: result.failed };
}

async function main(): Promise<void> {
  const headFile = option("head-config") || configFile();
  const head = loadOrExit(headFile);
  const base = baseEnvironment(headFile);
  const plans = option("plans");
  let changes: ResourceChange[];
  let stacks: string[];
  let failed: StackFailure[] = [];
  if (values.exact) {
    ({ changes, stacks, failed } = await exactChanges(headFile));
  } else {
    const headOut = synth(head);
    changes = plans ? changesFromPlanDir(plans) : changesFromTrees(synth(base), headOut);
    stacks = fs.readdirSync(path.join(headOut, "stacks")).sort();
  }
  const input = { changes, stacks, base, head, title: `Plan report: ${headFile}` };
  const unplanned = unplannedStacksMarkdown(
    failed,
    (n) => `${n} stack(s) could not be planned; what a deploy would do there is unknown`,
    "(the others are below):",
  );
  const report = () =>
    [
      ...unplanned,
      renderPlanReport(input),
      "<details><summary>Topology</summary>",
      "",
      "```mermaid",
      topologyMermaid(head).trimEnd(),
      "```",
      "",
      "</details>",
      "",
    ].join("\n");
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...planDocument(input), ...(values.exact ? { failed } : {}) }, null, 2)}\n`);
    if (option("out")) fs.writeFileSync(option("out")!, report());
  } else {
    const out = option("out") || "plan-report.md";
    const text = report();
    fs.writeFileSync(out, text);
    process.stdout.write(text);
  }
  if (failed.length > 0) {
    process.stderr.write(`[report] ${failed.length} stack(s) could not be planned:\n${describeFailures(failed)}\n`);
    process.exit(EXIT.FAILED);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(EXIT.FAILED);
});
