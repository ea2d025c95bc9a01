/**
 * cdktf app: load the environment named by RZ_CONFIG (default
 * config/dithmarschen.yaml), build its stacks, synthesise.
 */
import { App } from "cdktf";
import { ConfigError } from "./config/problems";
import { DEFAULT_CONFIG, loadEnvironment } from "./config/load";
import { buildEnvironment } from "./stacks/environment";
import { installProviderLock } from "./stacks/provider-lock";

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
  const app = new App();
  buildEnvironment(app, env);
  app.synth();
  installProviderLock(process.cwd(), app.outdir);
}

main();
