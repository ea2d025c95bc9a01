/**
 * `npm run compliance`: judge the environment named by RZ_CONFIG against the
 * RZ pack and write the auditor's evidence to docs/compliance.md (and stdout),
 * formatted as the project's `prettier --check` wants it; `--json` prints the
 * evidence as one JSON document instead (and writes no file).
 * Exits 1 when an unsuppressed error-level finding remains.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { addCompliancePack } from "../compliance/pack";
import { complianceDocument, complianceErrors, complianceMarkdown } from "../compliance/report";
import { buildEnvironment } from "../stacks/environment";
import { configFile, EXIT, JSON_OPTION, loadOrExit, parseCommandLine } from "./cli";
import { formatMarkdown } from "./format";

const { values } = parseCommandLine({
  command: "npm run compliance --",
  summary: "Judge RZ_CONFIG against the RZ rule pack; write the evidence table to docs/compliance.md (RZ_COMPLIANCE_REPORT) and stdout.",
  options: { json: JSON_OPTION },
  details: ["environment: RZ_CONFIG, RZ_COMPLIANCE_REPORT (output file), RZ_COMPLIANCE_DATE (reference date yyyy-mm-dd)"],
});

async function main(): Promise<void> {
  const file = configFile();
  const output = process.env.RZ_COMPLIANCE_REPORT || path.join("docs", "compliance.md");
  const env = loadOrExit(file);
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "rz-compliance-")) });
  buildEnvironment(app, env);
  const compliance = addCompliancePack(app, env, process.env.RZ_COMPLIANCE_DATE);
  compliance.evaluate(app);
  const errors = complianceErrors(compliance);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(complianceDocument(compliance, file, env.environment), null, 2)}\n`);
    process.exit(errors.length ? EXIT.FAILED : EXIT.OK);
  }
  const markdown = await formatMarkdown(complianceMarkdown(compliance, `Compliance evidence: ${file} (${env.environment})`), output);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, markdown);
  process.stdout.write(markdown);
  process.stderr.write(
    errors.length ? `${errors.join("\n")}\n${errors.length} compliance error(s)\n` : `compliant; evidence written to ${output}\n`,
  );
  process.exit(errors.length ? EXIT.FAILED : EXIT.OK);
}

main().catch((error) => {
  process.stderr.write(`[compliance] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT.FAILED);
});
