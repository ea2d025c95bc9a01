/**
 * `npm run demo`: stand up the vCenter simulator on 127.0.0.1, deploy the
 * environment (RZ_CONFIG, default config/dithmarschen.yaml) into it with
 * `cdktf deploy`, print a summary, and tear everything down again.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { DEFAULT_CONFIG } from "../config/load";
import { parseCommandLine } from "./cli";
import { cdktf, makeWorkdir, ROOT, simulatorConfig, startSimulator, stateSummary, toolEnv } from "../runtime/harness";

parseCommandLine({
  command: "npm run demo --",
  summary: "Start the vCenter simulator, deploy RZ_CONFIG into it with cdktf deploy, print a summary, destroy everything again.",
  details: ["environment: RZ_CONFIG (default config/dithmarschen.yaml)"],
});

async function main(): Promise<void> {
  const started = Date.now();
  const step = (text: string) => console.log(`\n[demo] ${text} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (spawnSync("bash", [path.join(ROOT, "scripts", "tools.sh")], { stdio: "inherit" }).status !== 0) process.exit(1);
  const tools = toolEnv();
  const workdir = makeWorkdir();
  const log = path.join(workdir, "demo.log");
  step(`starting the simulator (log: ${workdir})`);
  const sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
  try {
    const source = process.env.RZ_CONFIG || DEFAULT_CONFIG;
    const config = simulatorConfig(parse(fs.readFileSync(path.resolve(ROOT, source), "utf8")), sim, workdir);
    const outdir = path.join(workdir, "cdktf.out");
    step(`deploying ${source} into ${sim.server}`);
    const deployStarted = Date.now();
    const deploy = await cdktf(tools, config, outdir, ["deploy", "*", "--auto-approve", "--skip-provider-lock"], log, true);
    const deploySeconds = (Date.now() - deployStarted) / 1000;
    if (deploy.status !== 0) throw new Error(`cdktf deploy failed (exit ${deploy.status}); see ${log}`);
    const summary = stateSummary(tools, outdir);
    step("deployed");
    console.log(`  ${"stack".padEnd(42)} resources`);
    for (const [stack, count] of summary) console.log(`  ${stack.padEnd(42)} ${count}`);
    console.log(`  ${"total".padEnd(42)} ${[...summary.values()].reduce((a, b) => a + b, 0)} in ${deploySeconds.toFixed(0)} s`);
    step("destroying");
    const destroy = await cdktf(tools, config, outdir, ["destroy", "*", "--auto-approve", "--skip-provider-lock"], log, false);
    if (destroy.status !== 0) throw new Error(`cdktf destroy failed (exit ${destroy.status}); see ${log}`);
    step(`done: ${[...stateSummary(tools, outdir).values()].reduce((a, b) => a + b, 0)} resources left`);
  } finally {
    await sim.stop();
  }
}

main().catch((error) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
