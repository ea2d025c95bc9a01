/**
 * `npm run addresses`: the address plan of RZ_CONFIG (default config/dithmarschen.yaml).
 *
 *   npm run addresses                 text: networks, used addresses with owners, free counts
 *   npm run addresses -- --json       the same as JSON
 *   npm run addresses -- --csv        NetBox IP address import (address,status,dns_name,description,tenant)
 *   npm run addresses -- --csv-ranges NetBox IP range import of the sites' DHCP ranges
 *   npm run addresses -- --dns        zone file fragment: A and PTR records of the servers
 *
 * Exit codes: 0 printed, 1 invalid environment file, 2 usage error.
 */
import { addressPlan, renderAddressesCsv, renderAddressPlan, renderDnsZone, renderRangesCsv } from "../report/addresses";
import { configFile, loadOrExit } from "./cli";

const USAGE = "usage: npm run addresses [-- --json | --csv | --csv-ranges | --dns]";
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const formats = ["--json", "--csv", "--csv-ranges", "--dns"];
const unknown = args.filter((a) => !formats.includes(a));
if (unknown.length > 0 || args.length > 1) {
  process.stderr.write(`${unknown.length ? `unknown option ${unknown[0]}; ` : "one format at a time; "}${USAGE}\n`);
  process.exit(2);
}

const file = configFile();
const plan = addressPlan(loadOrExit(file));
const render: Record<string, () => string> = {
  "--json": () => `${JSON.stringify(plan, null, 2)}\n`,
  "--csv": () => renderAddressesCsv(plan),
  "--csv-ranges": () => renderRangesCsv(plan),
  "--dns": () => renderDnsZone(plan),
};
process.stdout.write(args.length ? render[args[0]]() : `Address plan of ${file}\n\n${renderAddressPlan(plan)}`);
