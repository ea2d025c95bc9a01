/**
 * Every synthesised stack of the default environment passes `init` and
 * `validate` with the real vmware/vsphere 2.15.0 provider schema, installed
 * offline from the local mirror. The workspace lock is recorded for the build
 * that is really there, never taken from the checksums committed for operators.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironment, DEFAULT_CONFIG } from "../../config/load";
import { installProviderLock, providerLockFile } from "../../runtime/provider-lock";
import { defaultDocument, envFrom, ROOT, synthToDir } from "../helpers";
import { engine, makeWorkdir, stackNames, ToolEnv, toolEnv } from "../../runtime/harness";
import { describeWithProvider } from "./provider";

jest.setTimeout(10 * 60_000);

const INIT = ["init", "-backend=false", "-input=false", "-no-color"];

/** The `h1:` checksums a lock file holds for vmware/vsphere. */
function h1Hashes(lockText: string): string[] {
  return [...lockText.matchAll(/"(h1:[^"]+)"/g)].map((m) => m[1]).sort();
}

describeWithProvider("terraform validate", () => {
  const outdir = synthToDir(loadEnvironment(path.join(ROOT, DEFAULT_CONFIG)));
  let tools: ToolEnv;
  let log: string;

  beforeAll(() => {
    tools = toolEnv();
    installProviderLock(tools.RZ_PROVIDER_LOCK, outdir);
    log = path.join(makeWorkdir(), "validate.log");
  });

  test.each(stackNames(outdir))("stack %s is valid for the real provider", (stack) => {
    const dir = path.join(outdir, "stacks", stack);
    const init = engine(tools, "", dir, INIT, log);
    expect({ stack, status: init.status, output: init.status === 0 ? "" : init.output }).toEqual({ stack, status: 0, output: "" });
    const validate = engine(tools, "", dir, ["validate", "-json", "-no-color"], log);
    const result = JSON.parse(validate.output);
    expect({ stack, valid: result.valid, errors: result.diagnostics }).toEqual({ stack, valid: true, errors: [] });
  });

  test("the workspace lock holds the checksum of the build in the mirror, and init keeps it", () => {
    const recorded = h1Hashes(fs.readFileSync(tools.RZ_PROVIDER_LOCK, "utf8"));
    expect(recorded).toHaveLength(1);
    const dir = path.join(outdir, "stacks", "platform");
    expect(engine(tools, "", dir, INIT, log).status).toBe(0);
    expect(h1Hashes(fs.readFileSync(path.join(dir, ".terraform.lock.hcl"), "utf8"))).toEqual(recorded);
  });

  test("a lock holding only another build's checksum refuses this build; the workspace lock accepts it", () => {
    const foreign = fs.mkdtempSync(path.join(makeWorkdir(), "foreign-"));
    const other = synthToDir(loadEnvironment(path.join(ROOT, DEFAULT_CONFIG)));
    const dir = path.join(other, "stacks", "network");
    // The checksum an earlier local build of 2.15.0 recorded: what a lock pinned to one machine's build looks like.
    const pinned = fs
      .readFileSync(providerLockFile(ROOT, {}), "utf8")
      .replace(
        /constraints = "2\.15\.0"\n/g,
        `constraints = "2.15.0"\n  hashes = [\n    "h1:kW3wT0kuY02Jd8DLejmRUwscl5dkHRli4869vgzJ+yA=",\n  ]\n`,
      );
    expect(h1Hashes(pinned)).not.toEqual(h1Hashes(fs.readFileSync(tools.RZ_PROVIDER_LOCK, "utf8")));
    fs.writeFileSync(path.join(foreign, ".terraform.lock.hcl"), pinned);
    installProviderLock(path.join(foreign, ".terraform.lock.hcl"), other);
    const refused = engine(tools, "", dir, INIT, log);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/checksum|doesn't match any of the checksums/i);

    fs.rmSync(path.join(dir, ".terraform"), { recursive: true, force: true });
    installProviderLock(tools.RZ_PROVIDER_LOCK, other);
    expect(engine(tools, "", dir, INIT, log).status).toBe(0);
  });

  test("the committed lock accepts this build exactly when it holds no checksums or this build's", () => {
    const committed = h1Hashes(fs.readFileSync(providerLockFile(ROOT, {}), "utf8"));
    const build = h1Hashes(fs.readFileSync(tools.RZ_PROVIDER_LOCK, "utf8"));
    const other = synthToDir(loadEnvironment(path.join(ROOT, DEFAULT_CONFIG)));
    installProviderLock(providerLockFile(ROOT, {}), other);
    const dir = path.join(other, "stacks", "images");
    const init = engine(tools, "", dir, INIT, log);
    const accepts = committed.length === 0 || build.every((h) => committed.includes(h));
    expect({ status: init.status === 0 ? 0 : "failed", accepts }).toEqual({ status: accepts ? 0 : "failed", accepts });
    if (accepts) expect(h1Hashes(fs.readFileSync(path.join(dir, ".terraform.lock.hcl"), "utf8"))).toEqual(expect.arrayContaining(build));
  });

  test("a tenant with an admin group (role and entity permissions) is valid for the real provider", () => {
    const doc = defaultDocument();
    doc.tenants[0].adminGroup = "DITHMARSCHEN\\vsphere-desktop-admins";
    const withAccess = synthToDir(envFrom(doc));
    installProviderLock(tools.RZ_PROVIDER_LOCK, withAccess);
    const dir = path.join(withAccess, "stacks", "tenant-kreis-dithmarschen");
    expect(engine(tools, "", dir, INIT, log).status).toBe(0);
    const result = JSON.parse(engine(tools, "", dir, ["validate", "-json", "-no-color"], log).output);
    expect({ valid: result.valid, errors: result.diagnostics }).toEqual({ valid: true, errors: [] });
  });
});
