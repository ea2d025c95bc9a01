import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DataResource, Lazy, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Folder } from "@cdktf/provider-vsphere/lib/folder";
import { ReplacementTrigger } from "../../constructs/replacement-trigger";
import { VsphereStack } from "../../stacks/vsphere-stack";
import { onlyResource, ROOT } from "../helpers";

const HINT = "The built-in Terraform data resource is only supported for Terraform >=1.4. Please upgrade your Terraform version.";

/** A stack as the environment builds them: its logical ids are the construct path, the addresses in the deployed state. */
const vsphereStack = (name: string) =>
  new VsphereStack(Testing.stubVersion(Testing.app()), name, {
    vcenterServer: "vcenter.lab.example",
    state: { type: "local", directory: "terraform-state" },
    projectRoot: ROOT,
  });

/**
 * The validation messages of `count` triggers built with a fresh copy of the
 * module (its once-per-process check not yet run) against a stand-in
 * `terraform` that prints `version` and counts its starts.
 */
function validateWithTerraform(version: string, count: number): { messages: string[][]; binary: string; starts: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rz-fake-terraform-"));
  const binary = path.join(dir, "terraform");
  const starts = path.join(dir, "starts");
  fs.writeFileSync(binary, `#!/bin/sh\necho start >> "${starts}"\necho "Terraform v${version}"\n`, { mode: 0o755 });
  const before = process.env.TERRAFORM_BINARY_NAME;
  process.env.TERRAFORM_BINARY_NAME = binary;
  try {
    let messages: string[][] = [];
    jest.isolateModules(() => {
      // cdktf reads TERRAFORM_BINARY_NAME when it loads, and the trigger keeps its check's outcome per module instance.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const cdktf = require("cdktf") as typeof import("cdktf");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require("../../constructs/replacement-trigger") as typeof import("../../constructs/replacement-trigger");
      const stack = new cdktf.TerraformStack(cdktf.Testing.stubVersion(cdktf.Testing.app()), "site");
      const triggers = Array.from(
        { length: count },
        (_, i) => new fresh.ReplacementTrigger(stack, `pin-${i}`, { triggersReplace: { image: "a" } }),
      );
      messages = triggers.map((trigger) => trigger.node.validate());
    });
    return { messages, binary, starts: fs.existsSync(starts) ? fs.readFileSync(starts, "utf8").split("\n").filter(Boolean).length : 0 };
  } finally {
    if (before === undefined) delete process.env.TERRAFORM_BINARY_NAME;
    else process.env.TERRAFORM_BINARY_NAME = before;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("ReplacementTrigger", () => {
  test("is a terraform_data resource with the given triggers_replace and nothing else", () => {
    const synth = Testing.synthScope(
      (scope) => new ReplacementTrigger(scope, "image-pin", { triggersReplace: { image: "verwaltung-standard@2026.11" } }),
    );
    expect(Object.keys(JSON.parse(synth).resource)).toEqual(["terraform_data"]);
    expect(onlyResource(synth, "terraform_data")).toEqual({ triggers_replace: { image: "verwaltung-standard@2026.11" } });
  });

  test("keeps every trigger value as given", () => {
    const triggersReplace = { image: "standard@1.0", site: "meldorf-1", wave: "2" };
    const synth = Testing.synthScope((scope) => new ReplacementTrigger(scope, "pin", { triggersReplace }));
    expect(onlyResource(synth, "terraform_data").triggers_replace).toEqual(triggersReplace);
  });

  test("synthesises exactly like cdktf's DataResource, as JSON and as HCL", () => {
    const triggersReplace = { image: "verwaltung-standard@2026.11", site: "heide-1" };
    const ours = new TerraformStack(Testing.stubVersion(Testing.app()), "site");
    new ReplacementTrigger(ours, "image-pin", { triggersReplace });
    const cdktfs = new TerraformStack(Testing.stubVersion(Testing.app()), "site");
    new DataResource(cdktfs, "image-pin", { triggersReplace });
    expect(JSON.parse(Testing.synth(ours))).toEqual(JSON.parse(Testing.synth(cdktfs)));
    expect(Testing.synthHcl(ours)).toEqual(Testing.synthHcl(cdktfs));
  });

  test("is addressed by its construct path, so replace_triggered_by can name it", () => {
    const stack = vsphereStack("site-meldorf-1");
    const pool = new Construct(stack, "pool");
    const pin = new ReplacementTrigger(pool, "image-pin", { triggersReplace: { image: "standard@1.0" } });
    new Folder(stack, "desktops", {
      datacenterId: "dc",
      path: "desktops",
      type: "vm",
      lifecycle: { replaceTriggeredBy: [Lazy.stringValue({ produce: () => `terraform_data.${pin.friendlyUniqueId}` })] },
    });
    const synth = JSON.parse(Testing.synth(stack));
    expect(Object.keys(synth.resource.terraform_data)).toEqual(["pool_image-pin"]);
    expect(synth.resource.vsphere_folder.desktops.lifecycle).toEqual({ replace_triggered_by: ["terraform_data.pool_image-pin"] });
  });

  test("passes validation with Terraform 1.4 or newer", () => {
    expect(validateWithTerraform("1.4.0", 1).messages).toEqual([[]]);
    expect(validateWithTerraform("1.11.4", 1).messages).toEqual([[]]);
  });

  test("fails validation when Terraform is older than 1.4, naming the version, with cdktf's message", () => {
    const { messages, binary } = validateWithTerraform("1.3.9", 1);
    expect(messages).toEqual([[`${binary} version 1.3.9 is lower than the required version >=1.4 for this construct. ${HINT}`]]);
  });

  test("fails validation when the Terraform version cannot be read", () => {
    const { messages, binary } = validateWithTerraform("unknown", 1);
    expect(messages).toEqual([[`Could not determine version of ${binary} (running ${binary} version)`]]);
  });

  test("starts `terraform version` once per process however many triggers there are, and reports to each", () => {
    const { messages, starts } = validateWithTerraform("1.3.9", 3);
    expect(starts).toBe(1);
    expect(messages).toHaveLength(3);
    for (const message of messages)
      expect(message).toEqual([expect.stringContaining("version 1.3.9 is lower than the required version >=1.4")]);
  });
});
