/**
 * `npm run bench -- --plans`: engine time against the vCenter simulator as
 * the estate grows (#20). Two environments of the default county's shape,
 * each deployed once into its own simulator (engine, provider and simulator
 * from `.tools/`, loopback only): 1 tenant and 3 tenants. Then, interleaved,
 * RZ_BENCH_PLAN_RUNS times (default RZ_BENCH_RUNS): `plan` of one site stack
 * in each (it should not grow with the estate), and the drift check of the
 * 3-tenant environment (runtime/drift-check.ts: init, plan, show of every
 * stack) one stack at a time and with the default parallelism, with the
 * findings of both compared.
 */
import { isDeepStrictEqual } from "node:util";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  cdktf,
  engine,
  environment,
  makeWorkdir,
  simulatorConfig,
  Simulator,
  stackNames,
  startSimulator,
  ToolEnv,
  toolEnv,
} from "../runtime/harness";
import { checkDrift, defaultParallelism, describeFailures, DriftCheckResult } from "../runtime/drift-check";
import { environmentOf } from "./generate";

export const PLAN_SITE = "site-kreis-dithmarschen-heide-2";

export interface PlanResult {
  /** Seconds per run: `plan` of the one site stack with 1 tenant deployed. */
  readonly site1: number[];
  /** Seconds per run: `plan` of the same site stack with 3 tenants deployed. */
  readonly site3: number[];
  /** Seconds per run: the drift check of every stack of the 3-tenant environment, one at a time. */
  readonly driftSequential: number[];
  /** Seconds per run: the same with {@link parallelism} stacks at once. */
  readonly driftParallel: number[];
  readonly parallelism: number;
  readonly stacks1: number;
  readonly stacks3: number;
  readonly deploySeconds1: number;
  readonly deploySeconds3: number;
  /** CPU seconds per run of the sequential drift check: the engine with its provider (children of this process), and the simulator. */
  readonly cpuSequential: DriftCpu[];
  /** The same for the parallel check. */
  readonly cpuParallel: DriftCpu[];
  /** Every parallel run found exactly what the sequential runs found. */
  readonly findingsIdentical: boolean;
  readonly findings: { readonly drift: number; readonly changes: number };
}

export interface DriftCpu {
  /** CPU seconds of the engine processes and their providers (reaped children of this process). */
  readonly engine: number;
  /** CPU seconds of the simulator (what a real vCenter spends on its own servers). */
  readonly simulator: number;
}

/** Clock ticks per second of /proc's times (USER_HZ; 100 on Linux). */
const TICKS = 100;

/** utime, stime, cutime, cstime of a process from /proc/<pid>/stat, in seconds. */
function procTimes(pid: number | "self"): { own: number; children: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the command name: state is field 3 of the stat line, utime field 14, stime 15, cutime 16, cstime 17.
  const at = (field: number) => Number(fields[field - 3]) / TICKS;
  return { own: at(14) + at(15), children: at(16) + at(17) };
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

interface Deployed {
  readonly sim: Simulator;
  readonly config: string;
  readonly outdir: string;
  readonly stacks: string[];
  readonly seconds: number;
}

async function deploy(tools: ToolEnv, tenants: number, log: string): Promise<Deployed> {
  const workdir = makeWorkdir();
  const sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
  try {
    const config = simulatorConfig(environmentOf(tenants), sim, workdir);
    const outdir = path.join(workdir, "cdktf.out");
    console.log(`[bench] plans: deploying ${tenants} tenant(s) into a simulator (log ${log})...`);
    const started = Date.now();
    const run = await cdktf(tools, config, outdir, ["deploy", "*", "--auto-approve", "--skip-provider-lock"], log);
    if (run.status !== 0) throw new Error(`deploy of ${tenants} tenant(s) failed:\n${run.output.slice(-3000)}`);
    return { sim, config, outdir, stacks: stackNames(outdir), seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    await sim.stop();
    throw error;
  }
}

/** The drift check as `npm run drift` runs it, with the harness's tools and credentials, timed in wall and CPU time. */
async function timedDrift(
  tools: ToolEnv,
  env: Deployed,
  parallelism: number,
): Promise<{ seconds: number; cpu: DriftCpu; result: DriftCheckResult }> {
  const saved = { ...process.env };
  Object.assign(process.env, environment(tools, env.config));
  const before = { self: procTimes("self"), sim: procTimes(env.sim.pid) };
  const started = process.hrtime.bigint();
  try {
    const result = await checkDrift({ outdir: env.outdir, stacks: env.stacks, engine: tools.TERRAFORM_BINARY_NAME, parallelism });
    if (result.failed.length > 0) throw new Error(`drift check failed at parallelism ${parallelism}:\n${describeFailures(result.failed)}`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const after = { self: procTimes("self"), sim: procTimes(env.sim.pid) };
    const cpu = { engine: after.self.children - before.self.children, simulator: after.sim.own - before.sim.own };
    return { seconds, cpu, result };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

export async function measurePlans(tools: ToolEnv, runs: number): Promise<PlanResult> {
  const log = path.join(makeWorkdir(), "plans.log");
  const one = await deploy(tools, 1, log);
  let three: Deployed | undefined;
  try {
    three = await deploy(tools, 3, log);
    const parallelism = defaultParallelism();
    const result = {
      site1: [] as number[],
      site3: [] as number[],
      driftSequential: [] as number[],
      driftParallel: [] as number[],
      parallelism,
      stacks1: one.stacks.length,
      stacks3: three.stacks.length,
      deploySeconds1: one.seconds,
      deploySeconds3: three.seconds,
      cpuSequential: [] as DriftCpu[],
      cpuParallel: [] as DriftCpu[],
      findingsIdentical: true,
      findings: { drift: 0, changes: 0 },
    };
    let reference: DriftCheckResult | undefined;
    for (let i = 0; i < runs; i++) {
      result.site1.push(timedPlan(tools, one.config, path.join(one.outdir, "stacks", PLAN_SITE), log));
      result.site3.push(timedPlan(tools, three.config, path.join(three.outdir, "stacks", PLAN_SITE), log));
      const sequential = await timedDrift(tools, three, 1);
      const parallel = await timedDrift(tools, three, parallelism);
      result.driftSequential.push(sequential.seconds);
      result.driftParallel.push(parallel.seconds);
      result.cpuSequential.push(sequential.cpu);
      result.cpuParallel.push(parallel.cpu);
      reference ??= sequential.result;
      if (!isDeepStrictEqual(sequential.result, reference) || !isDeepStrictEqual(parallel.result, reference))
        result.findingsIdentical = false;
      console.log(
        `[bench] plans, run ${i + 1}: one site ${result.site1[i].toFixed(1)} s at 1 tenant, ${result.site3[i].toFixed(1)} s at 3; ` +
          `drift of ${three.stacks.length} stacks ${sequential.seconds.toFixed(1)} s sequential, ${parallel.seconds.toFixed(1)} s with ${parallelism} at once; ` +
          `CPU s engine+provider / simulator: ${sequential.cpu.engine.toFixed(1)} / ${sequential.cpu.simulator.toFixed(1)} sequential, ` +
          `${parallel.cpu.engine.toFixed(1)} / ${parallel.cpu.simulator.toFixed(1)} parallel`,
      );
    }
    result.findings = { drift: reference?.drift.length ?? 0, changes: reference?.changes.length ?? 0 };
    return result;
  } finally {
    await one.sim.stop();
    if (three) await three.sim.stop();
    fs.appendFileSync(log, "\n(simulators stopped)\n");
  }
}
