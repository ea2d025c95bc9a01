/** Generated Markdown (`npm run compliance`, `npm run topology`) passes the project's own `prettier --check` as written. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../helpers";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rz-format-"));
const ENV = {
  RZ_COMPLIANCE_REPORT: path.join(dir, "compliance.md"),
  RZ_TOPOLOGY: path.join(dir, "topology.md"),
  RZ_COMPLIANCE_DATE: "2026-12-01",
};

const script = (name: string) =>
  spawnSync(process.execPath, ["--require", "ts-node/register/transpile-only", path.join(ROOT, "scripts", name)], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...ENV, RZ_CONFIG: "config/dithmarschen.yaml" },
  });

/** What `prettier --check` of the committed file of that name would want, for this text. */
const prettierWants = (text: string, file: string) =>
  spawnSync(process.execPath, [path.join(ROOT, "node_modules", "prettier", "bin", "prettier.cjs"), "--stdin-filepath", file], {
    cwd: ROOT,
    input: text,
    encoding: "utf8",
  }).stdout;

describe("generated Markdown", () => {
  test.each([
    ["compliance.ts", ENV.RZ_COMPLIANCE_REPORT, "docs/compliance.md"],
    ["topology.ts", ENV.RZ_TOPOLOGY, "docs/topology.md"],
  ])("%s writes Markdown that passes prettier --check as written", (name, output, committed) => {
    const before = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(script(name).status).toBe(0);
    const written = fs.readFileSync(output, "utf8");
    expect(written).toMatch(/^# /);
    expect(prettierWants(written, committed)).toBe(written);
    expect(fs.readFileSync(path.join(ROOT, "README.md"), "utf8")).toBe(before);
  });
});
