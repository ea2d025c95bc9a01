/**
 * One command-line convention for every script: `--help` prints the usage and
 * exits 0 without side effects, unknown flags fail with a usage line (exit 2),
 * `--json` prints one JSON document of the documented shape, and the README's
 * exit-code table is the code's.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { changesFromPlan } from "../../report/changes";
import { driftDocument } from "../../report/drift";
import { EXIT_CODES, interpretCommandLine } from "../../runtime/command-line";
import { defaultDocument, ROOT } from "../helpers";

const SCRIPTS = [
  "scripts/capacity.ts",
  "scripts/compliance.ts",
  "scripts/costs.ts",
  "scripts/demo.ts",
  "scripts/deploy.ts",
  "scripts/destroy.ts",
  "scripts/drift.ts",
  "scripts/report.ts",
  "scripts/topology.ts",
  "scripts/write-schema.ts",
  "bench/bench.ts",
  "scripts/synth.js",
];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "rz-cli-conv-"));
/** Files a script could write: the tracked docs, the reports, the outputs of a synth. */
const WATCHED = [
  "docs/compliance.md",
  "docs/topology.md",
  "docs/benchmarks.md",
  "docs/costs.md",
  "docs/costs.svg",
  "README.md",
  "config/environment.schema.json",
];
const ENV = {
  RZ_OUTDIR: path.join(scratch, "cdktf.out"),
  RZ_COMPLIANCE_REPORT: path.join(scratch, "compliance.md"),
  RZ_TOPOLOGY: path.join(scratch, "topology.md"),
  RZ_COMPLIANCE_DATE: "2026-12-01",
  CHECKPOINT_DISABLE: "1",
};

function run(script: string, args: string[], cwd = ROOT, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["--require", "ts-node/register/transpile-only", path.join(ROOT, script), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...ENV, ...env },
    timeout: 120_000,
  });
}

const snapshot = () => new Map(WATCHED.map((f) => [f, fs.readFileSync(path.join(ROOT, f), "utf8")]));
const rootEntries = () => fs.readdirSync(ROOT).sort();

describe("every script's command line", () => {
  test.each(SCRIPTS)("%s --help prints the usage and exits 0, touching nothing", (script) => {
    const before = snapshot();
    const entries = rootEntries();
    const result = run(script, ["--help"]);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(result.stdout).toMatch(/^usage: npm run \w+ -- \[--help\]/);
    expect(result.stdout).toContain("--help");
    expect(snapshot()).toEqual(before);
    expect(rootEntries()).toEqual(entries);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  test.each(SCRIPTS)("%s --no-such-flag fails with the usage line and exit 2, touching nothing", (script) => {
    const before = snapshot();
    const result = run(script, ["--no-such-flag"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^npm run \w+: Unknown option '--no-such-flag'.*\nusage: npm run \w+ -- \[--help\]/);
    expect(snapshot()).toEqual(before);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  test("a missing value and an unexpected argument are usage errors too", () => {
    const spec = { command: "npm run report --", summary: "x", options: { out: { type: "string" as const, description: "file" } } };
    expect(interpretCommandLine(spec, ["--out"])).toMatchObject({ kind: "exit", code: 2 });
    expect(interpretCommandLine(spec, ["extra"])).toMatchObject({ kind: "exit", code: 2, stderr: expect.stringContaining("'extra'") });
    expect(interpretCommandLine(spec, ["--out", "x.md"])).toEqual({ kind: "run", parsed: { values: { out: "x.md" }, positionals: [] } });
  });
});

describe("--json", () => {
  test("npm run capacity -- --json is one document with lines, headroom and warnings", () => {
    const result = run("scripts/capacity.ts", ["--json"]);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.kind).toBe("rz-capacity");
    expect(doc.config).toBe("config/dithmarschen.yaml");
    expect(doc.lines[0]).toEqual({
      group: "cluster",
      subject: "cluster rz-cluster-1 vCPU",
      demand: expect.any(Number),
      capacity: expect.any(Number),
      unit: "vCPU",
      percent: expect.any(Number),
      status: expect.stringMatching(/^(ok|warning|over)$/),
    });
    expect(doc.headroom.map((h: { cluster: string }) => h.cluster)).toContain("kreishaus-cluster");
    expect(Array.isArray(doc.warnings)).toBe(true);
  });

  test("npm run compliance -- --json is one document with every rule and writes no file", () => {
    const result = run("scripts/compliance.ts", ["--json"]);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect([doc.kind, doc.environment, doc.errors]).toEqual(["rz-compliance", "production", 0]);
    expect(doc.rules.map((r: { id: string }) => r.id)).toEqual(
      Array.from({ length: 18 }, (_, i) => `RZ-${String(i + 1).padStart(2, "0")}`),
    );
    expect(Object.keys(doc.rules[0]).sort()).toEqual(
      ["checked", "compliant", "id", "nonCompliant", "requirements", "severity", "suppressed", "title", "vmwareControl"].sort(),
    );
    expect(fs.existsSync(ENV.RZ_COMPLIANCE_REPORT)).toBe(false);
  });

  test("npm run costs -- --json is one document per tenant and consumer in cents, with --base the change, and writes no file", () => {
    const before = snapshot();
    const result = run("scripts/costs.ts", ["--json", "--base", "config/dithmarschen.yaml"], ROOT, {
      RZ_CONFIG: "config/dithmarschen-two-tenants.yaml",
    });
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect([doc.kind, doc.config, doc.currency, doc.example]).toEqual(["rz-costs", "config/dithmarschen-two-tenants.yaml", "EUR", true]);
    expect(doc.tenants.map((t: { id: string }) => t.id)).toEqual(["kreis-dithmarschen", "amt-marne-nordsee"]);
    expect(doc.tenants.reduce((n: number, t: { yearlyCents: number }) => n + t.yearlyCents, 0)).toBe(doc.platform.yearlyCents);
    expect(doc.change.tenants.find((t: { id: string }) => t.id === "amt-marne-nordsee")).toMatchObject({
      reason: "added",
      beforeCents: null,
    });
    expect(doc.change.tenants.find((t: { id: string }) => t.id === "kreis-dithmarschen").deltaCents).toBeLessThan(0);
    expect(snapshot()).toEqual(before);
  });

  test("npm run costs fails with one line when the file has no price list", () => {
    const doc = defaultDocument();
    delete doc.prices;
    const file = path.join(scratch, "..", `rz-unpriced-${process.pid}.yaml`);
    fs.writeFileSync(file, stringify(doc));
    const result = run("scripts/costs.ts", [], ROOT, { RZ_CONFIG: file });
    fs.rmSync(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${file}: prices: is missing: npm run costs needs a price list (README, "Costs")\n`);
  });

  test("npm run report -- --json is one document with the summary and changes of two files", () => {
    const doc = defaultDocument();
    doc.tenants[0].sites[0].workstations.count += 5;
    const head = path.join(scratch, "..", `rz-head-${process.pid}.yaml`);
    fs.writeFileSync(head, stringify(doc));
    const result = run("scripts/report.ts", ["--base-config", "config/dithmarschen.yaml", "--head-config", head, "--json"]);
    fs.rmSync(head);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.kind).toBe("rz-plan-report");
    const site = `site-kreis-dithmarschen-${doc.tenants[0].sites[0].id}`;
    expect(report.summary.find((s: { stack: string }) => s.stack === site)).toEqual({
      stack: site,
      create: 5,
      update: 0,
      replace: 0,
      delete: 0,
      import: 0,
      move: 0,
    });
    expect(report.changes.length).toBeGreaterThan(0);
    expect(report.protected).toEqual([]);
  });

  test("npm run drift -- --json: the document of a move-only plan parses, lists the move and says exit 2", () => {
    const changes = changesFromPlan("tenant-ga", {
      resource_changes: [
        {
          address: "vsphere_virtual_machine.b",
          previous_address: "vsphere_virtual_machine.a",
          type: "vsphere_virtual_machine",
          mode: "managed",
          change: { actions: ["no-op"], before: {}, after: {} },
        },
      ],
    });
    const doc = JSON.parse(JSON.stringify(driftDocument({ drift: [], changes, stacks: ["tenant-ga"] })));
    expect(doc.kind).toBe("rz-drift");
    expect(doc.exitCode).toBe(2);
    expect(doc.drift).toEqual([]);
    expect(doc.plan.changes.map((c: { action: string; movedFrom: string }) => [c.action, c.movedFrom])).toEqual([
      ["move", "vsphere_virtual_machine.a"],
    ]);
  });
});

describe("the README's exit-code table", () => {
  test("is the code's, row by row", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Exit codes"));
    const rows = section
      .split("\n")
      .filter((l) => /^\|\s*\d+\s*\|/.test(l))
      .map((l) =>
        l
          .split("|")
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    expect(rows).toEqual(EXIT_CODES.map((e) => [String(e.code), e.meaning, e.commands]));
  });
});
