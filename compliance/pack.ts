/**
 * The RZ compliance pack as a cdktf Aspect. The app entry adds it to the app
 * (`addCompliancePack`, as cdk-nag packs are added with `Aspects.of(app)`);
 * every stack inherits it. On its first visit it judges every element of the
 * whole app (cross-stack rules need them all), then annotates each stack's
 * non-compliant elements: errors fail the synth, warnings are reported.
 */
import { IConstruct } from "constructs";
import {
  Annotations,
  App,
  Aspects,
  DefaultTokenResolver,
  IAspect,
  StringConcat,
  TerraformElement,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Tokenization,
} from "cdktf";
import { globToRegExp } from "../config/glob";
import { Environment } from "../config/schema";
import { ReferenceIndex } from "./references";
import { ComplianceRule, ElementView, RuleContext, RuleResult, Severity } from "./rule";
import { RZ_RULES } from "./rules";

/** A written exception for one rule on some elements. */
export interface Suppression {
  /** `RZ-NN`. */
  readonly rule: string;
  /** Element address (`<stack>/<type>.<logicalId>`); `*` matches any run of characters. */
  readonly address: string;
  /** Why the finding is accepted; at least 10 characters. */
  readonly reason: string;
}

export interface Finding {
  readonly rule: ComplianceRule;
  readonly element: ElementView;
  readonly result: RuleResult;
  readonly detail?: string;
  /** The reason, when a suppression covers a non-compliant result. */
  readonly suppressedBecause?: string;
}

export interface CompliancePackProps {
  /** Kind of environment; `test` and `development` may skip TLS verification. */
  readonly environment: string;
  /** Reference date for the image patch age, ISO `yyyy-mm-dd`. @default today (UTC) */
  readonly today?: string;
  /** @default 92 */
  readonly maxPatchAgeDays?: number;
  /** Suppressions from configuration. @default none */
  readonly suppressions?: readonly Suppression[];
  /** @default RZ_RULES */
  readonly rules?: readonly ComplianceRule[];
}

export const MIN_REASON_LENGTH = 10;
const CODE_SUPPRESSION = "rz:compliance-suppression";

function checkReason(rule: string, reason: string): void {
  if (!/^RZ-\d{2}$/.test(rule)) throw new Error(`suppression: ${JSON.stringify(rule)} is not a rule id (RZ-NN)`);
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(
      `suppression of ${rule}: a written reason of at least ${MIN_REASON_LENGTH} characters is required, got ${JSON.stringify(reason)}`,
    );
  }
}

/** Suppress a rule for a construct and everything below it, with a written reason. */
export function suppressRule(scope: IConstruct, rule: string, reason: string): void {
  checkReason(rule, reason);
  scope.node.addMetadata(CODE_SUPPRESSION, { rule, reason });
}

function codeSuppression(element: IConstruct, rule: string): string | undefined {
  for (const scope of element.node.scopes) {
    for (const entry of scope.node.metadata) {
      if (entry.type === CODE_SUPPRESSION && entry.data.rule === rule) return entry.data.reason as string;
    }
  }
  return undefined;
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());
/** Resolve tokens as synthesis does: references become `${...}` expressions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const resolve = (stack: TerraformStack, value: unknown): any =>
  Tokenization.resolve(value, { scope: stack, preparing: false, resolver: RESOLVER });

/**
 * Views of every resource, provider and variable of every stack, with references resolved as Terraform will see them.
 * Resources and variables are read from the stack's Terraform JSON (which synth then writes without resolving again,
 * see `VsphereStack.toTerraform`); each provider block from its own element.
 */
export function collectElements(app: App): { views: ElementView[]; nodes: Map<ElementView, TerraformElement> } {
  const views: ElementView[] = [];
  const nodes = new Map<ElementView, TerraformElement>();
  for (const stack of app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
    const json = stack.toTerraform();
    // The stack's `terraform` block (backend, encryption) as one element: `<stack>/terraform.settings`.
    views.push({
      stack: stack.node.id,
      type: "terraform",
      logicalId: "settings",
      address: `${stack.node.id}/terraform.settings`,
      path: stack.node.path,
      attributes: json.terraform ?? {},
    });
    for (const node of stack.node.findAll()) {
      if (!TerraformElement.isTerraformElement(node) || TerraformStack.of(node) !== stack) continue;
      let type: string;
      let body: Record<string, unknown>;
      if (node instanceof TerraformResource) {
        type = node.terraformResourceType;
        body = json.resource?.[type]?.[node.friendlyUniqueId];
      } else if (node instanceof TerraformProvider) {
        type = `provider.${node.terraformResourceType}`;
        body = resolve(stack, node.toTerraform()).provider[node.terraformResourceType][0];
      } else if (node instanceof TerraformVariable) {
        type = "variable";
        body = json.variable?.[node.friendlyUniqueId];
      } else {
        continue;
      }
      const view: ElementView = {
        stack: stack.node.id,
        type,
        logicalId: node.friendlyUniqueId,
        address: `${stack.node.id}/${type}.${node.friendlyUniqueId}`,
        path: node.node.path,
        attributes: body ?? {},
      };
      views.push(view);
      nodes.set(view, node);
    }
  }
  return { views, nodes };
}

export class RzCompliancePack implements IAspect {
  private evaluated?: { findings: Finding[]; nodes: Map<ElementView, TerraformElement> };
  private readonly rules: readonly ComplianceRule[];

  constructor(private readonly props: CompliancePackProps) {
    for (const s of props.suppressions ?? []) checkReason(s.rule, s.reason);
    this.rules = props.rules ?? RZ_RULES;
  }

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const { findings, nodes } = this.evaluate(App.of(node));
    for (const finding of findings) {
      if (finding.element.stack !== node.node.id || finding.result !== RuleResult.NON_COMPLIANT || finding.suppressedBecause) continue;
      const target = nodes.get(finding.element) ?? node;
      const message = describeFinding(finding);
      if (finding.rule.severity === Severity.ERROR) Annotations.of(target).addError(message);
      else Annotations.of(target).addWarning(message);
    }
  }

  /** Every rule applied to every element it applies to (computed once per app). */
  evaluate(app: App): { findings: Finding[]; nodes: Map<ElementView, TerraformElement> } {
    if (this.evaluated) return this.evaluated;
    // Cross-stack references exist only once stacks are prepared (App.synth does this before aspects run).
    for (const stack of app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c))) stack.prepareStack();
    const { views, nodes } = collectElements(app);
    const index = new ReferenceIndex(views);
    const memos = new Map<string, unknown>();
    const context: RuleContext = {
      environment: this.props.environment,
      today: this.props.today ?? new Date().toISOString().slice(0, 10),
      maxPatchAgeDays: this.props.maxPatchAgeDays ?? 92,
      elements: views,
      resolve: (from, reference) => index.resolve(from, reference),
      memo: <T>(key: string, compute: () => T): T => {
        if (!memos.has(key)) memos.set(key, compute());
        return memos.get(key) as T;
      },
    };
    const configSuppressions = (this.props.suppressions ?? []).map((s) => ({ ...s, pattern: globToRegExp(s.address) }));
    const findings: Finding[] = [];
    for (const rule of this.rules) {
      for (const element of views.filter((v) => rule.appliesTo.includes(v.type))) {
        const verdict = rule.check(element, context);
        const suppressedBecause =
          verdict.result === RuleResult.NON_COMPLIANT
            ? (configSuppressions.find((s) => s.rule === rule.id && s.pattern.test(element.address))?.reason ??
              codeSuppression(nodes.get(element) ?? app.node.findChild(element.stack), rule.id))
            : undefined;
        findings.push({ rule, element, result: verdict.result, detail: verdict.detail, suppressedBecause });
      }
    }
    this.evaluated = { findings, nodes };
    return this.evaluated;
  }

  get findings(): readonly Finding[] {
    if (!this.evaluated) throw new Error("the compliance pack has not run yet: synthesise first");
    return this.evaluated.findings;
  }

  get ruleSet(): readonly ComplianceRule[] {
    return this.rules;
  }
}

/**
 * The RZ pack with the environment's settings (kind, patch age, suppressions),
 * added to the app: `Aspects.of(app).add(pack)`.
 * @param today reference date of the image patch age, yyyy-mm-dd. @default today (UTC)
 */
export function addCompliancePack(app: App, env: Environment, today?: string): RzCompliancePack {
  const pack = new RzCompliancePack({
    environment: env.environment,
    today,
    maxPatchAgeDays: env.compliance.maxPatchAgeDays,
    suppressions: env.compliance.suppressions,
  });
  Aspects.of(app).add(pack);
  return pack;
}

/** `RZ-01 error: <address>: <detail> (SYS.1.5.A4, NET.1.1.A22; <title>)` */
export function describeFinding(finding: Finding): string {
  const { rule } = finding;
  return `${rule.id} ${rule.severity}: ${finding.element.address}: ${finding.detail ?? finding.result} (${rule.requirements.join(", ")}; ${rule.title})`;
}
