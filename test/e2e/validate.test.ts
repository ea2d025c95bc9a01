/**
 * Every synthesised stack of the default environment passes `init` and
 * `validate` with the real vmware/vsphere 2.15.0 provider schema, installed
 * offline from the local mirror and checked against the committed lock file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironment, DEFAULT_CONFIG } from "../../config/load";
import { installProviderLock } from "../../stacks/provider-lock";
import { defaultDocument, envFrom, ROOT, synthToDir } from "../helpers";
import { engine, makeWorkdir, stackNames, toolEnv } from "../../runtime/harness";

jest.setTimeout(10 * 60_000);

describe("terraform validate", () => {
  const tools = toolEnv();
  const outdir = synthToDir(loadEnvironment(path.join(ROOT, DEFAULT_CONFIG)));
  installProviderLock(ROOT, outdir);
  const log = path.join(makeWorkdir(), "validate.log");
  const lock = fs.readFileSync(path.join(ROOT, ".terraform.lock.hcl"), "utf8");

  test.each(stackNames(outdir))("stack %s is valid for the real provider", (stack) => {
    const dir = path.join(outdir, "stacks", stack);
    const init = engine(tools, "", dir, ["init", "-backend=false", "-input=false", "-no-color"], log);
    expect({ stack, status: init.status, output: init.status === 0 ? "" : init.output }).toEqual({ stack, status: 0, output: "" });
    expect(fs.readFileSync(path.join(dir, ".terraform.lock.hcl"), "utf8")).toBe(lock);
    const validate = engine(tools, "", dir, ["validate", "-json", "-no-color"], log);
    const result = JSON.parse(validate.output);
    expect({ stack, valid: result.valid, errors: result.diagnostics }).toEqual({ stack, valid: true, errors: [] });
  });

  test("a tenant with an admin group (role and entity permissions) is valid for the real provider", () => {
    const doc = defaultDocument();
    doc.tenants[0].adminGroup = "DITHMARSCHEN\\vsphere-desktop-admins";
    const withAccess = synthToDir(envFrom(doc));
    installProviderLock(ROOT, withAccess);
    const dir = path.join(withAccess, "stacks", "tenant-kreis-dithmarschen");
    expect(engine(tools, "", dir, ["init", "-backend=false", "-input=false", "-no-color"], log).status).toBe(0);
    const result = JSON.parse(engine(tools, "", dir, ["validate", "-json", "-no-color"], log).output);
    expect({ valid: result.valid, errors: result.diagnostics }).toEqual({ valid: true, errors: [] });
  });
});
