/**
 * Counting for `npm test` (scripts/test.js): checks that ran outside jest, plus
 * jest's JSON report, into one `N passed, N failed, N skipped` line. A suite
 * whose tests were all skipped is named with the reason it was skipped.
 */
const path = require("node:path");

/**
 * @param {{passed: number, failed: number, skipped: number}} checks  results of the steps outside jest
 * @param {any} report  jest's `--json` report, or undefined when jest wrote none (counted as one failure)
 * @param {string} root  project root, to print suite paths relative to it
 * @param {string | undefined} skipReason  why provider-dependent suites were skipped, if they were
 */
function summarise(checks, report, root, skipReason) {
  let { passed, failed, skipped } = checks;
  const lines = [];
  if (!report) {
    failed += 1;
    lines.push("jest wrote no report: counted as 1 failed");
  } else {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    for (const suite of report.testResults) {
      const tests = suite.assertionResults;
      const file = path.relative(root, suite.name);
      // A suite that failed to run (syntax error, failing beforeAll) has no failed test of its own: count it as a failure.
      if (suite.status === "failed" && tests.every((a) => a.status !== "failed")) {
        failed += 1;
        lines.push(`failed to run: ${file}`);
      } else if (tests.length > 0 && tests.every((a) => a.status === "pending" || a.status === "todo")) {
        // A suite may name its own reason in its title, `... (skipped: <reason>)`.
        const own = tests.map((a) => /\(skipped: (.*)\)\s*$/.exec((a.ancestorTitles ?? []).join(" "))).find(Boolean);
        lines.push(`skipped: ${file} (${tests.length} tests): ${own ? own[1] : (skipReason ?? "marked as skipped")}`);
      }
    }
  }
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return { passed, failed, skipped, lines };
}

/**
 * Counts of `go test -json` output: top-level tests that passed, failed or
 * were skipped, plus one line per package (`ok`, `FAIL`, `no tests`).
 * A package that failed without a failing test (a build error) counts as one failure.
 */
function goTestCounts(jsonLines) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const packages = new Map();
  for (const line of jsonLines.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line);
    if (!event.Test) {
      if (["pass", "fail", "skip"].includes(event.Action)) packages.set(event.Package, event.Action);
      continue;
    }
    if (event.Test.includes("/")) continue; // subtests count with their test
    if (event.Action === "pass") counts.passed += 1;
    else if (event.Action === "fail") counts.failed += 1;
    else if (event.Action === "skip") counts.skipped += 1;
  }
  const failedTests = counts.failed;
  const lines = [];
  for (const [pkg, action] of [...packages].sort()) {
    lines.push(`${action === "pass" ? "ok  " : action === "fail" ? "FAIL" : "--  "} ${pkg}`);
    if (action === "fail" && failedTests === 0) counts.failed += 1;
  }
  return { ...counts, lines };
}

module.exports = { summarise, goTestCounts };
