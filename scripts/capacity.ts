/** `npm run capacity`: the capacity report of RZ_CONFIG (default config/dithmarschen.yaml). */
import { DEFAULT_CONFIG, loadEnvironment } from "../config/load";
import { ConfigError } from "../config/problems";
import { capacityReport, capacityWarnings } from "../report/capacity";

const file = process.env.RZ_CONFIG || DEFAULT_CONFIG;
try {
  const env = loadEnvironment(file);
  process.stdout.write(`Capacity of ${file}\n\n${capacityReport(env)}`);
  for (const warning of capacityWarnings(env)) process.stderr.write(`${warning}\n`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
