/**
 * One measured synth, in a fresh process: `node dist/bench/worker.js <mode> <env file> <outdir> [stacks]`.
 * Modes: `product` (the YAML file → parse and validation → constructs → compliance → synth, as main.ts does),
 * `floor` (the same document as JSON → bare provider classes). Prints {"ms": in-process time, "cpuMs": CPU time
 * of this process, "loadCpuMs": CPU time of loadEnvironment (read, parse, validate), "maxRssMiB": peak resident memory}.
 */
import * as fs from "node:fs";
import { App } from "cdktf";
import { loadEnvironment } from "../config/load";
import { addCompliancePack } from "../compliance/pack";
import { buildEnvironment } from "../stacks/environment";
import { buildFloor } from "./floor";

const [mode, file, outdir, stacks] = process.argv.slice(2);
const started = process.hrtime.bigint();
/** CPU time of reading, parsing and validating the environment file (product mode). */
let loadCpuMs = 0;
const app = new App({ outdir });
if (mode === "floor") {
  buildFloor(app, JSON.parse(fs.readFileSync(file, "utf8")));
} else {
  const before = process.cpuUsage();
  const env = loadEnvironment(file);
  const load = process.cpuUsage(before);
  loadCpuMs = (load.user + load.system) / 1000;
  buildEnvironment(app, env, { stacks: stacks ? stacks.split(",") : undefined });
  addCompliancePack(app, env, "2026-11-27");
}
app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, loadCpuMs, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
