/**
 * `npm run bench -- --plans`: plan time of one site's stack and of the whole
 * default environment against the vCenter simulator. Deploys the default
 * environment once (engine, provider and simulator from `.tools/`, loopback
 * only), then times, interleaved, `plan` of one site stack and `plan` of every
 * stack one after another, as an operator's CI would run them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cdktf, engine, makeWorkdir, simulatorConfig, stackNames, startSimulator, toolEnv, ToolEnv } from "../runtime/harness";
import { defaultDoc } from "./generate";

export const PLAN_SITE = "site-kreis-dithmarschen-heide-2";

export interface PlanResult {
  /** Seconds per run: `plan` of the one site stack. */
  readonly site: number[];
  /** Seconds per run: `plan` of every stack of the default environment, one after another. */
  readonly environment: number[];
  readonly stacks: number;
  readonly deploySeconds: number;
}

const PLAN = ["plan", "-detailed-exitcode", "-input=false", "-lock=false", "-no-color"];

function timedPlan(tools: ToolEnv, config: string, stackDir: string, log: string): number {
  const started = process.hrtime.bigint();
  const run = engine(tools, config, stackDir, PLAN, log);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // 0: no changes, 2: changes; 1 is an error.
  if (run.status !== 0 && run.status !== 2) throw new Error(`plan of ${path.basename(stackDir)} failed:\n${run.output.slice(-2000)}`);
  return seconds;
}

/** The tools, or why the plan section cannot run. */
export function planTools(): ToolEnv | string {
  try {
    return toolEnv();
  } catch (error) {
    return (error as Error).message;
  }
}

export async function measurePlans(tools: ToolEnv, runs: number): Promise<PlanResult> {
  const workdir = makeWorkdir();
  const log = path.join(workdir, "plans.log");
  const sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
  try {
    const config = simulatorConfig(defaultDoc(), sim, workdir);
    const outdir = path.join(workdir, "cdktf.out");
    console.log(`[bench] plans: deploying the default environment into the simulator (log ${log})...`);
    const deployStarted = Date.now();
    const deploy = await cdktf(tools, config, outdir, ["deploy", "*", "--auto-approve", "--skip-provider-lock"], log);
    if (deploy.status !== 0) throw new Error(`deploy failed:\n${deploy.output.slice(-3000)}`);
    const deploySeconds = (Date.now() - deployStarted) / 1000;
    const stacks = stackNames(outdir);
    const result = { site: [] as number[], environment: [] as number[], stacks: stacks.length, deploySeconds };
    for (let i = 0; i < runs; i++) {
      result.site.push(timedPlan(tools, config, path.join(outdir, "stacks", PLAN_SITE), log));
      result.environment.push(stacks.reduce((sum, stack) => sum + timedPlan(tools, config, path.join(outdir, "stacks", stack), log), 0));
      console.log(
        `[bench] plans, run ${i + 1}: one site ${result.site[i].toFixed(1)} s, whole environment ${result.environment[i].toFixed(1)} s`,
      );
    }
    return result;
  } finally {
    await sim.stop();
    fs.appendFileSync(log, "\n(simulator stopped)\n");
  }
}
