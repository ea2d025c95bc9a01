/**
 * One measured synth, in a fresh process: `node dist/bench/worker.js <mode> <env.json> <outdir> [stacks]`.
 * Modes: `product` (YAML-equivalent document → validation → constructs → compliance → synth),
 * `floor` (bare provider classes). Prints {"ms": synth-only time, "maxRssMiB": peak resident memory}.
 */
import * as fs from "node:fs";
import { App } from "cdktf";
import { stringify } from "yaml";
import { parseEnvironment } from "../config/load";
import { buildEnvironment } from "../stacks/environment";
import { buildFloor } from "./floor";

const [mode, file, outdir, stacks] = process.argv.slice(2);
const started = process.hrtime.bigint();
const doc = JSON.parse(fs.readFileSync(file, "utf8"));
const app = new App({ outdir });
if (mode === "floor") {
  buildFloor(app, doc);
} else {
  const env = parseEnvironment(stringify(doc), file);
  buildEnvironment(app, env, { complianceDate: "2026-11-27", stacks: stacks ? stacks.split(",") : undefined });
}
app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
