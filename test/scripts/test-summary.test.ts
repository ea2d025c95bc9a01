/** The closing line of `npm test` totals every check and names what was skipped and why. */
import * as path from "node:path";
import { ROOT } from "../helpers";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { goTestCounts, summarise } = require("../../scripts/test-summary");

type Status = "passed" | "failed" | "pending";
const suite = (file: string, statuses: Status[], status: "passed" | "failed" = "passed") => ({
  name: path.join(ROOT, file),
  status,
  assertionResults: statuses.map((s) => ({ status: s })),
});
const report = (suites: ReturnType<typeof suite>[]) => ({
  numPassedTests: suites.flatMap((s) => s.assertionResults).filter((a) => a.status === "passed").length,
  numFailedTests: suites.flatMap((s) => s.assertionResults).filter((a) => a.status === "failed").length,
  numPendingTests: suites.flatMap((s) => s.assertionResults).filter((a) => a.status === "pending").length,
  numTodoTests: 0,
  testResults: suites,
});

describe("npm test's summary", () => {
  test("counts the tests of skipped suites as skipped and names each suite with the reason", () => {
    const jest = report([
      suite("test/config/schema.test.ts", ["passed", "passed", "passed"]),
      suite("test/e2e/deploy.test.ts", ["pending", "pending"]),
      suite("test/e2e/validate.test.ts", ["pending", "pending", "pending", "pending"]),
    ]);
    const summary = summarise({ passed: 3, failed: 0, skipped: 0 }, jest, ROOT, "needs the provider");
    expect(summary.lines).toEqual([
      "skipped: test/e2e/deploy.test.ts (2 tests): needs the provider",
      "skipped: test/e2e/validate.test.ts (4 tests): needs the provider",
      "6 passed, 0 failed, 6 skipped",
    ]);
  });

  test("prefers the reason a suite names in its own title", () => {
    const own = suite("test/e2e/cdk-terrain.test.ts", ["pending"]);
    const titled = {
      ...own,
      assertionResults: [{ status: "pending", ancestorTitles: ["deploys (skipped: no Node.js >= 22.19 for cdktn-cli)"] }],
    };
    const summary = summarise(
      { passed: 0, failed: 0, skipped: 0 },
      { ...report([own]), testResults: [titled] },
      ROOT,
      "needs the provider",
    );
    expect(summary.lines[0]).toBe("skipped: test/e2e/cdk-terrain.test.ts (1 tests): no Node.js >= 22.19 for cdktn-cli");
  });

  test("counts a suite that failed to run as a failure", () => {
    const jest = report([suite("test/config/rules.test.ts", [], "failed"), suite("test/config/schema.test.ts", ["passed"])]);
    const summary = summarise({ passed: 0, failed: 0, skipped: 0 }, jest, ROOT, undefined);
    expect(summary.lines).toEqual(["failed to run: test/config/rules.test.ts", "1 passed, 1 failed, 0 skipped"]);
  });

  test("counts a missing jest report as a failure", () => {
    expect(summarise({ passed: 4, failed: 0, skipped: 1 }, undefined, ROOT, undefined).lines.at(-1)).toBe("4 passed, 1 failed, 1 skipped");
  });
});

describe("counting go test -json", () => {
  const event = (Action: string, Package: string, Test?: string) => JSON.stringify({ Action, Package, Test });

  test("counts top-level tests by outcome, not their subtests, and lists packages", () => {
    const output = [
      event("run", "sim/pc", "TestWaiters"),
      event("pass", "sim/pc", "TestWaiters/one"),
      event("pass", "sim/pc", "TestWaiters"),
      event("fail", "sim/ext", "TestRoles"),
      event("skip", "sim/ext", "TestSlow"),
      event("pass", "sim/pc"),
      event("fail", "sim/ext"),
      event("skip", "sim/web"),
      "ok  \tsim/pc\t0.1s",
    ].join("\n");
    const counts = goTestCounts(output);
    expect({ ...counts, lines: undefined }).toEqual({ passed: 1, failed: 1, skipped: 1, lines: undefined });
    expect(counts.lines).toEqual(["FAIL sim/ext", "ok   sim/pc", "--   sim/web"]);
  });

  test("counts a package that failed without a failing test (a build error) as one failure", () => {
    expect(goTestCounts(event("fail", "sim/broken")).failed).toBe(1);
  });
});
