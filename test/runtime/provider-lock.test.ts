/**
 * The committed provider lock is for operators: it pins vmware/vsphere 2.15.0
 * and never a single local build's checksum, so a registry install is never
 * refused. Synth installs it into every stack, or the lock RZ_PROVIDER_LOCK names.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { installProviderLock, PROVIDER_LOCK_FILE, providerLockFile } from "../../runtime/provider-lock";
import { ROOT, smallDocument, envFrom, synthToDir } from "../helpers";

const PLATFORMS = ["linux_amd64", "darwin_amd64", "darwin_arm64", "windows_amd64"];

describe("the committed provider lock", () => {
  const text = fs.readFileSync(path.join(ROOT, PROVIDER_LOCK_FILE), "utf8");
  const blocks = [...text.matchAll(/^provider "([^"]+)" \{([\s\S]*?)^\}/gm)];

  test("pins vmware/vsphere 2.15.0 exactly, for Terraform's and OpenTofu's registry", () => {
    expect(blocks.map((b) => b[1])).toEqual(["registry.terraform.io/vmware/vsphere", "registry.opentofu.org/vmware/vsphere"]);
    for (const block of blocks) {
      expect(block[2]).toMatch(/version\s+= "2\.15\.0"/);
      expect(block[2]).toMatch(/constraints = "2\.15\.0"/);
    }
  });

  test("holds no checksums, or the registry's for every platform: never a lone local build's h1", () => {
    const zh = [...text.matchAll(/"zh:[0-9a-f]{64}"/g)];
    const h1 = [...text.matchAll(/"h1:[^"]+"/g)];
    if (zh.length === 0) expect(h1).toEqual([]);
    else {
      // `terraform providers lock` records one zh: per published package (at least the four platforms) and one h1: per platform asked for.
      expect(zh.length).toBeGreaterThanOrEqual(PLATFORMS.length * blocks.length);
      expect(h1.length).toBeGreaterThanOrEqual(PLATFORMS.length * blocks.length);
    }
  });
});

describe("installing a lock into the synthesised stacks", () => {
  test("RZ_PROVIDER_LOCK names the lock to install; without it, the committed one", () => {
    expect(providerLockFile(ROOT, {})).toBe(path.join(ROOT, PROVIDER_LOCK_FILE));
    expect(providerLockFile(ROOT, { RZ_PROVIDER_LOCK: "/tmp/work/lock.hcl" })).toBe("/tmp/work/lock.hcl");
    expect(providerLockFile(ROOT, { RZ_PROVIDER_LOCK: "locks/mine.hcl" })).toBe(path.join(ROOT, "locks/mine.hcl"));
  });

  test("every stack gets a byte-identical copy", () => {
    const outdir = synthToDir(envFrom(smallDocument()));
    const lock = path.join(outdir, "workspace.lock.hcl");
    fs.writeFileSync(lock, '# a workspace lock\nprovider "registry.terraform.io/vmware/vsphere" {\n  version = "2.15.0"\n}\n');
    installProviderLock(lock, outdir);
    const stacks = fs.readdirSync(path.join(outdir, "stacks"));
    expect(stacks.length).toBeGreaterThan(3);
    for (const stack of stacks)
      expect(fs.readFileSync(path.join(outdir, "stacks", stack, PROVIDER_LOCK_FILE), "utf8")).toBe(fs.readFileSync(lock, "utf8"));
  });

  test("fails when the lock file does not exist", () => {
    const outdir = synthToDir(envFrom(smallDocument()));
    expect(() => installProviderLock(path.join(outdir, "nope.hcl"), outdir)).toThrow(/nope\.hcl does not exist/);
  });
});
