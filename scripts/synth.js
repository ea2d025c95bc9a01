#!/usr/bin/env node
/**
 * `npm run synth`: synthesise the environment named by RZ_CONFIG (default
 * config/dithmarschen.yaml) into cdktf.out/, atomically: the app writes into
 * a fresh sibling directory that replaces cdktf.out/ only when synthesis
 * succeeded, so a bad config never leaves a half-written or emptied output.
 * Installs dependencies first on a fresh clone. RZ_CDK=cdktn runs the app on
 * CDK Terrain instead of cdktf (scripts/cdk-library.js, as cdktf.json's app).
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const { parseArgs } = require("node:util");

// The command-line convention of every script (runtime/command-line.ts), without TypeScript: this runs before `npm ci`.
const USAGE = "usage: npm run synth -- [--help]";
try {
  const { values } = parseArgs({ options: { help: { type: "boolean", short: "h" } }, allowPositionals: false, strict: true });
  if (values.help) {
    process.stdout.write(
      `${USAGE}\n\nValidate RZ_CONFIG (default config/dithmarschen.yaml) and synthesise it atomically into RZ_OUTDIR (default cdktf.out);\nRZ_STACKS (globs) selects tenant and site stacks, RZ_CDK=cdktn runs on CDK Terrain.\n\nexit status: 0 ok, 1 failed, 2 usage error (README: Exit codes)\n`,
    );
    process.exit(0);
  }
} catch (error) {
  process.stderr.write(`npm run synth: ${String(error.message).split("\n")[0]}\n${USAGE}\n`);
  process.exit(2);
}

const root = path.resolve(__dirname, "..");
process.chdir(root);
process.env.CHECKPOINT_DISABLE = "1";

if (!fs.existsSync(path.join(root, "node_modules", "cdktf"))) {
  console.error("[synth] installing dependencies (npm ci)...");
  const ci = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (ci.status !== 0) process.exit(ci.status ?? 1);
}

const outdir = path.resolve(root, process.env.RZ_OUTDIR || "cdktf.out");
const staging = `${outdir}.new-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });

const started = process.hrtime.bigint();
const run = spawnSync(
  process.execPath,
  ["--require", "./scripts/cdk-library.js", "--require", "ts-node/register/transpile-only", "main.ts"],
  {
    stdio: "inherit",
    env: { ...process.env, CDKTF_OUTDIR: staging },
  },
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (run.status !== 0) {
  fs.rmSync(staging, { recursive: true, force: true });
  console.error(`[synth] failed; ${path.relative(root, outdir)}/ was left as it was.`);
  process.exit(run.status ?? 1);
}

const previous = `${outdir}.old-${process.pid}`;
if (fs.existsSync(outdir)) fs.renameSync(outdir, previous);
fs.renameSync(staging, outdir);
fs.rmSync(previous, { recursive: true, force: true });

const { summarise } = require("./summary");
console.log(summarise(outdir));
console.log(`[synth] ${process.env.RZ_CONFIG || "config/dithmarschen.yaml"} -> ${path.relative(root, outdir)}/ in ${seconds.toFixed(1)} s`);
