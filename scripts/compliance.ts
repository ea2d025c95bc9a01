/**
 * `npm run compliance`: judge the environment named by RZ_CONFIG against the
 * RZ pack and write the auditor's evidence to docs/compliance.md (and stdout).
 * Exits 1 when an unsuppressed error-level finding remains.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { DEFAULT_CONFIG, loadEnvironment } from "../config/load";
import { ConfigError } from "../config/problems";
import { complianceErrors, complianceMarkdown } from "../compliance/report";
import { buildEnvironment } from "../stacks/environment";

const file = process.env.RZ_CONFIG || DEFAULT_CONFIG;
const output = process.env.RZ_COMPLIANCE_REPORT || path.join("docs", "compliance.md");
try {
  const env = loadEnvironment(file);
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "rz-compliance-")) });
  const { compliance } = buildEnvironment(app, env, { complianceDate: process.env.RZ_COMPLIANCE_DATE });
  compliance.evaluate(app);
  const markdown = complianceMarkdown(compliance, `Compliance evidence: ${file} (${env.environment})`);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, markdown);
  process.stdout.write(markdown);
  const errors = complianceErrors(compliance);
  process.stderr.write(
    errors.length ? `${errors.join("\n")}\n${errors.length} compliance error(s)\n` : `compliant; evidence written to ${output}\n`,
  );
  process.exit(errors.length ? 1 : 0);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
