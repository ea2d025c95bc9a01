/**
 * The engine never evaluates environment text (#18). Template syntax is
 * refused at validation (test/config/hostile.test.ts); this suite checks with
 * the real engine that what does pass (text with `$`, `%`, braces, quotes,
 * backslashes and umlauts next to each other) reaches Terraform as literal
 * data: the tenant stack carrying it passes init + validate with the real
 * provider, and every synthesised string holding it comes back unchanged from
 * the engine as an output value, while the same workspace shows that the
 * engine would evaluate `${...}` (so the refusal is what protects).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { foreignText } from "../../compliance/template-syntax";
import { parseEnvironment } from "../../config/load";
import { ConfigError } from "../../config/problems";
import { engine, makeWorkdir, ToolEnv, toolEnv } from "../../runtime/harness";
import { installProviderLock } from "../../runtime/provider-lock";
import { defaultDocument, envFrom, FILE, stackJson, synthToDir } from "../helpers";
import { stringify } from "yaml";
import { describeWithProvider } from "./provider";

jest.setTimeout(5 * 60_000);

const MARKER = 'Dithm $ {x} 100 % {y} \\ "q" Ärger $1{';

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

describeWithProvider("the engine does not evaluate environment text", () => {
  let tools: ToolEnv;
  let log: string;
  let outdir: string;

  beforeAll(() => {
    tools = toolEnv();
    log = path.join(makeWorkdir(), "injection.log");
    const doc = defaultDocument();
    doc.tenants[0].name = MARKER;
    doc.tenants[0].sites[0].town = MARKER;
    doc.tenants[0].workloads[0].description = MARKER;
    outdir = synthToDir(envFrom(doc));
    installProviderLock(tools.RZ_PROVIDER_LOCK, outdir);
  });

  test("the injection the issue found is refused before synthesis", () => {
    const doc = defaultDocument();
    doc.datacenter = '${file("/etc/passwd")}';
    expect(() => parseEnvironment(stringify(doc), FILE)).toThrow(ConfigError);
  });

  test("the tenant stack carrying the text is valid for the real provider and holds no foreign template syntax", () => {
    const stack = "tenant-kreis-dithmarschen";
    expect(foreignText(stackJson(outdir, stack))).toEqual([]);
    const dir = path.join(outdir, "stacks", stack);
    const init = engine(tools, "", dir, ["init", "-backend=false", "-input=false", "-no-color"], log);
    expect({ status: init.status, output: init.status === 0 ? "" : init.output }).toEqual({ status: 0, output: "" });
    const validate = JSON.parse(engine(tools, "", dir, ["validate", "-json", "-no-color"], log).output);
    expect({ valid: validate.valid, errors: validate.diagnostics }).toEqual({ valid: true, errors: [] });
  });

  test("every synthesised string holding the text comes back from the engine as written; ${...} would be evaluated", () => {
    const values = [...new Set(strings(stackJson(outdir, "tenant-kreis-dithmarschen")).filter((s) => s.includes("Dithm $ {x}")))];
    expect(values.length).toBeGreaterThan(0);
    const dir = makeWorkdir();
    const outputs: Record<string, { value: string }> = { control: { value: '${upper("evaluated")}' } };
    values.forEach((value, i) => (outputs[`text_${i}`] = { value }));
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ output: outputs }));
    const apply = engine(tools, "", dir, ["apply", "-auto-approve", "-input=false", "-no-color"], log);
    expect({ status: apply.status, output: apply.status === 0 ? "" : apply.output }).toEqual({ status: 0, output: "" });
    const shown = JSON.parse(engine(tools, "", dir, ["output", "-json"], log).output);
    expect(shown.control.value).toBe("EVALUATED");
    values.forEach((value, i) => expect(shown[`text_${i}`].value).toBe(value));
  });
});
