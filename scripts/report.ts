/**
 * `npm run report`: the reviewer's plan report, Markdown to stdout and to a file.
 *
 *   npm run report                                   # config of this branch vs. the same file on $RZ_BASE_REF (default main)
 *   npm run report -- --base-config a.yaml --head-config b.yaml
 *   npm run report -- --plans plans/ [--base-config ... --head-config ...]   # exact: <stack>.json from `terraform show -json`
 *   options: --out FILE (default plan-report.md), --json (one JSON document to stdout, no file unless --out)
 *
 * Without plans, both configurations are synthesised with this branch's code
 * and the two trees are compared; replacements are estimated from the
 * provider's force-new attributes.
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
import { changesFromPlanDir, changesFromTrees } from "../report/changes";
import { planDocument, renderPlanReport } from "../report/plan-report";
import { topologyMermaid } from "../report/topology";
import { buildEnvironment } from "../stacks/environment";
import { configFile, EXIT, JSON_OPTION, loadOrExit, parseCommandLine } from "./cli";

const { values } = parseCommandLine({
  command: "npm run report --",
  summary:
    "The reviewer's plan report: this branch's environment file against the same file on RZ_BASE_REF (default main), or the engine's own plans.",
  options: {
    "base-config": { type: "string", value: "FILE", description: "compare against this file instead of RZ_BASE_REF:<head config>" },
    "head-config": { type: "string", value: "FILE", description: "the changed file (default RZ_CONFIG)" },
    plans: { type: "string", value: "DIR", description: "read <stack>.json plans (terraform show -json) from DIR: exact replacements" },
    out: { type: "string", value: "FILE", description: "write the Markdown report here (default plan-report.md)" },
    json: JSON_OPTION,
  },
  details: ["environment: RZ_CONFIG, RZ_BASE_REF (default main), RZ_COMPLIANCE_DATE"],
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

try {
  const headFile = option("head-config") || configFile();
  const head = loadOrExit(headFile);
  const base = baseEnvironment(headFile);
  const plans = option("plans");
  const headOut = synth(head);
  const changes = plans ? changesFromPlanDir(plans) : changesFromTrees(synth(base), headOut);
  const stacks = fs.readdirSync(path.join(headOut, "stacks")).sort();
  const input = { changes, stacks, base, head, title: `Plan report: ${headFile}` };
  const report = () =>
    [
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
    process.stdout.write(`${JSON.stringify(planDocument(input), null, 2)}\n`);
    if (option("out")) fs.writeFileSync(option("out")!, report());
  } else {
    const out = option("out") || "plan-report.md";
    const text = report();
    fs.writeFileSync(out, text);
    process.stdout.write(text);
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(EXIT.FAILED);
}
