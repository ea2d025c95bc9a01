/**
 * `npm run synth` as an operator runs it: secrets stay out of the output,
 * and a bad config leaves the previous output untouched.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { readTree, ROOT, smallDocument } from "../helpers";

const SECRETS = {
  TF_VAR_vsphere_user: "svc-rz-deploy-7Qx",
  TF_VAR_vsphere_password: "Vc-Pa55-9f3e1b7a",
  TF_VAR_esxi_password: "Esx-Pa55-4c2d8e6f",
  TF_VAR_windows_admin_password: "Win-Pa55-0a9b8c7d",
  VSPHERE_USER: "administrator@vsphere.local",
  VSPHERE_PASSWORD: "Env-Pa55-5e6f7a8b",
};

/** `npx cdktf synth` with the project's cdktf.json app, as operators and CI run it. */
function cdktfSynth(outdir: string, config: string) {
  return spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf"), "synth", "--output", outdir],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, RZ_CONFIG: config, CHECKPOINT_DISABLE: "1", CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" },
    },
  );
}

function synth(outdir: string, config: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [path.join(ROOT, "scripts", "synth.js")], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env, RZ_CONFIG: config, RZ_OUTDIR: outdir },
  });
}

describe("npm run synth", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rz-cli-"));
  const outdir = path.join(dir, "cdktf.out");

  test("no secret passed through TF_VAR_* or VSPHERE_* appears anywhere in cdktf.out or the log", () => {
    const run = synth(outdir, "config/dithmarschen.yaml", SECRETS);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/430 desktops/);
    const tree = readTree(outdir);
    expect(tree.size).toBeGreaterThan(9);
    for (const secret of Object.values(SECRETS)) {
      for (const [file, content] of tree) {
        if (content.includes(secret)) throw new Error(`${file} contains the secret ${secret}`);
      }
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });

  test("fails on a bad config with one line per problem and leaves the earlier output untouched", () => {
    const before = readTree(outdir);
    expect(before.size).toBeGreaterThan(0);
    const doc = smallDocument();
    doc.tenants[0].sites[1].vlan = 5000;
    doc.tenants[0].sites[0].workstations.image = "unknown";
    const bad = path.join(dir, "bad.yaml");
    fs.writeFileSync(bad, stringify(doc));
    const run = synth(outdir, bad);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${bad}:51:9: tenants[0].sites[1].vlan: 5000 is outside 2..4094`);
    expect(readTree(outdir)).toEqual(before);
    expect(fs.readdirSync(dir).sort()).toEqual(["bad.yaml", "cdktf.out"]);
  });

  describe.each([
    [
      "a configuration error",
      (doc: ReturnType<typeof smallDocument>) => (doc.tenants[0].sites[1].vlan = 5000),
      (file: string) => [
        `${file}:51:9: tenants[0].sites[1].vlan: 5000 is outside 2..4094`,
        `1 problem(s) in ${file}; nothing was synthesised.`,
      ],
    ],
    [
      "a compliance error",
      (doc: ReturnType<typeof smallDocument>) => {
        doc.environment = "production";
        doc.vcenter.allowUnverifiedSsl = true;
      },
      () => [
        "RZ-12 error: platform/provider.vsphere.vsphere: allow_unverified_ssl is true in a production environment",
        "compliance error(s); nothing was synthesised.",
      ],
    ],
  ])("on %s, npm run synth and npx cdktf synth", (_what, spoil, lines) => {
    const file = path.join(dir, `spoilt-${_what.replace(/\W+/g, "-")}.yaml`);
    beforeAll(() => {
      const doc = smallDocument();
      spoil(doc);
      fs.writeFileSync(file, stringify(doc));
    });

    test.each([
      ["npm run synth", synth],
      ["npx cdktf synth", cdktfSynth],
    ])("%s exits 1 with one line per problem and the summary, no stack trace, the earlier output byte-identical", (_cmd, run) => {
      const before = readTree(outdir);
      expect(before.size).toBeGreaterThan(0);
      const result = run(outdir, file);
      expect(result.status).toBe(1);
      for (const line of lines(file)) expect(result.stderr + result.stdout).toContain(line);
      expect(result.stderr + result.stdout).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(readTree(outdir)).toEqual(before);
    });
  });
});
