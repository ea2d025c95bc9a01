/**
 * `npm run compliance`: judge the environment named by RZ_CONFIG against the
 * RZ pack and write the auditor's evidence to docs/compliance.md (and stdout).
 * Exits 1 when an unsuppressed error-level finding remains.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { addCompliancePack } from "../compliance/pack";
import { complianceErrors, complianceMarkdown } from "../compliance/report";
import { buildEnvironment } from "../stacks/environment";
import { configFile, loadOrExit } from "./cli";

const file = configFile();
const output = process.env.RZ_COMPLIANCE_REPORT || path.join("docs", "compliance.md");
const env = loadOrExit(file);
const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "rz-compliance-")) });
buildEnvironment(app, env);
const compliance = addCompliancePack(app, env, process.env.RZ_COMPLIANCE_DATE);
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
