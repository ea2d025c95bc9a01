/** Shared helpers: environment files as plain objects, parsed like a real file. */
import "cdktf/lib/testing/adapters/jest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { parse, stringify } from "yaml";
import { DEFAULT_CONFIG, parseEnvironment } from "../config/load";
import { ConfigError } from "../config/problems";
import { Environment } from "../config/schema";
import { addCompliancePack } from "../compliance/pack";
import { buildEnvironment, EnvironmentStacks } from "../stacks/environment";

export const ROOT = path.resolve(__dirname, "..");

/** The default environment file as a mutable plain object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function defaultDocument(): any {
  return parse(fs.readFileSync(path.join(ROOT, DEFAULT_CONFIG), "utf8"));
}

/** A small but complete environment: one cluster, one tenant, two sites. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function smallDocument(): any {
  return {
    environment: "test",
    vcenter: { server: "vcenter.lab.example" },
    datacenter: "LAB",
    clusters: [
      {
        id: "lab-cluster",
        location: "rechenzentrum",
        hosts: [
          { name: "esx-01.lab.example", cpuCores: 16, memoryGiB: 256 },
          { name: "esx-02.lab.example", cpuCores: 16, memoryGiB: 256 },
        ],
      },
    ],
    network: {
      switch: { name: "dvs-lab", uplinks: ["uplink1", "uplink2"] },
      infrastructure: [
        { id: "management", vlan: 10, cidr: "10.0.0.0/24" },
        { id: "servers", vlan: 20, cidr: "10.0.20.0/24" },
      ],
    },
    images: [{ id: "standard", displayName: "Standard", os: "windows11", version: "1.0", cpus: 2, memoryGiB: 4, diskGiB: 60 }],
    tenants: [
      {
        id: "gemeinde-a",
        name: "Gemeinde A",
        code: "GA",
        sites: [
          { id: "rathaus", town: "A-Dorf", vlan: 100, cidr: "10.1.0.0/24", linkMbps: 100, workstations: { count: 3, image: "standard" } },
          {
            id: "bauhof",
            town: "A-Dorf",
            vlan: 101,
            cidr: "10.1.1.0/24",
            linkMbps: 50,
            workstations: { count: 2, image: "standard", wave: 2 },
          },
        ],
        workloads: [{ id: "kasse", cpus: 2, memoryGiB: 8, diskGiB: 80, cluster: "lab-cluster", network: "servers" }],
      },
    ],
  };
}

/**
 * The default environment with a second municipality onboarded: Amt
 * Marne-Nordsee (code MN) with three sites on its own VLANs and subnets, two
 * more data-centre hosts and its own image.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function twoTenantDocument(): any {
  const doc = defaultDocument();
  doc.clusters[0].hosts.push(
    { name: "esx-rz-07.rz-nord.dataport.example", cpuCores: 64, memoryGiB: 1536 },
    { name: "esx-rz-08.rz-nord.dataport.example", cpuCores: 64, memoryGiB: 1536 },
  );
  doc.images.push({
    id: "amt-standard",
    displayName: "Amt Standard",
    os: "windows11",
    version: "2026.11",
    cpus: 2,
    memoryGiB: 8,
    diskGiB: 80,
  });
  // A price list must price every image a site uses.
  if (doc.prices) doc.prices.desktopEurPerYear["amt-standard"] = doc.prices.desktopEurPerYear["verwaltung-standard"];
  const site = (id: string, town: string, vlan: number, count: number, linkMbps: number) => ({
    id,
    town,
    vlan,
    cidr: `10.62.${vlan - 200}.0/24`,
    linkMbps,
    workstations: { count, image: "amt-standard", wave: 4 },
  });
  doc.tenants.push({
    id: "amt-marne-nordsee",
    name: "Amt Marne-Nordsee",
    code: "MN",
    resources: { cpuReservationMhz: 20000, memoryReservationGiB: 256, memoryLimitGiB: 1024 },
    sites: [
      site("marne-1", "Marne", 210, 40, 300),
      site("marne-2", "Marne", 211, 25, 200),
      site("friedrichskoog", "Friedrichskoog", 212, 15, 100),
    ],
    workloads: [],
  });
  return doc;
}

export const FILE = "config/test.yaml";

/** Parse a document the way main.ts parses a file. */
export function envFrom(doc: unknown): Environment {
  return parseEnvironment(stringify(doc), FILE);
}

/** The problem lines a document produces (empty when it is valid). */
export function problemsOf(doc: unknown): string[] {
  try {
    envFrom(doc);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split("\n");
    throw error;
  }
}

/** Build all stacks of an environment into a fresh test app. */
export function buildApp(env: Environment, outdir?: string): { app: App; stacks: EnvironmentStacks } {
  // A fixed outdir keeps the relative state paths in snapshots stable.
  const app = outdir ? new App({ outdir }) : Testing.app({ outdir: path.join(ROOT, "cdktf.out") });
  const stacks = buildEnvironment(app, env, { projectRoot: ROOT });
  addCompliancePack(app, env);
  return { app, stacks };
}

/**
 * A stack's JSON as `Testing.synth` gives it, once every stack of its app is
 * prepared as `App.synth` prepares them (cross-stack references become
 * outputs and remote-state reads), so it shows what `npm run synth` writes.
 */
export function synthStack(stack: TerraformStack): string {
  for (const s of App.of(stack).node.children) if (TerraformStack.isStack(s)) s.prepareStack();
  return Testing.synth(stack);
}

/** Synthesise an environment (or the stacks matching `stacks`) into a temporary directory; returns the directory. */
export function synthToDir(env: Environment, stacks?: readonly string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rz-synth-"));
  const app = new App({ outdir: path.join(dir, "cdktf.out") });
  buildEnvironment(app, env, { projectRoot: ROOT, stacks });
  addCompliancePack(app, env);
  app.synth();
  return path.join(dir, "cdktf.out");
}

/** Every file below a directory, relative path → content. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return files;
}

/** Parsed cdk.tf.json of one stack from a synthesised directory. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function stackJson(outdir: string, stack: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

/** The one resource of a type in a synthesised scope (logical ids there are cdktf's hashed ones). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function onlyResource(synthesized: string, type: string, nameIncludes = ""): any {
  const matches = Object.entries(JSON.parse(synthesized).resource?.[type] ?? {}).filter(([name]) => name.includes(nameIncludes));
  if (matches.length !== 1) throw new Error(`expected one ${type} matching "${nameIncludes}", found ${matches.length}`);
  return matches[0][1];
}
