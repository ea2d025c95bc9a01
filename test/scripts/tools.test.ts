/**
 * scripts/tools.sh finds the vmware/vsphere provider in a documented order and,
 * where there is none, says so in one line and exits 3, which `npm test` tells
 * apart from a real failure. Everything here stays on this machine: the
 * registry is pointed at a closed loopback port and the Go module proxy is off.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "../helpers";

const EXIT_NO_PROVIDER = 3;
const PACKAGE = "registry.terraform.io/vmware/vsphere/2.15.0/linux_amd64/terraform-provider-vsphere_v2.15.0";

/** An empty machine: HOME, tools directory, plugin cache and module cache in a fresh temporary folder. */
function emptyMachine() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "rz-tools-"));
  const cli = path.join(home, "cli.tfrc");
  // The registry's service discovery answered from loopback, on a port nothing listens on.
  fs.writeFileSync(cli, 'host "registry.terraform.io" {\n  services = { "providers.v1" = "http://127.0.0.1:9/v1/providers/" }\n}\n');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, RZ_TOOLS_DIR: path.join(home, "tools"), TF_CLI_CONFIG_FILE: cli };
  env.GOPROXY = "off";
  env.GOMODCACHE = path.join(home, "gomod");
  env.RZ_REGISTRY_TIMEOUT = "20";
  delete env.RZ_VSPHERE_PROVIDER;
  delete env.TF_PLUGIN_CACHE_DIR;
  delete env.XDG_DATA_HOME;
  return { home, env };
}

function tools(env: NodeJS.ProcessEnv, ...args: string[]) {
  const started = Date.now();
  const run = spawnSync("bash", [path.join(ROOT, "scripts", "tools.sh"), ...args], { env, encoding: "utf8", timeout: 90_000 });
  return { status: run.status, stderr: run.stderr, stdout: run.stdout, seconds: (Date.now() - started) / 1000 };
}

/** A stand-in provider binary: tools.sh only checks that it is an executable file. */
function fakeProvider(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "#!/bin/sh\necho fake provider\n", { mode: 0o755 });
  return file;
}

describe("scripts/tools.sh: where the provider comes from", () => {
  test("on an empty machine it tries every source, says so in one line and exits 3", () => {
    const { env } = emptyMachine();
    const run = tools(env, "provider");
    expect(run.status).toBe(EXIT_NO_PROVIDER);
    const lines = run.stderr.trim().split("\n");
    const message = lines.filter((l) => l.includes("no vmware/vsphere"));
    expect(message).toHaveLength(1);
    expect(lines[lines.length - 1]).toBe(message[0]);
    for (const source of [
      "RZ_VSPHERE_PROVIDER: not set",
      "plugin directories and TF_PLUGIN_CACHE_DIR",
      "registry:",
      "Go module proxy: disabled by GOPROXY=off",
    ]) {
      expect(message[0]).toContain(source);
    }
    expect(message[0]).toContain("Supply one: RZ_VSPHERE_PROVIDER=");
    expect(run.seconds).toBeLessThan(60);
  });

  test("RZ_VSPHERE_PROVIDER comes first and is named as the source", () => {
    const { home, env } = emptyMachine();
    fakeProvider(path.join(home, ".terraform.d", "plugins", PACKAGE));
    env.RZ_VSPHERE_PROVIDER = fakeProvider(path.join(home, "builds", "terraform-provider-vsphere"));
    const run = tools(env, "provider");
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`provider: vmware/vsphere 2.15.0 from RZ_VSPHERE_PROVIDER (${env.RZ_VSPHERE_PROVIDER})`);
    for (const host of ["registry.terraform.io", "registry.opentofu.org"]) {
      const mirrored = path.join(home, "tools", "mirror", PACKAGE.replace("registry.terraform.io", host));
      expect(fs.readFileSync(mirrored, "utf8")).toBe(fs.readFileSync(env.RZ_VSPHERE_PROVIDER, "utf8"));
    }
  });

  test("a build in the user's plugin directory is found next", () => {
    const { home, env } = emptyMachine();
    const build = fakeProvider(path.join(home, ".terraform.d", "plugins", PACKAGE));
    const run = tools(env, "provider");
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`from plugin directory (${build})`);
  });

  test("a build in TF_PLUGIN_CACHE_DIR is found too", () => {
    const { home, env } = emptyMachine();
    env.TF_PLUGIN_CACHE_DIR = path.join(home, "plugin-cache");
    const build = fakeProvider(path.join(env.TF_PLUGIN_CACHE_DIR, PACKAGE));
    const run = tools(env, "provider");
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`from plugin directory (${build})`);
  });

  test("fails when RZ_VSPHERE_PROVIDER names no executable file", () => {
    const { home, env } = emptyMachine();
    env.RZ_VSPHERE_PROVIDER = path.join(home, "missing");
    const run = tools(env, "provider");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`RZ_VSPHERE_PROVIDER=${env.RZ_VSPHERE_PROVIDER} is not an executable file`);
  });

  test("--help prints usage and creates nothing; an unknown argument is a usage error", () => {
    const { home, env } = emptyMachine();
    const help = tools(env, "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Where the provider comes from");
    expect(fs.existsSync(path.join(home, "tools"))).toBe(false);
    const wrong = tools(env, "--frobnicate");
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("usage: bash scripts/tools.sh");
  });
});
