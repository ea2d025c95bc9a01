/**
 * The check after `npm run deploy`: did each selected stack really apply?
 * cdktf 0.21 exits 0 when the engine under it dies from a signal (SIGKILL,
 * OOM, power loss of a runner), so its exit status proves nothing. Per stack
 * this reads the state serial (`state pull`: the engine decrypts it; state is
 * never read from files) before and after, and plans once more
 * (`plan -detailed-exitcode -lock=false`): a stack is applied only when that
 * plan is empty.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { engineBinary, pullState, runEngine } from "./engine";

export interface StackVerdict {
  readonly stack: string;
  readonly applied: boolean;
  /** State serial before the deploy (undefined: the stack had no state or was never initialised). */
  readonly serialBefore?: number;
  readonly serialAfter?: number;
  /** Why the stack does not count as applied; empty when it does. */
  readonly reason: string;
}

const engineOf = (engine?: string) => engine ?? engineBinary();

/** The state serial of an initialised stack directory, undefined when it is not initialised or has no state yet. */
export function stateSerial(stackDir: string, engine?: string): number | undefined {
  if (!fs.existsSync(path.join(stackDir, ".terraform"))) return undefined;
  try {
    return (pullState(engineOf(engine), stackDir) as { serial?: number }).serial;
  } catch {
    return undefined;
  }
}

/** Serials of the stacks in `outdir` before a deploy. */
export function serialsBefore(outdir: string, stacks: readonly string[], engine?: string): Map<string, number | undefined> {
  return new Map(stacks.map((s) => [s, stateSerial(path.join(outdir, "stacks", s), engine)]));
}

/** Verdict per stack after a deploy: applied only when a fresh plan of it is empty. */
export function verifyStacks(
  outdir: string,
  stacks: readonly string[],
  before: ReadonlyMap<string, number | undefined>,
  engine?: string,
  progress?: (line: string) => void,
): StackVerdict[] {
  const binary = engineOf(engine);
  return stacks.map((stack) => {
    const dir = path.join(outdir, "stacks", stack);
    const serialBefore = before.get(stack);
    if (!fs.existsSync(path.join(dir, ".terraform"))) {
      return { stack, applied: false, serialBefore, reason: "never initialised: the deploy did not reach this stack" };
    }
    progress?.(`${stack}: checking the state and planning once more...`);
    const serialAfter = stateSerial(dir, binary);
    const plan = runEngine(binary, dir, ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"]);
    if (plan.error) return { stack, applied: false, serialBefore, serialAfter, reason: `cannot run ${binary}: ${plan.error.message}` };
    if (plan.status === 0) return { stack, applied: true, serialBefore, serialAfter, reason: "" };
    if (plan.status === 2) {
      const summary = /Plan: [^\n]*/.exec(plan.stdout)?.[0] ?? "the plan still has changes";
      const stopped = serialAfter === serialBefore ? "the state did not move" : "the apply stopped part-way";
      return { stack, applied: false, serialBefore, serialAfter, reason: `not applied: ${stopped}; ${summary}` };
    }
    const error = `${plan.stdout}${plan.stderr}`.split("\n").find((l) => /Error/.test(l)) ?? `exit ${plan.status}`;
    return { stack, applied: false, serialBefore, serialAfter, reason: `the check plan failed: ${error.trim()}` };
  });
}

/** One line per stack, e.g. `site-x: applied (serial 3 → 7, plan empty)`. */
export function describeVerdict(v: StackVerdict): string {
  const serial = `serial ${v.serialBefore ?? "none"} → ${v.serialAfter ?? "none"}`;
  return v.applied ? `${v.stack}: applied (${serial}, plan empty)` : `${v.stack}: FAILED, ${v.reason} (${serial})`;
}
