/**
 * The layering of the sources (README, "Layout"): imports point one way.
 * Reads every TypeScript file's imports with the compiler's own pre-parser
 * and fails on an import a folder may not make.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { ROOT } from "./helpers";

type Layer = "domain" | "config" | "constructs" | "stacks" | "compliance" | "report" | "runtime" | "shell" | "bench" | "test";

/** Which layers each layer may import from (itself included where listed). */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  domain: [],
  config: ["domain", "config"],
  constructs: ["domain", "constructs"],
  stacks: ["domain", "config", "constructs", "stacks"],
  compliance: ["domain", "config", "compliance"],
  report: ["domain", "config", "report"],
  runtime: ["domain", "config", "report", "runtime"],
  shell: ["domain", "config", "constructs", "stacks", "compliance", "report", "runtime", "shell"],
  bench: ["domain", "config", "constructs", "stacks", "compliance", "report", "runtime", "bench"],
  test: ["domain", "config", "constructs", "stacks", "compliance", "report", "runtime", "shell", "bench", "test"],
};

/** Packages a layer must not import: domain values and configuration stay plain TypeScript, free of cdktf. */
const FORBIDDEN_PACKAGES: Partial<Record<Layer, RegExp>> = {
  domain: /./,
  config: /^(cdktf|constructs|@cdktf\/)/,
  report: /^(cdktf|constructs|@cdktf\/)/,
};

const FOLDERS = ["domain", "config", "constructs", "stacks", "compliance", "report", "runtime", "scripts", "bench", "test"];

function layerOf(file: string): Layer | undefined {
  const top = file.split("/")[0];
  if (file === "main.ts" || top === "scripts") return "shell";
  return FOLDERS.includes(top) ? (top as Layer) : undefined;
}

interface Import {
  readonly from: string;
  readonly to: string;
}

/** Every import against the layering, as `<file> imports <target>: <layer> may import ...`. */
function violations(imports: readonly Import[]): string[] {
  const found: string[] = [];
  for (const { from, to } of imports) {
    const source = layerOf(from);
    if (!source) continue;
    if (!to.startsWith(".")) {
      const forbidden = FORBIDDEN_PACKAGES[source];
      if (forbidden?.test(to)) found.push(`${from} imports package ${to}: ${source} may not import it`);
      continue;
    }
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), to));
    const targetLayer = layerOf(target);
    if (!targetLayer || !ALLOWED[source].includes(targetLayer)) {
      found.push(`${from} imports ${target}: ${source} may import only ${ALLOWED[source].join(", ") || "nothing of this project"}`);
    }
  }
  return found;
}

function sources(): string[] {
  const files: string[] = ["main.ts"];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== "__snapshots__") walk(rel);
      else if (entry.isFile() && entry.name.endsWith(".ts")) files.push(rel);
    }
  };
  for (const folder of FOLDERS) if (fs.existsSync(path.join(ROOT, folder))) walk(folder);
  return files;
}

function importsOf(file: string): Import[] {
  const info = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), "utf8"), true, true);
  return info.importedFiles.map((f) => ({ from: file, to: f.fileName }));
}

describe("layering", () => {
  const files = sources();

  test("reads every folder of the layering", () => {
    for (const folder of ["domain", "config", "constructs", "stacks", "compliance", "report", "runtime", "scripts", "bench", "test"]) {
      expect(files.some((f) => f.startsWith(`${folder}/`))).toBe(true);
    }
  });

  test("every import points down the layers: constructs and config apart, domain a leaf, shells on top", () => {
    expect(violations(files.flatMap(importsOf))).toEqual([]);
  });

  test.each([
    ["constructs/x.ts", "../config/schema", "constructs/x.ts imports config/schema: constructs may import only domain, constructs"],
    ["config/x.ts", "../constructs/host-cluster", "config/x.ts imports constructs/host-cluster: config may import only domain, config"],
    ["stacks/x.ts", "../compliance/pack", "stacks/x.ts imports compliance/pack: stacks may import only domain, config, constructs, stacks"],
    ["report/x.ts", "../stacks/environment", "report/x.ts imports stacks/environment: report may import only domain, config, report"],
    ["domain/x.ts", "../config/schema", "domain/x.ts imports config/schema: domain may import only nothing of this project"],
    ["runtime/x.ts", "../test/helpers", "runtime/x.ts imports test/helpers: runtime may import only domain, config, report, runtime"],
    ["config/x.ts", "cdktf", "config/x.ts imports package cdktf: config may not import it"],
  ])("fails when %s imports %s", (from, to, message) => {
    expect(violations([{ from, to }])).toEqual([message]);
  });
});
