/**
 * Moves and imports are what they are, never a failure (#14): `npm run drift`
 * on a real plan of the engine that only moves a resource, and on one that
 * only imports one, exits 2 ("undeployed changes") and lists them as a move
 * and an import, in the Markdown report and in `--json`.
 *
 * The stacks are written by hand (a datacenter and a folder in the
 * simulator), so the plans hold nothing but the move or the import: a
 * synthesised environment's rename also changes the VM name, and an adopted
 * one also updates attributes the provider does not read back.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { engine, makeWorkdir, runScript, Simulator, startSimulator, ToolEnv, toolEnv } from "../../runtime/harness";
import { describeWithProvider } from "./provider";

jest.setTimeout(5 * 60_000);

const DATACENTER = "rz-moves";
const FOLDER = "rz-folder";

describeWithProvider("npm run drift on a plan that only moves or only imports", () => {
  let tools: ToolEnv;
  let sim: Simulator;
  let workdir: string;
  let outdir: string;
  let log: string;

  /** A stack of the hand-written kind: the simulator as provider, credentials from TF_VAR_*. */
  const stack = (resource: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    terraform: { required_providers: { vsphere: { source: "vmware/vsphere", version: "2.15.0" } } },
    variable: { vsphere_user: { type: "string" }, vsphere_password: { type: "string", sensitive: true } },
    provider: {
      vsphere: [
        {
          user: "${var.vsphere_user}",
          password: "${var.vsphere_password}",
          vsphere_server: sim.server,
          allow_unverified_ssl: true,
        },
      ],
    },
    resource,
    ...extra,
  });
  const folder = (datacenter: string) => ({ path: FOLDER, type: "vm", datacenter_id: `\${vsphere_datacenter.${datacenter}.moid}` });
  const write = (name: string, json: unknown) => {
    fs.mkdirSync(path.join(outdir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(json, null, 2));
  };
  const run = (name: string, args: string[]) => {
    const result = engine(tools, "", path.join(outdir, "stacks", name), args, log);
    expect({ args, status: result.status, output: result.status === 0 ? "" : result.output.slice(-2000) }).toEqual({
      args,
      status: 0,
      output: "",
    });
  };
  const drift = (globs: string[]) =>
    runScript(
      tools,
      path.join(workdir, "environment.yaml"),
      path.join("scripts", "drift.ts"),
      ["--skip-synth", "--json", "--out", path.join(workdir, "drift-report.md"), ...globs],
      log,
      {
        RZ_OUTDIR: outdir,
      },
    );

  beforeAll(async () => {
    tools = toolEnv();
    workdir = makeWorkdir();
    outdir = path.join(workdir, "cdktf.out");
    log = path.join(workdir, "moves-imports.log");
    fs.writeFileSync(path.join(workdir, "environment.yaml"), "# hand-written stacks: only the report title reads this file\n");
    sim = await startSimulator(tools, log);
    write("moves", stack({ vsphere_datacenter: { original: { name: DATACENTER } }, vsphere_folder: { servers: folder("original") } }));
    run("moves", ["init", "-input=false", "-no-color"]);
    run("moves", ["apply", "-auto-approve", "-input=false", "-no-color"]);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  test("a move-only plan: exit 2, the move listed, nothing created, changed or destroyed", () => {
    write(
      "moves",
      stack(
        { vsphere_datacenter: { renamed: { name: DATACENTER } }, vsphere_folder: { servers: folder("renamed") } },
        { moved: [{ from: "vsphere_datacenter.original", to: "vsphere_datacenter.renamed" }] },
      ),
    );
    const result = drift(["moves"]);
    expect({ status: result.status, stderr: result.status === 2 ? "" : result.stderr.slice(-2000) }).toEqual({ status: 2, stderr: "" });
    const document = JSON.parse(result.stdout);
    expect(document.drift).toEqual([]);
    expect(document.plan.summary).toEqual([{ stack: "moves", create: 0, update: 0, replace: 0, delete: 0, import: 0, move: 1 }]);
    expect(document.plan.changes.map((c: { address: string; movedFrom?: string }) => [c.address, c.movedFrom])).toEqual([
      ["vsphere_datacenter.renamed", "vsphere_datacenter.original"],
    ]);
    expect(result.stderr).toContain("1 planned change(s) (1 move(s), 0 import(s))");
    const markdown = fs.readFileSync(path.join(workdir, "drift-report.md"), "utf8");
    expect(markdown).toContain("- move `moves/vsphere_datacenter.original` → `moves/vsphere_datacenter.renamed`");
    expect(markdown).toContain("No resource was changed outside code.");
  });

  test("an import-only plan: exit 2, the import listed with its id, nothing created, changed or destroyed", () => {
    write(
      "imports",
      stack(
        { vsphere_datacenter: { adopted: { name: DATACENTER } }, vsphere_folder: { servers: folder("adopted") } },
        {
          import: [
            { to: "vsphere_datacenter.adopted", id: `/${DATACENTER}` },
            { to: "vsphere_folder.servers", id: `/${DATACENTER}/vm/${FOLDER}` },
          ],
        },
      ),
    );
    run("imports", ["init", "-input=false", "-no-color"]);
    const result = drift(["imports"]);
    expect({ status: result.status, stderr: result.status === 2 ? "" : result.stderr.slice(-2000) }).toEqual({ status: 2, stderr: "" });
    const document = JSON.parse(result.stdout);
    expect(document.drift).toEqual([]);
    expect(document.plan.summary).toEqual([{ stack: "imports", create: 0, update: 0, replace: 0, delete: 0, import: 2, move: 0 }]);
    expect(document.plan.changes.map((c: { address: string; importId?: string }) => [c.address, c.importId]).sort()).toEqual([
      ["vsphere_datacenter.adopted", `/${DATACENTER}`],
      ["vsphere_folder.servers", `/${DATACENTER}/vm/${FOLDER}`],
    ]);
    expect(result.stderr).toContain("2 planned change(s) (0 move(s), 2 import(s))");
    const markdown = fs.readFileSync(path.join(workdir, "drift-report.md"), "utf8");
    expect(markdown).toContain(`- import \`imports/vsphere_folder.servers\` from \`/${DATACENTER}/vm/${FOLDER}\``);
  });
});
