/** `npm run capacity`: the capacity report of RZ_CONFIG (default config/dithmarschen.yaml). */
import { capacityReport, capacityWarnings } from "../report/capacity";
import { configFile, loadOrExit } from "./cli";

const file = configFile();
const env = loadOrExit(file);
process.stdout.write(`Capacity of ${file}\n\n${capacityReport(env)}`);
for (const warning of capacityWarnings(env)) process.stderr.write(`${warning}\n`);
