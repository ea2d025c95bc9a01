/**
 * A small copy of the default environment, deployed into the vCenter simulator
 * and stepped through the county's phases as an operator steps it:
 *
 * - migration: the cursor `migration.completedWaves` goes 0 → 1 → 2, each step
 *   relocating exactly that wave's workloads from the Kreishaus cluster to the
 *   data centre, in place;
 * - image rollout: a new image version reaches the pilot wave, then wave 2,
 *   each step re-cloning only that wave's desktops;
 * - tenant access: each tenant's admin group gets its own role and
 *   permissions on that tenant's objects only, and loses them when the
 *   environment goes (a neighbouring tenant being onboarded, with nothing
 *   but its folders yet, shares the vCenter).
 *
 * Every step synthesises (in-process, as main.ts does: `cdktf synth` itself is
 * covered by deploy.test.ts and costs some 15 s a run), then plans (`plan -out`), reads the plan
 * (`show -json`) and applies that saved plan stack by stack in dependency order
 * (platform; network and images; tenants; sites), as `cdktf deploy` does, so a
 * stack is planned against what the stacks it reads from have just applied;
 * stacks of one rank, which do not read from each other, side by side.
 * Expected changes are computed from the configuration; results are checked
 * through the simulator's vSphere API (`vcsim-rz inspect`). The tests run in
 * order and share one simulator.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { parse } from "yaml";
import { loadEnvironment } from "../../config/load";
import { buildEnvironment } from "../../stacks/environment";
import { installProviderLock } from "../../runtime/provider-lock";
import {
  engineAsync,
  inspect,
  makeWorkdir,
  ROOT,
  Simulator,
  simulatorConfig,
  startSimulator,
  stackNames,
  toolEnv,
  ToolEnv,
} from "../../runtime/harness";
import { describeWithProvider } from "./provider";

jest.setTimeout(15 * 60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Inventory = any;

const DESKTOPS_PER_SITE = 2;
const ADMIN_GROUP = "DITHMARSCHEN\\vsphere-desktop-admins";
const NEIGHBOUR = {
  id: "amt-buesum-wesselburen",
  name: "Amt Büsum-Wesselburen",
  code: "BW",
  adminGroup: "BUESUM-WESSELBUREN\\vsphere-desktop-admins",
  sites: [],
  workloads: [],
};
const NEW_VERSION = "2026.12";

/**
 * The default environment cut down to what the phases need: two hosts per
 * cluster (HA still tolerates one down), the first site of every rollout wave
 * with a few desktops each, all workloads, the tenant's admin group, a
 * neighbouring tenant with only its admin group, and the migration cursor at
 * stabilisation (0).
 */
function smallEnvironment(): Doc {
  const doc = parse(fs.readFileSync(path.join(ROOT, "config", "dithmarschen.yaml"), "utf8"));
  for (const cluster of doc.clusters) cluster.hosts = cluster.hosts.slice(0, 2);
  const tenant = doc.tenants[0];
  const waves = [...new Set<number>(tenant.sites.map((s: Doc) => s.workstations.wave))].sort((a, b) => a - b);
  tenant.sites = waves.map((wave) => tenant.sites.find((s: Doc) => s.workstations.wave === wave));
  for (const site of tenant.sites) site.workstations.count = DESKTOPS_PER_SITE;
  tenant.adminGroup = ADMIN_GROUP;
  doc.tenants.push(NEIGHBOUR);
  doc.migration = { completedWaves: 0 };
  doc.rollout = [];
  return doc;
}

const SMALL = smallEnvironment();
const TENANT = SMALL.tenants[0];
const TENANT_STACK = `tenant-${TENANT.id}`;
const NEIGHBOUR_STACK = `tenant-${NEIGHBOUR.id}`;
const DATACENTRE_CLUSTER = SMALL.clusters.find((c: Doc) => c.location === "rechenzentrum").id;
const siteStack = (site: Doc) => `site-${TENANT.id}-${site.id}`;
const siteOfWave = (wave: number): Doc => TENANT.sites.find((s: Doc) => s.workstations.wave === wave);
const vmName = (workload: Doc) => `${TENANT.code.toLowerCase()}-app-${workload.id}`;
const tenantPool = (cluster: string) => `/${SMALL.datacenter}/host/${cluster}/Resources/rp-${TENANT.id}`;
const desktopsOf = (inventory: Inventory, site: Doc): Inventory[] =>
  inventory.vms.filter((vm: Inventory) => vm.name.startsWith(`${TENANT.code.toLowerCase()}-${site.id}-`));
const idsByName = (vms: Inventory[]) => Object.fromEntries(vms.map((vm) => [vm.name, vm.id]));
const workloadsOfWave = (wave: number): Doc[] => TENANT.workloads.filter((w: Doc) => w.migrateFrom && w.migrateInWave === wave);

/** The document at a migration cursor and with rollout entries. */
function at(completedWaves: number, rollout: Doc[] = []): Doc {
  const doc = structuredClone(SMALL);
  doc.migration = { completedWaves };
  doc.rollout = rollout;
  return doc;
}

/** `<image>@<version>` of every version some site runs or a server is cloned from (its image, else the first of its os). */
function versionsInUse(doc: Doc): Set<string> {
  const version = (site: Doc) =>
    doc.rollout.find((r: Doc) => r.wave === site.workstations.wave && r.image === site.workstations.image)?.version ??
    doc.images.find((i: Doc) => i.id === site.workstations.image).version;
  const serverImage = (w: Doc) =>
    w.image ? doc.images.find((i: Doc) => i.id === w.image) : doc.images.find((i: Doc) => i.os === (w.os ?? "windows2022srv"));
  return new Set([
    ...doc.tenants.flatMap((t: Doc) => t.sites.map((s: Doc) => `${s.workstations.image}@${version(s)}`)),
    ...doc.tenants.flatMap((t: Doc) =>
      t.workloads.flatMap((w: Doc) => (serverImage(w) ? [`${serverImage(w).id}@${serverImage(w).version}`] : [])),
    ),
  ]);
}

/** Logical id part of an image version: `verwaltung-power@2026.12` → `images_verwaltung-power_2026-12`. */
const imageAddress = (imageAtVersion: string) => `images_${imageAtVersion.replace("@", "_").replace(/\./g, "-")}`;

interface Change {
  readonly stack: string;
  readonly address: string;
  readonly actions: string;
}

const REPLACE = "delete,create";
const byStackAndAddress = (a: Change, b: Change) => `${a.stack} ${a.address}`.localeCompare(`${b.stack} ${b.address}`);

/** Stacks in the order `cdktf deploy` applies them, in ranks: a stack reads only from stacks of earlier ranks. */
function dependencyRanks(stacks: string[]): string[][] {
  const rank = (s: string) => (s === "platform" ? 0 : s === "network" || s === "images" ? 1 : s.startsWith("tenant-") ? 2 : 3);
  return [0, 1, 2, 3].map((r) => stacks.filter((s) => rank(s) === r));
}

/** Run jobs side by side; throws the first failure once all have ended. */
async function allOf<T>(jobs: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

describeWithProvider("stepping a small environment through migration and rollout phases in the vCenter simulator", () => {
  let tools: ToolEnv;
  let sim: Simulator;
  let workdir: string;
  let outdir: string;
  let log: string;
  let empty: Inventory;
  let current: Inventory;

  /** Synthesise `doc`, then plan, show and apply every stack in dependency order; the planned changes. */
  async function deploy(doc: Doc): Promise<Change[]> {
    const config = simulatorConfig(doc, sim, workdir);
    const app = new App({ outdir });
    buildEnvironment(app, loadEnvironment(config), { projectRoot: ROOT });
    app.synth();
    installProviderLock(tools.RZ_PROVIDER_LOCK, outdir);
    const changes: Change[] = [];
    for (const rank of dependencyRanks(stackNames(outdir))) {
      for (const planned of await allOf(rank.map((stack) => deployStack(config, stack)))) changes.push(...planned);
    }
    return changes.sort(byStackAndAddress);
  }

  async function deployStack(config: string, stack: string): Promise<Change[]> {
    const dir = path.join(outdir, "stacks", stack);
    const run = async (args: string[]) => {
      const result = await engineAsync(tools, config, dir, args, log);
      if (result.status === 1 || result.status === null) throw new Error(`${stack}: ${args[0]} failed:\n${result.output.slice(-3000)}`);
      return result;
    };
    if (!fs.existsSync(path.join(dir, ".terraform"))) await run(["init", "-input=false", "-no-color"]);
    const plan = await run(["plan", "-input=false", "-lock=false", "-no-color", "-detailed-exitcode", "-out=step.plan"]);
    const shown = JSON.parse((await run(["show", "-json", "step.plan"])).output);
    const changes: Change[] = [];
    for (const c of shown.resource_changes ?? []) {
      const actions = c.change.actions.join(",");
      if (actions !== "no-op" && actions !== "read") changes.push({ stack, address: c.address, actions });
    }
    if (plan.status === 2) await run(["apply", "-input=false", "-no-color", "step.plan"]);
    return changes;
  }

  beforeAll(async () => {
    tools = toolEnv();
    workdir = makeWorkdir();
    log = path.join(workdir, "e2e.log");
    outdir = path.join(workdir, "cdktf.out");
    sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
    empty = inspect(tools, sim);
  });

  afterAll(async () => {
    await sim?.stop();
    process.stdout.write(`e2e work directory (logs, state): ${workdir}\n`);
  });

  test("the small environment deploys in the stabilisation phase: every workload on the Kreishaus cluster", async () => {
    const changes = await deploy(at(0));
    expect(changes.filter((c) => c.actions !== "create")).toEqual([]);
    expect(new Set(changes.map((c) => c.stack))).toEqual(
      new Set(["platform", "network", "images", TENANT_STACK, NEIGHBOUR_STACK, ...TENANT.sites.map(siteStack)]),
    );
    current = inspect(tools, sim);
    for (const workload of TENANT.workloads) {
      const vm = current.vms.find((v: Inventory) => v.name === vmName(workload));
      const cluster = workload.migrateFrom ?? workload.cluster;
      expect({ vm: vm?.name, cluster: vm?.cluster, pool: vm?.resourcePool }).toEqual({
        vm: vmName(workload),
        cluster,
        pool: tenantPool(cluster),
      });
    }
    for (const site of TENANT.sites) expect(desktopsOf(current, site)).toHaveLength(DESKTOPS_PER_SITE);
  });

  describe("tenant access (adminGroup)", () => {
    const roleOf = (tenant: Doc) => `rz-${tenant.id}-desktop-operator`;
    const clustersOf = (tenant: Doc): string[] =>
      [
        ...new Set<string>([
          ...tenant.sites.map((s: Doc) => s.cluster ?? DATACENTRE_CLUSTER),
          ...tenant.workloads.flatMap((w: Doc) => [w.cluster, w.migrateFrom ?? w.cluster]),
        ]),
      ].sort();

    test("each tenant has a role of its own, granting exactly console and power operations", () => {
      expect(current.roles.map((r: Inventory) => r.name).sort()).toEqual([roleOf(TENANT), roleOf(NEIGHBOUR)].sort());
      expect(new Set(current.roles.map((r: Inventory) => r.id)).size).toBe(2);
      for (const role of current.roles) {
        // vCenter adds System.Anonymous, System.Read and System.View to every role.
        expect({ role: role.name, privileges: role.privileges.filter((p: string) => !p.startsWith("System.")) }).toEqual({
          role: role.name,
          privileges: [
            "VirtualMachine.Interact.ConsoleInteract",
            "VirtualMachine.Interact.PowerOff",
            "VirtualMachine.Interact.PowerOn",
            "VirtualMachine.Interact.Reset",
            "VirtualMachine.Interact.Suspend",
          ],
        });
      }
    });

    test.each([TENANT, NEIGHBOUR])(
      "the admin group of $id holds its role on its desktop folder, read-only on its other folders and pools, nothing elsewhere",
      (tenant: Doc) => {
        const folder = `/${SMALL.datacenter}/vm/${tenant.id}`;
        const grant = (entity: string, entityType: string, role: string) => ({
          entity,
          entityType,
          principal: tenant.adminGroup,
          group: true,
          propagate: true,
          role,
        });
        expect(current.permissions.filter((p: Inventory) => p.principal === tenant.adminGroup)).toEqual(
          [
            grant(folder, "Folder", "ReadOnly"),
            grant(`${folder}/desktops`, "Folder", roleOf(tenant)),
            grant(`${folder}/servers`, "Folder", "ReadOnly"),
            ...clustersOf(tenant).map((cluster) =>
              grant(`/${SMALL.datacenter}/host/${cluster}/Resources/rp-${tenant.id}`, "ResourcePool", "ReadOnly"),
            ),
          ].sort((a, b) => a.entity.localeCompare(b.entity)),
        );
      },
    );

    test("the simulator's own permissions are untouched", () => {
      const tenantGroups = [TENANT.adminGroup, NEIGHBOUR.adminGroup];
      expect(current.permissions.filter((p: Inventory) => !tenantGroups.includes(p.principal))).toEqual(empty.permissions);
    });
  });

  describe("migration phases", () => {
    test.each([1, 2])("completing migration wave %d relocates exactly that wave's workloads to the data centre, in place", async (wave) => {
      const before = current;
      const moving = workloadsOfWave(wave);
      expect(moving.length).toBeGreaterThan(0);

      const changes = await deploy(at(wave));

      // The VMs move in place; their HA overrides and anti-affinity rules belong to a cluster and follow them.
      const groups = [...new Set(moving.flatMap((w) => (w.antiAffinityGroup ? [w.antiAffinityGroup] : [])))];
      expect(changes).toEqual(
        [
          ...moving.flatMap((w) => [
            { stack: TENANT_STACK, address: `vsphere_virtual_machine.workloads_${w.id}_vm`, actions: "update" },
            { stack: TENANT_STACK, address: `vsphere_ha_vm_override.workloads_${w.id}_ha-override`, actions: REPLACE },
          ]),
          ...groups.map((g) => ({
            stack: TENANT_STACK,
            address: `vsphere_compute_cluster_vm_anti_affinity_rule.anti-affinity_${g}`,
            actions: REPLACE,
          })),
        ].sort(byStackAndAddress),
      );
      expect(changes.filter((c) => c.address.startsWith("vsphere_virtual_machine.") && c.actions.includes("delete"))).toEqual([]);

      current = inspect(tools, sim);
      expect(idsByName(current.vms)).toEqual(idsByName(before.vms)); // nothing re-created
      for (const workload of TENANT.workloads) {
        const was = before.vms.find((v: Inventory) => v.name === vmName(workload));
        const now = current.vms.find((v: Inventory) => v.name === vmName(workload));
        const expected = moving.includes(workload)
          ? { cluster: DATACENTRE_CLUSTER, resourcePool: tenantPool(DATACENTRE_CLUSTER) }
          : { cluster: was.cluster, resourcePool: was.resourcePool };
        expect({ vm: now.name, cluster: now.cluster, resourcePool: now.resourcePool }).toEqual({ vm: vmName(workload), ...expected });
      }
    });
  });

  describe("image rollout waves", () => {
    const rollouts: Doc[] = [];

    test.each([1, 2])(`rolling out ${NEW_VERSION} to wave %d re-clones only that wave's desktops`, async (wave) => {
      const before = current;
      const site = siteOfWave(wave);
      const image = site.workstations.image;
      const previous = at(2, [...rollouts]);
      rollouts.push({ wave, image, version: NEW_VERSION });
      const next = at(2, [...rollouts]);
      const recloned = TENANT.sites.filter((s: Doc) => s.workstations.wave === wave && s.workstations.image === image);

      const changes = await deploy(next);

      const gone = [...versionsInUse(previous)].filter((v) => !versionsInUse(next).has(v));
      const added = [...versionsInUse(next)].filter((v) => !versionsInUse(previous).has(v));
      expect(added).toEqual([`${image}@${NEW_VERSION}`]);
      const library = (versions: string[], actions: string) =>
        versions.flatMap((v) => [
          { stack: "images", address: `vsphere_content_library_item.${imageAddress(v)}_item`, actions },
          { stack: "images", address: `vsphere_tag.${imageAddress(v)}_version-tag`, actions },
        ]);
      const desktops = recloned.flatMap((s: Doc) => [
        { stack: siteStack(s), address: "terraform_data.desktops_image-pin", actions: REPLACE },
        ...Array.from({ length: s.workstations.count }, (_, i) => ({
          stack: siteStack(s),
          address: `vsphere_virtual_machine.desktops[${i}]`,
          actions: REPLACE,
        })),
      ]);
      expect(changes).toEqual([...library(added, "create"), ...library(gone, "delete"), ...desktops].sort(byStackAndAddress));

      current = inspect(tools, sim);
      for (const s of TENANT.sites) {
        const was = idsByName(desktopsOf(before, s));
        const now = idsByName(desktopsOf(current, s));
        expect(Object.keys(now).sort()).toEqual(Object.keys(was).sort());
        const unchanged = Object.keys(now).filter((name) => now[name] === was[name]);
        expect({ site: s.id, unchanged: unchanged.length }).toEqual({
          site: s.id,
          unchanged: recloned.includes(s) ? 0 : DESKTOPS_PER_SITE,
        });
      }
      for (const vm of recloned.flatMap((s: Doc) => desktopsOf(current, s))) expect(vm.tags).toContain(`${image}@${NEW_VERSION}`);
      const items = current.contentLibraries.flatMap((l: Inventory) => l.items).sort();
      expect(items).toEqual([...versionsInUse(next)].map((v) => v.replace("@", "-")).sort());
    });
  });

  test("destroying every stack removes the roles and permissions and leaves the simulator as it started", async () => {
    for (const rank of dependencyRanks(stackNames(outdir)).reverse()) {
      const destroyed = await allOf(
        rank.map(async (stack) => {
          const dir = path.join(outdir, "stacks", stack);
          const run = await engineAsync(tools, "", dir, ["destroy", "-auto-approve", "-input=false", "-lock=false", "-no-color"], log);
          return { stack, status: run.status, tail: run.status === 0 ? "" : run.output.slice(-3000) };
        }),
      );
      expect(destroyed).toEqual(rank.map((stack) => ({ stack, status: 0, tail: "" })));
    }
    expect(inspect(tools, sim)).toEqual(empty);
  });
});
