/**
 * Every synthesised stack of the default environment passes `init` and
 * `validate` with the real vmware/vsphere 2.15.0 provider schema, installed
 * offline from the local mirror and checked against the committed lock file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironment, DEFAULT_CONFIG } from "../../config/load";
import { installProviderLock } from "../../stacks/provider-lock";
import { ROOT, synthToDir } from "../helpers";
import { engine, makeWorkdir, stackNames, toolEnv } from "../../e2e/harness";

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
});
