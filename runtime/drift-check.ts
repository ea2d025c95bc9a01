/**
 * The engine side of `npm run drift`: per synthesised stack, `init` and
 * `plan -detailed-exitcode` without taking the state lock (a read-only check
 * must not block a deploy), `show -json` of the plan, and the drift and
 * planned changes read from it. Stacks are planned side by side (a plan
 * mostly waits on vCenter, not on a core), `parallelism` at a time; results
 * come back in the order of `stacks`, whatever order the plans end in. The
 * engine is TERRAFORM_BINARY_NAME or `tofu` (runtime/engine.ts); credentials
 * come from the same TF_VAR_* and PG_CONN_STR as for a deploy.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { engineBinary, EngineRun, runEngineAsync } from "./engine";
import { stackEstimates } from "./cdk-run";
import { errorExcerpt, StackLogs } from "./engine-output";
import { createView, ProgressModel } from "./progress";
import { changesFromPlan, PlanJson, ResourceChange } from "../report/changes";
import { Drift, driftFromPlan } from "../report/drift";

/**
 * Stacks planned at once when nobody says: two per core (a plan mostly waits
 * on vCenter; its CPU goes to starting the engine and the provider), at least
 * 2, at most 8 (vCenter's own session and task limits, and the memory of one
 * engine plus provider, about 150 MB each). 4 on a 2-core machine.
 */
export function defaultParallelism(cores: number = os.availableParallelism?.() ?? os.cpus().length): number {
  return Math.min(8, Math.max(2, 2 * cores));
}

/** A stack's check itself failed (engine missing, init or plan failed, a plan misread): not drift. Reported in `failed`. */
class DriftCheckError extends Error {}

/** Where a stack's check is: for the progress view. */
export type DriftStep = "init" | "planning" | "done" | "failed";

export interface DriftCheckOptions {
  /** The synthesised output directory (with `stacks/<name>/cdk.tf.json`). */
  readonly outdir: string;
  /** Stack names to check; results come in this order. */
  readonly stacks: readonly string[];
  /** @default TERRAFORM_BINARY_NAME, else "tofu" (engineBinary) */
  readonly engine?: string;
  /** Stacks planned at once. @default defaultParallelism() (two per core, 2..8) */
  readonly parallelism?: number;
  /** Where each stack's engine output goes (masked). @default not kept */
  readonly logs?: StackLogs;
  /** Told when a stack's check moves on; `detail` says what the plan found or why it failed. */
  readonly onStep?: (stack: string, step: DriftStep, detail?: string) => void;
}

/** A stack whose check failed: its drift is unknown. */
export interface StackFailure {
  readonly stack: string;
  /** What failed, with the engine's error block; the log file at the end when logs are kept. */
  readonly message: string;
}

export interface DriftCheckResult {
  /** Drift of the stacks that were checked, in the order of `stacks`. */
  readonly drift: Drift[];
  /** Planned changes of the stacks that were checked, in the order of `stacks`. */
  readonly changes: ResourceChange[];
  /** Stacks whose check failed, in the order of `stacks`; the others' findings are complete. */
  readonly failed: StackFailure[];
}

interface StackResult {
  readonly drift: Drift[];
  readonly changes: ResourceChange[];
}

/**
 * Plan every stack. A stack whose check fails is listed in `failed` (after
 * every other stack has run), never hiding the others' findings.
 */
export async function checkDrift(options: DriftCheckOptions): Promise<DriftCheckResult> {
  const engine = options.engine ?? engineBinary();
  const parallelism = Math.max(1, options.parallelism ?? defaultParallelism());
  const results = new Map<string, StackResult>();
  const failures = new Map<string, string>();
  const queue = [...options.stacks];

  const checkOne = async (stack: string): Promise<StackResult> => {
    const dir = path.join(options.outdir, "stacks", stack);
    const run = async (step: string, argv: string[]): Promise<EngineRun> => {
      const result = await runEngineAsync(engine, dir, argv);
      if (result.error) throw new DriftCheckError(`cannot run ${engine}: ${result.error.message}`);
      const logged = argv.includes("-json") ? "(json)" : `${result.stdout}${result.stderr}`;
      options.logs?.write(stack, `$ ${path.basename(engine)} ${argv.join(" ")}`);
      for (const line of logged.split("\n")) options.logs?.write(stack, line);
      if (result.status !== 0 && !(step === "plan" && result.status === 2)) {
        const excerpt = errorExcerpt(`${result.stdout}${result.stderr}`.split("\n").map((l) => options.logs?.mask(l) ?? l));
        throw new DriftCheckError(`${step} failed (exit ${result.status})${excerpt.length > 0 ? `:\n${excerpt.join("\n")}` : ""}`);
      }
      return result;
    };
    options.onStep?.(stack, "init");
    await run("init", ["init", "-input=false", "-no-color"]);
    options.onStep?.(stack, "planning");
    // The plan file holds every variable value (encrypted by OpenTofu; in clear text with Terraform): it never outlives this step.
    let plan: EngineRun;
    let show: EngineRun;
    try {
      plan = await run("plan", ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false", "-out=drift.tfplan"]);
      show = await run("show", ["show", "-json", "drift.tfplan"]);
    } finally {
      fs.rmSync(path.join(dir, "drift.tfplan"), { force: true });
    }
    const json = JSON.parse(show.stdout) as PlanJson;
    const found = driftFromPlan(stack, json);
    const planned = changesFromPlan(stack, json);
    // -detailed-exitcode and the JSON must agree; a disagreement means this check misreads the plan.
    if ((plan.status === 2) !== planned.length > 0) {
      throw new DriftCheckError(`plan exit code ${plan.status} but ${planned.length} change(s) read from its JSON`);
    }
    options.onStep?.(stack, "done", `${found.length} drifted, ${planned.length} planned change(s)`);
    return { drift: found, changes: planned };
  };

  const worker = async () => {
    for (let stack = queue.shift(); stack !== undefined; stack = queue.shift()) {
      try {
        results.set(stack, await checkOne(stack));
      } catch (error) {
        if (!(error instanceof DriftCheckError)) throw error;
        failures.set(stack, error.message);
        options.onStep?.(stack, "failed", error.message.split("\n")[0]);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, options.stacks.length) }, worker));

  const where = (stack: string) => (options.logs ? ` (log: ${options.logs.file(stack)})` : "");
  const failed = options.stacks
    .filter((s) => failures.has(s))
    .map((stack) => ({ stack, message: `${failures.get(stack)}${where(stack)}` }));
  const ordered = options.stacks.filter((s) => results.has(s)).map((s) => results.get(s)!);
  return { drift: ordered.flatMap((r) => r.drift), changes: ordered.flatMap((r) => r.changes), failed };
}

/** The failed stacks as lines: `<stack>: <what failed>` and the engine's error block indented. */
export function describeFailures(failed: readonly StackFailure[]): string {
  return failed.map((f) => `${f.stack}: ${f.message}`).join("\n");
}

export interface PlanWithProgressOptions {
  readonly outdir: string;
  readonly stacks: readonly string[];
  readonly parallelism: number;
  /** Where the per-stack logs go (`<stack>.<command>.log`). */
  readonly logDir: string;
  /** The command, for the log names and the view's label, e.g. `drift`, `report`. */
  readonly command: string;
}

/**
 * {@link checkDrift} as the commands run it: each stack's engine output in
 * its own log file, the progress view on stderr (one line per stack end when
 * not a terminal), findings in the stacks' order.
 */
export async function planWithProgress(options: PlanWithProgressOptions): Promise<DriftCheckResult> {
  const label = `[${options.command}]`;
  const logs = new StackLogs(options.logDir, options.command);
  for (const stack of options.stacks) logs.write(stack, `$ npm run ${options.command}  (${new Date().toISOString()})`);
  process.stderr.write(`${label} logs: ${logs.directory}/<stack>.${options.command}.log\n`);
  const model = new ProgressModel(stackEstimates(options.outdir, options.stacks));
  const view = createView(model, label);
  const tick = setInterval(() => view.update(), 1000);
  try {
    return await checkDrift({
      outdir: options.outdir,
      stacks: options.stacks,
      parallelism: options.parallelism,
      logs,
      onStep: (stack, step, detail) => {
        if (step === "done" || step === "failed") model.end(stack, step === "done", detail, step === "done" ? detail : undefined);
        else model.setState(stack, step);
        view.update(stack);
      },
    });
  } finally {
    clearInterval(tick);
    model.finish(false);
    view.stop();
  }
}
