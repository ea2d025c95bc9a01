/**
 * The exit from archived cdktf, kept open: the same environments synthesise to
 * the same stacks on CDK for Terraform (cdktf, the default) and on CDK Terrain
 * (cdktn, `RZ_CDK=cdktn`). Each library runs the real app (main.ts, with the
 * app command's preload scripts/cdk-library.js) in its own process, because
 * the switch is a module-resolution redirect that must be in place before
 * anything loads cdktf. Every file of both outputs is compared; in JSON only
 * the library version cdktf writes is masked (`//.metadata.version` of each
 * stack, `version` of manifest.json), and each side must carry its own
 * library's version there, so a redirect that silently did nothing fails too.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { stringify } from "yaml";
import { readTree, ROOT, twoTenantDocument } from "../helpers";

type Library = "cdktf" | "cdktn";
const LIBRARIES: readonly Library[] = ["cdktf", "cdktn"];
const VERSION: Record<Library, string> = Object.fromEntries(
  LIBRARIES.map((lib) => [lib, JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", lib, "package.json"), "utf8")).version]),
) as Record<Library, string>;
const MASK = "<library version>";

/**
 * The default environment grown to two tenants, with the features the default
 * file leaves out: admin groups (roles, permissions), a renamed workload
 * (moved blocks), an imported VM (import blocks), a rollout wave, migration
 * under way, and the pg state backend (remote state between stacks).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function multiTenantDocument(): any {
  const doc = twoTenantDocument();
  const first = doc.tenants[0];
  first.adminGroup = "DITHMARSCHEN\\vsphere-desktop-admins";
  const gis = first.workloads.find((w: { id: string }) => w.id === "gis");
  Object.assign(gis, { id: "geodaten", renamedFrom: "gis" });
  const second = doc.tenants[1];
  second.adminGroup = "MARNE-NORDSEE\\vsphere-desktop-admins";
  second.workloads = [
    {
      id: "kasse",
      cpus: 2,
      memoryGiB: 8,
      diskGiB: 80,
      cluster: "rz-cluster-1",
      network: "servers",
      importFrom: "/RZ-Nord/vm/amt-marne-nordsee/mn-kasse-alt",
    },
  ];
  doc.rollout = [
    {
      wave: 1,
      image: first.sites.find((s: { workstations: { wave: number } }) => s.workstations.wave === 1).workstations.image,
      version: "2026.12",
    },
  ];
  doc.migration = { completedWaves: 1 };
  doc.backend = { type: "pg", schemaPrefix: "rz_dithmarschen" };
  return doc;
}

interface Synth {
  readonly status: number | null;
  readonly output: string;
}

/** The app as cdktf.json runs it, on one library, into `outdir`. */
function synth(library: Library, config: string, outdir: string): Promise<Synth> {
  const env: NodeJS.ProcessEnv = { ...process.env, RZ_CONFIG: config, CDKTF_OUTDIR: outdir, RZ_CDK: library, CHECKPOINT_DISABLE: "1" };
  const args = ["--require", "./scripts/cdk-library.js", "--require", "ts-node/register/transpile-only", "main.ts"];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, output: Buffer.concat(chunks).toString("utf8") })));
}

/** A file of the output with the library version masked; throws when the version is not where, or not what, it should be. */
function masked(library: Library, file: string, content: string): unknown {
  if (!file.endsWith(".json")) return content;
  const json = JSON.parse(content);
  const holder = file === "manifest.json" ? json : /^stacks\/[^/]+\/cdk\.tf\.json$/.test(file) ? json["//"]?.metadata : undefined;
  if (holder === undefined) return json;
  if (holder.version !== VERSION[library]) throw new Error(`${library}: ${file} says version ${holder.version}, not ${VERSION[library]}`);
  holder.version = MASK;
  return json;
}

const ENVIRONMENTS: Record<string, () => string> = {
  "the default environment": () => path.join(ROOT, "config", "dithmarschen.yaml"),
  "a multi-tenant environment": () => {
    const file = path.join(work, "multi-tenant.yaml");
    fs.writeFileSync(file, stringify(multiTenantDocument()));
    return file;
  },
};

let work: string;
const outputs = new Map<string, Map<Library, Map<string, string>>>();

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "rz-cdk-terrain-"));
  // Four synths side by side: a few seconds each, on two cores about as long as two in a row.
  const runs = Object.entries(ENVIRONMENTS).flatMap(([name, config], index) => {
    const file = config();
    return LIBRARIES.map(async (library) => {
      const outdir = path.join(work, `${index}-${library}`);
      const run = await synth(library, file, outdir);
      if (run.status !== 0) throw new Error(`${library} synth of ${name} failed (exit ${run.status}):\n${run.output.slice(-3000)}`);
      if (!outputs.has(name)) outputs.set(name, new Map());
      outputs.get(name)!.set(library, readTree(outdir));
    });
  });
  await Promise.all(runs);
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the multi-tenant environment exercises moved and import blocks, roles, permissions and the pg backend", () => {
  const all = [...outputs.get("a multi-tenant environment")!.get("cdktf")!.values()].join("\n");
  for (const feature of ['"moved"', '"import"', '"vsphere_role"', '"vsphere_entity_permissions"', '"pg"', '"terraform_remote_state"']) {
    expect({ feature, found: all.includes(feature) }).toEqual({ feature, found: true });
  }
});

describe.each(Object.keys(ENVIRONMENTS))("%s on cdktf and on CDK Terrain", (name) => {
  const tree = (library: Library) => outputs.get(name)!.get(library)!;

  test("synthesises the same stacks and files", () => {
    const stacks = [...tree("cdktf").keys()].filter((file) => file.endsWith("cdk.tf.json"));
    expect(stacks.length).toBe(name.includes("multi") ? 13 : 9);
    expect([...tree("cdktn").keys()]).toEqual([...tree("cdktf").keys()]);
  });

  test("every file is identical but for the library version in the stack metadata and the manifest", () => {
    expect(VERSION.cdktf).not.toBe(VERSION.cdktn);
    const differing = [...tree("cdktf")].filter(
      ([file, content]) =>
        !isDeepStrictEqual(masked("cdktn", file, tree("cdktn").get(file) ?? "(missing)"), masked("cdktf", file, content)),
    );
    // The differing files, and the first one's difference in full.
    const [first] = differing;
    const cdktn = first && masked("cdktn", first[0], tree("cdktn").get(first[0]) ?? "(missing)");
    const cdktf = first && masked("cdktf", first[0], first[1]);
    expect({ differing: differing.map(([file]) => file), cdktn }).toEqual({ differing: [], cdktn: cdktf });
  });
});
