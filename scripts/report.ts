/**
 * `npm run report`: the reviewer's plan report, Markdown to stdout and to a file.
 *
 *   npm run report                                   # config of this branch vs. the same file on $RZ_BASE_REF (default main)
 *   npm run report -- --base-config a.yaml --head-config b.yaml
 *   npm run report -- --plans plans/ [--base-config ... --head-config ...]   # exact: <stack>.json from `terraform show -json`
 *   options: --out FILE (default plan-report.md)
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
import { renderPlanReport } from "../report/plan-report";
import { topologyMermaid } from "../report/topology";
import { buildEnvironment } from "../stacks/environment";
import { configFile, loadOrExit } from "./cli";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

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
  const report = [
    renderPlanReport({ changes, stacks, base, head, title: `Plan report: ${headFile}` }),
    "<details><summary>Topology</summary>",
    "",
    "```mermaid",
    topologyMermaid(head).trimEnd(),
    "```",
    "",
    "</details>",
    "",
  ].join("\n");
  const out = option("out") || "plan-report.md";
  fs.writeFileSync(out, report);
  process.stdout.write(report);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
