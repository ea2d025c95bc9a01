/**
 * cdktf app: load the environment named by RZ_CONFIG (default
 * config/dithmarschen.yaml), build its stacks (only the tenant/site stacks
 * matching RZ_STACKS, comma-separated globs, when set), add the compliance
 * pack to the app, synthesise.
 */
import { App } from "cdktf";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { addCompliancePack } from "./compliance/pack";
import { complianceErrors, complianceWarnings } from "./compliance/report";
import { capacityWarnings } from "./report/capacity";
import { configFile, loadOrExit } from "./scripts/cli";
import { buildEnvironment } from "./stacks/environment";
import { installProviderLock, providerLockFile } from "./runtime/provider-lock";

function main(): void {
  const file = configFile();
  const env = loadOrExit(file, (error) => `${error.problems.length} problem(s) in ${file}; nothing was synthesised.`);
  const binary = process.env.TERRAFORM_BINARY_NAME;
  if (env.engine === "opentofu" && binary && /^terraform/.test(path.basename(binary))) {
    process.stderr.write(
      `${file}: engine: "opentofu" is outside what TERRAFORM_BINARY_NAME=${binary} can run (Terraform cannot encrypt state): use tofu, or set engine: terraform\n1 problem(s) in ${file}; nothing was synthesised.\n`,
    );
    process.exit(1);
  }
  const lock = providerLockFile(process.cwd());
  if (!existsSync(lock)) {
    process.stderr.write(`provider lock ${lock} does not exist (RZ_PROVIDER_LOCK or .terraform.lock.hcl); nothing was synthesised.\n`);
    process.exit(1);
  }
  const app = new App();
  const stacks = process.env.RZ_STACKS?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  buildEnvironment(app, env, { stacks });
  const compliance = addCompliancePack(app, env, process.env.RZ_COMPLIANCE_DATE);
  // Judge before anything is written: `cdktf synth` sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS, so app.synth() would
  // write the non-compliant stacks and only then report; here both commands stop first, with the same lines.
  compliance.evaluate(app);
  const errors = complianceErrors(compliance);
  if (errors.length > 0) {
    process.stderr.write(`${errors.join("\n")}\n${errors.length} compliance error(s); nothing was synthesised.\n`);
    process.exit(1);
  }
  app.synth();
  for (const warning of [...capacityWarnings(env), ...complianceWarnings(compliance)]) process.stderr.write(`${warning}\n`);
  installProviderLock(lock, app.outdir);
}

main();
