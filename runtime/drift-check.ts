/**
 * The engine side of `npm run drift`: per synthesised stack, `init` and
 * `plan -detailed-exitcode` without taking the state lock (a read-only check
 * must not block a deploy), `show -json` of the plan, and the drift and
 * planned changes read from it. The engine is TERRAFORM_BINARY_NAME or
 * `tofu` (runtime/engine.ts); credentials come from the same TF_VAR_* and PG_CONN_STR as for
 * a deploy.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { engineBinary, runEngine } from "./engine";
import { changesFromPlan, PlanJson, ResourceChange } from "../report/changes";
import { Drift, driftFromPlan } from "../report/drift";

/** The check itself failed (engine missing, init or plan failed, a plan misread): not drift. */
export class DriftCheckError extends Error {}

export interface DriftCheckOptions {
  /** The synthesised output directory (with `stacks/<name>/cdk.tf.json`). */
  readonly outdir: string;
  /** Stack names to check, in this order. */
  readonly stacks: readonly string[];
  /** @default TERRAFORM_BINARY_NAME, else "tofu" (engineBinary) */
  readonly engine?: string;
  /** Progress lines. @default none */
  readonly progress?: (line: string) => void;
}

export interface DriftCheckResult {
  readonly drift: Drift[];
  readonly changes: ResourceChange[];
}

export function checkDrift(options: DriftCheckOptions): DriftCheckResult {
  const engine = options.engine ?? engineBinary();
  const run = (cwd: string, argv: string[]) => {
    const result = runEngine(engine, cwd, argv);
    if (result.error) throw new DriftCheckError(`cannot run ${engine}: ${result.error.message}`);
    return result;
  };
  const drift: Drift[] = [];
  const changes: ResourceChange[] = [];
  for (const stack of options.stacks) {
    const dir = path.join(options.outdir, "stacks", stack);
    options.progress?.(`${stack}: planning...`);
    const init = run(dir, ["init", "-input=false", "-no-color"]);
    if (init.status !== 0) throw new DriftCheckError(`${stack}: terraform init failed:\n${init.stdout}${init.stderr}`);
    // The plan file holds every variable value (encrypted by OpenTofu; in clear text with Terraform): it never outlives this step.
    let plan: ReturnType<typeof run>;
    let show: ReturnType<typeof run>;
    try {
      plan = run(dir, ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false", "-out=drift.tfplan"]);
      show = plan.status === 0 || plan.status === 2 ? run(dir, ["show", "-json", "drift.tfplan"]) : plan;
    } finally {
      fs.rmSync(path.join(dir, "drift.tfplan"), { force: true });
    }
    if (plan.status !== 0 && plan.status !== 2) throw new DriftCheckError(`${stack}: terraform plan failed:\n${plan.stdout}${plan.stderr}`);
    if (show.status !== 0) throw new DriftCheckError(`${stack}: terraform show failed:\n${show.stderr}`);
    const json = JSON.parse(show.stdout) as PlanJson;
    const found = driftFromPlan(stack, json);
    const planned = changesFromPlan(stack, json);
    // -detailed-exitcode and the JSON must agree; a disagreement means this check misreads the plan.
    if ((plan.status === 2) !== planned.length > 0) {
      throw new DriftCheckError(`${stack}: plan exit code ${plan.status} but ${planned.length} change(s) read from its JSON`);
    }
    drift.push(...found);
    changes.push(...planned);
  }
  return { drift, changes };
}
