/**
 * `npm run demo`: stand up the vCenter simulator on 127.0.0.1, deploy the
 * environment (RZ_CONFIG, default config/dithmarschen.yaml) into it with
 * `cdktf deploy`, print a summary, and tear everything down again. The
 * engine's output goes to one log file per stack; the terminal shows the
 * progress view (runtime/cdk-run.ts), or with `--verbose` the output itself.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { DEFAULT_CONFIG } from "../config/load";
import { parseCommandLine } from "./cli";
import { runCdk } from "../runtime/cdk-run";
import {
  CDKTF_CLI,
  cdktf,
  environment,
  makeWorkdir,
  ROOT,
  simulatorConfig,
  startSimulator,
  stateSummary,
  toolEnv,
} from "../runtime/harness";

const { values } = parseCommandLine({
  command: "npm run demo --",
  summary: "Start the vCenter simulator, deploy RZ_CONFIG into it with cdktf deploy, print a summary, destroy everything again.",
  options: { verbose: { type: "boolean", description: "stream the engine's output as it comes instead of the progress view" } },
  details: ["environment: RZ_CONFIG (default config/dithmarschen.yaml)"],
});

async function main(): Promise<void> {
  const started = Date.now();
  const step = (text: string) => console.log(`[demo] ${text} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  // The tools' own report only when they fail (or with --verbose); else one line.
  const setup = spawnSync("bash", [path.join(ROOT, "scripts", "tools.sh")], { encoding: "utf8" });
  const report = `${setup.stdout ?? ""}${setup.stderr ?? ""}`;
  if (setup.status !== 0 || values.verbose) process.stdout.write(report);
  if (setup.status !== 0) process.exit(1);
  step(`tools ready: ${/provider: (.*)/.exec(report)?.[1] ?? "see .tools/env.sh"}`);
  const tools = toolEnv();
  const workdir = makeWorkdir();
  const log = path.join(workdir, "demo.log");
  step(`starting the simulator (log: ${workdir})`);
  const sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
  try {
    const source = process.env.RZ_CONFIG || DEFAULT_CONFIG;
    const config = simulatorConfig(parse(fs.readFileSync(path.resolve(ROOT, source), "utf8")), sim, workdir);
    const outdir = path.join(workdir, "cdktf.out");
    const synth = await cdktf(tools, config, outdir, ["synth"], log);
    if (synth.status !== 0) throw new Error(`cdktf synth failed (exit ${synth.status}); see ${log}`);
    const env = { ...environment(tools, config), ...CDKTF_CLI.env };
    const drive = (verb: "deploy" | "destroy") =>
      runCdk({
        command: [CDKTF_CLI.node, CDKTF_CLI.script],
        args: [verb, "*", "--skip-synth", "--auto-approve", "--skip-provider-lock"],
        outdir,
        cwd: ROOT,
        env,
        logDir: path.join(workdir, "logs"),
        logSuffix: verb,
        label: `[${verb}]`,
        verbose: values.verbose === true,
        stream: process.stdout,
      });
    step(`deploying ${source} into ${sim.server}`);
    const deployStarted = Date.now();
    const deploy = await drive("deploy");
    const deploySeconds = (Date.now() - deployStarted) / 1000;
    if (deploy.status !== 0) throw new Error(`cdktf deploy failed (exit ${deploy.status})`);
    const summary = stateSummary(tools, outdir);
    step("deployed");
    console.log(`  ${"stack".padEnd(42)} resources`);
    for (const [stack, count] of summary) console.log(`  ${stack.padEnd(42)} ${count}`);
    console.log(`  ${"total".padEnd(42)} ${[...summary.values()].reduce((a, b) => a + b, 0)} in ${deploySeconds.toFixed(0)} s`);
    step("destroying");
    const destroy = await drive("destroy");
    if (destroy.status !== 0) throw new Error(`cdktf destroy failed (exit ${destroy.status})`);
    step(`done: ${[...stateSummary(tools, outdir).values()].reduce((a, b) => a + b, 0)} resources left`);
  } finally {
    await sim.stop();
  }
}

main().catch((error) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
