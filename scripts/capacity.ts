/** `npm run capacity`: the capacity report of RZ_CONFIG (default config/dithmarschen.yaml); `--json` for machines. */
import { capacityDocument, capacityReport, capacityWarnings } from "../report/capacity";
import { configFile, JSON_OPTION, loadOrExit, parseCommandLine } from "./cli";

const { values } = parseCommandLine({
  command: "npm run capacity --",
  summary: "Cluster and site-link capacity of RZ_CONFIG with hostFailuresTolerated hosts down, headroom in desktops per image.",
  options: { json: JSON_OPTION },
  details: ["environment: RZ_CONFIG (default config/dithmarschen.yaml)"],
});
const file = configFile();
const env = loadOrExit(file);
if (values.json) process.stdout.write(`${JSON.stringify(capacityDocument(env, file), null, 2)}\n`);
else {
  process.stdout.write(`Capacity of ${file}\n\n${capacityReport(env)}`);
  for (const warning of capacityWarnings(env)) process.stderr.write(`${warning}\n`);
}
