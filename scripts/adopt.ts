/**
 * `npm run adopt -- --out <file.yaml>`: read a vCenter, read-only (adopt/reader,
 * govmomi), and write an environment file that adopts what it found: every
 * object that maps gets an import id (`adopt.imports`), so the first deploy
 * takes it into state instead of creating it. Writes the adoption report
 * (what was read, adopted, not mapped, guessed) next to the file.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { adoptedYaml, adoptInventory, adoptionReportMarkdown, VcenterInventory } from "../config/adopt";
import { parseEnvironment } from "../config/load";
import { ConfigError } from "../config/problems";
import { readToolsEnv } from "../runtime/harness";
import { EXIT, parseCommandLine } from "./cli";

const { values } = parseCommandLine({
  command: "npm run adopt --",
  summary: "Read a vCenter (read-only) into an environment file whose first deploy imports what exists instead of creating it.",
  options: {
    out: { type: "string", value: "FILE", description: "the environment file to write (required)" },
    server: { type: "string", value: "HOST[:PORT]", description: "vCenter address (default: VSPHERE_SERVER)" },
    insecure: { type: "boolean", description: "skip TLS verification (simulator and lab only); sets allowUnverifiedSsl" },
    datacenter: { type: "string", value: "NAME", description: "adopt this datacenter (default: the first)" },
    report: { type: "string", value: "FILE", description: "the adoption report (default: <out without .yaml>.adoption.md)" },
    inventory: { type: "string", value: "FILE", description: "map a saved reader document instead of reading vCenter" },
    "save-inventory": { type: "string", value: "FILE", description: "also save the reader's document (no secrets in it)" },
  },
  details: [
    "credentials: TF_VAR_vsphere_user, TF_VAR_vsphere_password (as for deploy); never written anywhere",
    "reader: RZ_ADOPT_READER, else .tools/bin/rz-adopt-reader (npm run tools builds it)",
    "exit: 0 written and valid; 1 failed, or written but a field needs a person (named on stderr); 2 usage error",
  ],
});

function fail(message: string): never {
  process.stderr.write(`adopt: ${message}\n`);
  process.exit(EXIT.FAILED);
}

const out = values.out as string | undefined;
if (!out) {
  process.stderr.write("adopt: --out FILE is required\n");
  process.exit(EXIT.USAGE);
}
const server = (values.server as string | undefined) ?? process.env.VSPHERE_SERVER;

let inventory: VcenterInventory;
const started = Date.now();
if (values.inventory) {
  inventory = JSON.parse(fs.readFileSync(values.inventory as string, "utf8"));
} else {
  if (!server) fail("no vCenter: give --server HOST[:PORT] or set VSPHERE_SERVER");
  const reader = process.env.RZ_ADOPT_READER || readToolsEnv()?.RZ_ADOPT_READER;
  if (!reader || !fs.existsSync(reader)) fail("the reader is not built: run 'npm run tools' (or set RZ_ADOPT_READER)");
  const args = [
    "-server",
    server,
    ...(values.insecure ? ["-insecure"] : []),
    ...(values.datacenter ? ["-datacenter", values.datacenter as string] : []),
  ];
  const run = spawnSync(reader, args, { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (run.status !== 0) fail(`reading ${server} failed: ${(run.stderr || `exit ${run.status}`).trim()}`);
  inventory = JSON.parse(run.stdout);
}
if (values["save-inventory"]) fs.writeFileSync(values["save-inventory"] as string, `${JSON.stringify(inventory, null, 2)}\n`);
const readSeconds = (Date.now() - started) / 1000;

const result = adoptInventory(inventory, { server, allowUnverifiedSsl: values.insecure === true });
const text = adoptedYaml(result);
fs.writeFileSync(out, text);
const reportFile = (values.report as string | undefined) ?? `${out.replace(/\.ya?ml$/, "")}.adoption.md`;
let problems: string[] = [];
try {
  parseEnvironment(text, out);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  problems = error.message.split("\n").filter((l) => l.trim());
}
const extra = problems.length
  ? ["", "## Fields a person must fill in", "", "The file does not validate yet:", "", ...problems.map((p) => `- ${p}`)]
  : [];
fs.writeFileSync(reportFile, adoptionReportMarkdown(result.report, extra));
const r = result.report;
process.stdout.write(
  `adopt: ${r.datacenter} on ${r.server}: ${r.read} objects read in ${readSeconds.toFixed(1)} s, ${r.adopted} adopted, ` +
    `${r.notMapped.length} not mapped, ${r.guessed.length} guessed values\nwrote ${out} and ${reportFile}\n`,
);
if (problems.length) {
  process.stderr.write(`${problems.join("\n")}\nadopt: ${out} needs a person before it validates (see above and ${reportFile})\n`);
  process.exit(EXIT.FAILED);
}
