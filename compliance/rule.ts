/**
 * The shape of the RZ compliance pack (cdk-nag's v2 layout): one rule per file
 * under `rules/`, each judging one synthesised element (resource or provider)
 * or, for cross-resource rules, the whole environment.
 */

export enum RuleResult {
  COMPLIANT = "compliant",
  NON_COMPLIANT = "non-compliant",
  NOT_APPLICABLE = "not-applicable",
}

export enum Severity {
  /** Fails the synth. */
  ERROR = "error",
  /** Printed, does not fail the synth. */
  WARNING = "warning",
}

/** One synthesised element as Terraform will see it (snake_case attributes, references as `${...}`). */
export interface ElementView {
  readonly stack: string;
  /** Terraform type, e.g. `vsphere_distributed_port_group`, or `provider.vsphere` for a provider block. */
  readonly type: string;
  readonly logicalId: string;
  /** `<stack>/<type>.<logicalId>`: how findings name the element. */
  readonly address: string;
  /** Construct path, for suppressions in code and for annotations. */
  readonly path: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly attributes: Record<string, any>;
}

/** What rules may ask about the environment beyond one element. */
export interface RuleContext {
  /** Kind of environment (`production`, `test`, ...). */
  readonly environment: string;
  /** Date the image patch age is measured against (ISO, yyyy-mm-dd). */
  readonly today: string;
  readonly maxPatchAgeDays: number;
  /** Every element of every stack. */
  readonly elements: readonly ElementView[];
  /** The element a `${...}` reference points to (same-stack, cross-stack or variable), if any. */
  resolve(from: ElementView, reference: unknown): ElementView | undefined;
  /** Compute a value once per evaluation (for cross-resource rules that would otherwise be quadratic). */
  memo<T>(key: string, compute: () => T): T;
}

export interface Verdict {
  readonly result: RuleResult;
  /** Why, for non-compliant results: names the attribute and value. */
  readonly detail?: string;
}

export const compliant: Verdict = { result: RuleResult.COMPLIANT };
export const notApplicable: Verdict = { result: RuleResult.NOT_APPLICABLE };
export const nonCompliant = (detail: string): Verdict => ({ result: RuleResult.NON_COMPLIANT, detail });

/** All problems found, or compliant when there are none. */
export function verdictOf(problems: readonly string[]): Verdict {
  return problems.length === 0 ? compliant : nonCompliant(problems.join("; "));
}

export interface ComplianceRule {
  /** `RZ-NN`. */
  readonly id: string;
  readonly title: string;
  /** BSI IT-Grundschutz requirements this rule evidences, e.g. `SYS.1.5.A4`. */
  readonly requirements: readonly string[];
  /** VMware security configuration guide control(s). */
  readonly vmwareControl: string;
  readonly severity: Severity;
  /** Element types the rule judges. */
  readonly appliesTo: readonly string[];
  check(element: ElementView, context: RuleContext): Verdict;
}

/**
 * Desktops are a site's pool: one `vsphere_virtual_machine` with `count`.
 * Application servers are single VMs (cloned too, when they have an image),
 * so `clone` alone does not tell them apart.
 */
export const isDesktop = (vm: ElementView): boolean => vm.attributes.count !== undefined;
