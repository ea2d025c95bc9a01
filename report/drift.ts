/**
 * Drift: what changed in vCenter outside code since the last deploy, from
 * the engine's JSON plans. A drifted attribute is one whose refreshed value
 * differs from the state *and* that the plan would set back to the code's
 * value; computed attributes vCenter changes on its own (change versions,
 * uptime) are not drift.
 */
import { Action, AttributeChange, changesFromPlan, PlanJson, ResourceChange } from "./changes";
import { PlanDocument, planDocument, renderPlanReport, unplannedStacksMarkdown } from "./plan-report";

export interface Drift {
  readonly stack: string;
  readonly address: string;
  /** `update`: changed outside code; `delete`: deleted outside code. */
  readonly action: Action.UPDATE | Action.DELETE;
  /** Drifted attributes: before = last deployed, after = found in vCenter now. */
  readonly attributes: readonly AttributeChange[];
}

/** Drift of one stack's plan; the planned changes are those of {@link changesFromPlan}. */
export function driftFromPlan(stack: string, plan: PlanJson): Drift[] {
  const planned = new Map(changesFromPlan(stack, plan).map((c) => [c.address, c]));
  const drift: Drift[] = [];
  for (const found of changesFromPlan(stack, { resource_changes: plan.resource_drift })) {
    const restore = planned.get(found.address);
    if (found.action === Action.DELETE) {
      drift.push({ stack, address: found.address, action: Action.DELETE, attributes: [] });
      continue;
    }
    if (!restore) continue; // only computed attributes moved: nothing for Terraform to set back
    // Attributes the plan sets to a known value; unknown ones ("known after apply") are vCenter's to compute.
    const restored = new Set(restore.attributes.filter((a) => a.after !== undefined).map((a) => a.path));
    const attributes = found.attributes.filter((a) => restored.has(a.path));
    if (attributes.length > 0) drift.push({ stack, address: found.address, action: Action.UPDATE, attributes });
  }
  return drift;
}

export interface DriftReportInput {
  readonly drift: readonly Drift[];
  /** Every planned change, drift-driven or not (code not yet deployed). */
  readonly changes: readonly ResourceChange[];
  /** Every stack planned. */
  readonly stacks: readonly string[];
  /** Stacks whose check failed: their drift is unknown (the others' findings are complete). */
  readonly failed?: readonly { readonly stack: string; readonly message: string }[];
  readonly title?: string;
}

/** `npm run drift`'s exit status: 1 a stack could not be checked, 2 drift or undeployed changes, 0 neither. */
export function driftExitCode(input: DriftReportInput): 0 | 1 | 2 {
  if ((input.failed ?? []).length > 0) return 1;
  return input.drift.length > 0 || input.changes.length > 0 ? 2 : 0;
}

const show = (a: AttributeChange, value: unknown) => (a.sensitive ? "(sensitive)" : value === undefined ? "(none)" : JSON.stringify(value));

export function renderDriftReport(input: DriftReportInput): string {
  const out = [`## ${input.title ?? "Drift report"}`, ""];
  const failed = input.failed ?? [];
  out.push(
    ...unplannedStacksMarkdown(
      failed,
      (n) => `${n} stack(s) could not be checked; their drift is unknown`,
      "(the other stacks' findings below are complete):",
    ),
  );
  const checked = input.stacks.filter((s) => !failed.some((f) => f.stack === s));
  if (input.drift.length === 0) out.push(`No resource was changed outside code${failed.length > 0 ? " in the stacks checked" : ""}.`, "");
  else {
    out.push(`${input.drift.length} resource(s) changed outside code (last deployed → found in vCenter):`, "");
    for (const d of input.drift) {
      if (d.action === Action.DELETE) out.push(`- \`${d.stack}/${d.address}\`: deleted outside code`);
      else
        out.push(
          `- \`${d.stack}/${d.address}\`: ${d.attributes.map((a) => `\`${a.path}\` ${show(a, a.before)} → ${show(a, a.after)}`).join(", ")}`,
        );
    }
    out.push("");
  }
  const drifted = new Set(input.drift.map((d) => `${d.stack}/${d.address}`));
  const undeployed = input.changes.filter((c) => !drifted.has(`${c.stack}/${c.address}`));
  if (undeployed.length > 0) {
    out.push(`${undeployed.length} change(s) of the code are not deployed yet (not drift, listed below with the rest).`, "");
  }
  const moves = input.changes.filter((c) => c.movedFrom !== undefined);
  const imports = input.changes.filter((c) => c.importId !== undefined);
  if (moves.length + imports.length > 0) {
    out.push(
      `${moves.length} move(s) and ${imports.length} import(s) are pending (\`moved\` and \`import\` blocks of the code; not drift, nothing in vCenter changes by them):`,
      "",
      ...moves.map((c) => `- move \`${c.stack}/${c.movedFrom}\` → \`${c.stack}/${c.address}\``),
      ...imports.map((c) => `- import \`${c.stack}/${c.address}\` from \`${c.importId}\``),
      "",
    );
  }
  out.push(
    renderPlanReport({ changes: input.changes, stacks: checked, title: "What a deploy would do" }).replace(/^## /, "### ").trimEnd(),
  );
  return `${out.join("\n")}\n`;
}

/** `npm run drift -- --json` (README: JSON output). */
export interface DriftDocument {
  readonly kind: "rz-drift";
  readonly title: string;
  readonly stacks: readonly string[];
  /** Resources changed outside code; before = last deployed, after = found in vCenter (secrets masked). */
  readonly drift: readonly Drift[];
  /** What a deploy would do (drift-driven or not), with moves and imports, for the stacks checked. */
  readonly plan: PlanDocument;
  /** Stacks whose check failed (drift unknown), with what failed. */
  readonly failed: readonly { readonly stack: string; readonly message: string }[];
  /** The command's exit status: 0 nothing, 2 drift or undeployed changes, 1 a stack could not be checked. */
  readonly exitCode: 0 | 1 | 2;
}

export function driftDocument(input: DriftReportInput): DriftDocument {
  const mask = (a: AttributeChange) => (a.sensitive ? { ...a, before: "(sensitive)", after: "(sensitive)" } : a);
  return {
    kind: "rz-drift",
    title: input.title ?? "Drift report",
    stacks: input.stacks,
    drift: input.drift.map((d) => ({ ...d, attributes: d.attributes.map(mask) })),
    plan: planDocument({
      changes: input.changes,
      stacks: input.stacks.filter((s) => !(input.failed ?? []).some((f) => f.stack === s)),
      title: "What a deploy would do",
    }),
    failed: input.failed ?? [],
    exitCode: driftExitCode(input),
  };
}
