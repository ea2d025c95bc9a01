/** Compliance evidence: findings as lines for the terminal and as a Markdown table for auditors. */
import { describeFinding, Finding, RzCompliancePack } from "./pack";
import { RuleResult, Severity } from "./rule";

const open = (pack: RzCompliancePack, severity: Severity): Finding[] =>
  pack.findings.filter((f) => f.result === RuleResult.NON_COMPLIANT && !f.suppressedBecause && f.rule.severity === severity);

/** Unsuppressed non-compliant findings of error severity, one line each. */
export function complianceErrors(pack: RzCompliancePack): string[] {
  return open(pack, Severity.ERROR).map(describeFinding);
}

export function complianceWarnings(pack: RzCompliancePack): string[] {
  return open(pack, Severity.WARNING).map(describeFinding);
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The auditor's table: one row per rule, then every non-compliant and suppressed finding with its reason. */
export function complianceMarkdown(pack: RzCompliancePack, title: string): string {
  const lines = [
    `# ${title}`,
    "",
    "| rule | requirement (BSI IT-Grundschutz) | VMware control | severity | checked | compliant | non-compliant | suppressed |",
    "| --- | --- | --- | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const rule of pack.ruleSet) {
    const findings = pack.findings.filter((f) => f.rule === rule && f.result !== RuleResult.NOT_APPLICABLE);
    const bad = findings.filter((f) => f.result === RuleResult.NON_COMPLIANT);
    lines.push(
      `| ${rule.id} ${cell(rule.title)} | ${rule.requirements.join(", ")} | ${cell(rule.vmwareControl)} | ${rule.severity} | ${findings.length} | ` +
        `${findings.length - bad.length} | ${bad.filter((f) => !f.suppressedBecause).length} | ${bad.filter((f) => f.suppressedBecause).length} |`,
    );
  }
  const exceptions = pack.findings.filter((f) => f.result === RuleResult.NON_COMPLIANT);
  lines.push("", "## Findings", "");
  if (exceptions.length === 0) {
    lines.push("None: every checked resource is compliant, and nothing is suppressed.");
  } else {
    lines.push("| rule | resource | finding | suppressed because |", "| --- | --- | --- | --- |");
    for (const f of exceptions)
      lines.push(
        `| ${f.rule.id} | \`${f.element.address}\` | ${cell(f.detail ?? "")} | ${cell(f.suppressedBecause ?? "not suppressed")} |`,
      );
  }
  return `${lines.join("\n")}\n`;
}

/** `npm run compliance -- --json` (README: JSON output). */
export interface ComplianceDocument {
  readonly kind: "rz-compliance";
  readonly config: string;
  readonly environment: string;
  readonly rules: readonly {
    readonly id: string;
    readonly title: string;
    readonly severity: string;
    readonly requirements: readonly string[];
    readonly vmwareControl: string;
    readonly checked: number;
    readonly compliant: number;
    readonly nonCompliant: number;
    readonly suppressed: number;
  }[];
  /** Every non-compliant finding, suppressed ones with their reason. */
  readonly findings: readonly {
    readonly rule: string;
    readonly severity: string;
    readonly address: string;
    readonly detail: string;
    readonly suppressedBecause: string | null;
  }[];
  /** Unsuppressed error findings: the synth fails when this is not 0. */
  readonly errors: number;
}

export function complianceDocument(pack: RzCompliancePack, config: string, environment: string): ComplianceDocument {
  const rules = pack.ruleSet.map((rule) => {
    const findings = pack.findings.filter((f) => f.rule === rule && f.result !== RuleResult.NOT_APPLICABLE);
    const bad = findings.filter((f) => f.result === RuleResult.NON_COMPLIANT);
    return {
      id: rule.id,
      title: rule.title,
      severity: rule.severity,
      requirements: rule.requirements,
      vmwareControl: rule.vmwareControl,
      checked: findings.length,
      compliant: findings.length - bad.length,
      nonCompliant: bad.filter((f) => !f.suppressedBecause).length,
      suppressed: bad.filter((f) => f.suppressedBecause).length,
    };
  });
  const findings = pack.findings
    .filter((f) => f.result === RuleResult.NON_COMPLIANT)
    .map((f) => ({
      rule: f.rule.id,
      severity: f.rule.severity,
      address: f.element.address,
      detail: f.detail ?? "",
      suppressedBecause: f.suppressedBecause ?? null,
    }));
  return { kind: "rz-compliance", config, environment, rules, findings, errors: complianceErrors(pack).length };
}
