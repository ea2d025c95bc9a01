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
