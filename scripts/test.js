#!/usr/bin/env node
/**
 * `npm test`: every check this repository has, in one command.
 *   1. installs dependencies on a fresh clone (npm ci) and the real tools (scripts/tools.sh)
 *   2. type-check (tsc), lint (eslint), format (prettier --check)
 *   3. jest: unit, snapshot, validate and end-to-end tests against the simulator
 * Ends with one line `N passed, N failed, N skipped` totalling the checks and
 * every jest test. Extra arguments go to jest (e.g. `npm test -- --selectProjects unit`).
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
process.chdir(root);
process.env.CHECKPOINT_DISABLE = "1";

const run = (title, command, args, options = {}) => {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  console.log(
    `=== ${title}: ${result.status === 0 ? "ok" : `FAILED (exit ${result.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result.status === 0;
};

if (!fs.existsSync(path.join(root, "node_modules", "cdktf"))) {
  if (!run("npm ci", "npm", ["ci", "--no-audit", "--no-fund"])) process.exit(1);
}
if (!run("tools (engine, vsphere provider, simulator)", "bash", ["scripts/tools.sh"])) {
  console.log("\n0 passed, 1 failed");
  process.exit(1);
}

const bin = (name) => path.join(root, "node_modules", ".bin", name);
const gates = [
  ["typecheck", bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]],
  ["eslint", bin("eslint"), ["."]],
  ["prettier", bin("prettier"), ["--check", "."]],
];
let passed = 0;
let failed = 0;
for (const [title, command, args] of gates) {
  if (run(title, command, args)) passed += 1;
  else failed += 1;
}

const results = path.join(root, ".tools", "jest-results.json");
fs.rmSync(results, { force: true });
const jestArgs = ["--ci", "--json", `--outputFile=${results}`, "--maxWorkers=2", ...process.argv.slice(2)];
run("jest", bin("jest"), jestArgs);
let skipped = 0;
if (fs.existsSync(results)) {
  const report = JSON.parse(fs.readFileSync(results, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  // A suite that failed to run (syntax error, failing beforeAll) has no test results: count it as a failure.
  failed += report.testResults.filter(
    (suite) => suite.status === "failed" && suite.assertionResults.every((a) => a.status !== "failed"),
  ).length;
} else {
  failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
