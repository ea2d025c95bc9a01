/**
 * cdktf app: load the environment named by RZ_CONFIG (default
 * config/dithmarschen.yaml), build its stacks (only the tenant/site stacks
 * matching RZ_STACKS, comma-separated globs, when set), synthesise.
 */
import { App } from "cdktf";
import { ConfigError } from "./config/problems";
import { DEFAULT_CONFIG, loadEnvironment } from "./config/load";
import { buildEnvironment } from "./stacks/environment";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { installProviderLock, providerLockFile } from "./stacks/provider-lock";
import { complianceErrors, complianceWarnings } from "./compliance/report";
import { capacityWarnings } from "./report/capacity";

function main(): void {
  const file = process.env.RZ_CONFIG || DEFAULT_CONFIG;
  let env;
  try {
    env = loadEnvironment(file);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n${error.problems.length} problem(s) in ${file}; nothing was synthesised.\n`);
      process.exit(1);
    }
    throw error;
  }
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
  const { compliance } = buildEnvironment(app, env, { complianceDate: process.env.RZ_COMPLIANCE_DATE, stacks });
  try {
    app.synth();
  } catch (error) {
    const errors = complianceErrors(compliance);
    if (errors.length === 0) throw error;
    process.stderr.write(`${errors.join("\n")}\n${errors.length} compliance error(s); nothing was synthesised.\n`);
    process.exit(1);
  }
  for (const warning of [...capacityWarnings(env), ...complianceWarnings(compliance)]) process.stderr.write(`${warning}\n`);
  installProviderLock(lock, app.outdir);
}

main();
