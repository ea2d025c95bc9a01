/**
 * The operator's path, for real: `cdktf deploy` of every stack of the default
 * environment into the vCenter simulator on 127.0.0.1, with the real engine and
 * the real vmware/vsphere 2.15.0 provider. Results are checked through the
 * simulator's vSphere API (`vcsim-rz inspect`), not through Terraform state.
 * The tests run in order and share one simulator.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import {
  cdktf,
  engine,
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

jest.setTimeout(45 * 60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Inventory = any;

const DEFAULT = parse(fs.readFileSync(path.join(ROOT, "config", "dithmarschen.yaml"), "utf8"));
const tenant = DEFAULT.tenants[0];
const DEPLOY = ["--auto-approve", "--skip-provider-lock"];

describeWithProvider("deploying the default environment into the vCenter simulator", () => {
  let tools: ToolEnv;
  let sim: Simulator;
  let workdir: string;
  let config: string;
  let outdir: string;
  let log: string;
  let before: Inventory;
  let deployed: Inventory;

  beforeAll(async () => {
    tools = toolEnv();
    workdir = makeWorkdir();
    log = path.join(workdir, "e2e.log");
    sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
    before = inspect(tools, sim);
    config = simulatorConfig(DEFAULT, sim, workdir);
    outdir = path.join(workdir, "cdktf.out");
  });

  afterAll(async () => {
    await sim?.stop();
    process.stdout.write(`e2e work directory (logs, state): ${workdir}\n`);
  });

  test("cdktf deploy creates every stack", async () => {
    const run = await cdktf(tools, config, outdir, ["deploy", "*", ...DEPLOY], log);
    expect({ status: run.status, tail: run.status === 0 ? "" : run.output.slice(-3000) }).toEqual({ status: 0, tail: "" });
    deployed = inspect(tools, sim);
  });

  test("a second plan of every stack reports no changes", () => {
    const changed = stackNames(outdir).filter((stack) => {
      const plan = engine(
        tools,
        config,
        path.join(outdir, "stacks", stack),
        ["plan", "-detailed-exitcode", "-input=false", "-lock=false", "-no-color"],
        log,
      );
      if (plan.status === 1) throw new Error(`plan of ${stack} failed:\n${plan.output.slice(-2000)}`);
      return plan.status !== 0;
    });
    expect(changed).toEqual([]);
  });

  test("every site has its desktops, named <code>-<site>-<nnn>, on its own port group", () => {
    for (const site of tenant.sites) {
      const portGroup = `pg-${tenant.code.toLowerCase()}-${site.id}`;
      const desktops = deployed.vms.filter((vm: Inventory) => vm.name.startsWith(`${tenant.code.toLowerCase()}-${site.id}-`));
      expect({ site: site.id, count: desktops.length }).toEqual({ site: site.id, count: site.workstations.count });
      const first = `${tenant.code.toLowerCase()}-${site.id}-001`;
      expect(desktops.map((vm: Inventory) => vm.name)).toContain(first);
      for (const vm of desktops) expect({ vm: vm.name, networks: vm.networks }).toEqual({ vm: vm.name, networks: [portGroup] });
    }
    const total = deployed.vms.filter((vm: Inventory) => vm.folder?.endsWith("/desktops")).length;
    expect(total).toBe(430);
  });

  test("port groups carry the configured VLANs and reject promiscuous mode, MAC changes and forged transmits", () => {
    const portGroups = new Map<string, Inventory>(
      deployed.dvSwitches.flatMap((s: Inventory) => s.portgroups.map((pg: Inventory) => [pg.name, pg])),
    );
    const expected = [
      ...DEFAULT.network.infrastructure.map((n: Inventory) => [`pg-${n.id}`, n.vlan]),
      ...tenant.sites.map((s: Inventory) => [`pg-${tenant.code.toLowerCase()}-${s.id}`, s.vlan]),
    ];
    for (const [name, vlan] of expected) {
      const pg = portGroups.get(name);
      expect({ name, vlanId: pg?.vlanId, promiscuous: pg?.allowPromiscuous, mac: pg?.macChanges, forged: pg?.forgedTransmits }).toEqual({
        name,
        vlanId: vlan,
        promiscuous: false,
        mac: false,
        forged: false,
      });
    }
  });

  test("clusters run HA with admission control and DRS, with their hosts in lockdown", () => {
    for (const cluster of DEFAULT.clusters) {
      const found = deployed.clusters.find((c: Inventory) => c.name === cluster.id);
      expect(found).toMatchObject({ haEnabled: true, admissionControlEnabled: true, drsEnabled: true });
      expect([...found.hosts].sort()).toEqual(cluster.hosts.map((h: Inventory) => h.name).sort());
    }
    for (const host of deployed.hosts)
      expect({ host: host.name, lockdown: host.lockdownMode }).toEqual({ host: host.name, lockdown: "lockdownNormal" });
  });

  test("desktops carry tenant, site, wave, role and image-version tags", () => {
    const attachedTo = (tag: string) =>
      new Set((deployed.tags.find((t: Inventory) => t.name === tag)?.attached ?? []).map((a: Inventory) => a.name as string));
    const site = tenant.sites[0];
    const first = `${tenant.code.toLowerCase()}-${site.id}-001`;
    const image = DEFAULT.images.find((i: Inventory) => i.id === site.workstations.image);
    for (const tag of [tenant.id, `${tenant.id}/${site.id}`, `wave-${site.workstations.wave}`, "desktop", `${image.id}@${image.version}`]) {
      expect({ tag, attached: attachedTo(tag).has(first) }).toEqual({ tag, attached: true });
    }
    expect(attachedTo("server").size).toBe(tenant.workloads.length);
  });

  test("moving a workload from the Kreishaus cluster to the data-centre cluster is an in-place update, and applies", async () => {
    const workload = tenant.workloads.find((w: Inventory) => w.cluster === "kreishaus-cluster");
    const target = DEFAULT.clusters.find((c: Inventory) => c.location === "rechenzentrum").id;
    const moved = structuredClone(DEFAULT);
    moved.tenants[0].workloads.find((w: Inventory) => w.id === workload.id).cluster = target;
    config = simulatorConfig(moved, sim, workdir);
    const synth = await cdktf(tools, config, outdir, ["synth"], log);
    expect(synth.status).toBe(0);

    const stackDir = path.join(outdir, "stacks", `tenant-${tenant.id}`);
    const plan = engine(tools, config, stackDir, ["plan", "-input=false", "-lock=false", "-no-color", "-out=relocate.plan"], log);
    expect(plan.status).toBe(0);
    const show = engine(tools, config, stackDir, ["show", "-json", "relocate.plan"], log);
    const changes = JSON.parse(show.output).resource_changes as Inventory[];
    const vm = changes.find((c) => c.address === `vsphere_virtual_machine.workloads_${workload.id}_vm`);
    expect(vm.change.actions).toEqual(["update"]);
    expect(changes.filter((c) => c.type === "vsphere_virtual_machine" && c.change.actions.includes("delete"))).toEqual([]);

    const apply = await cdktf(
      tools,
      config,
      outdir,
      ["deploy", `tenant-${tenant.id}`, "--ignore-missing-stack-dependencies", ...DEPLOY],
      log,
    );
    expect({ status: apply.status, tail: apply.status === 0 ? "" : apply.output.slice(-3000) }).toEqual({ status: 0, tail: "" });
    const after = inspect(tools, sim).vms.find((v: Inventory) => v.name === `${tenant.code.toLowerCase()}-app-${workload.id}`);
    expect(after.cluster).toBe(target);
    const plan2 = engine(tools, config, stackDir, ["plan", "-detailed-exitcode", "-input=false", "-lock=false", "-no-color"], log);
    expect(plan2.status).toBe(0);
  });

  test("renaming a workload plans as a move: nothing is created or destroyed", async () => {
    const renamed = structuredClone(DEFAULT);
    const workload = renamed.tenants[0].workloads.find((w: Inventory) => w.cluster === "kreishaus-cluster");
    workload.cluster = DEFAULT.clusters.find((c: Inventory) => c.location === "rechenzentrum").id; // as deployed by the relocation test
    workload.renamedFrom = workload.id;
    workload.id = `${workload.id}-neu`;
    config = simulatorConfig(renamed, sim, workdir);
    expect((await cdktf(tools, config, outdir, ["synth"], log)).status).toBe(0);
    const stackDir = path.join(outdir, "stacks", `tenant-${tenant.id}`);
    expect(engine(tools, config, stackDir, ["plan", "-input=false", "-lock=false", "-no-color", "-out=rename.plan"], log).status).toBe(0);
    const changes = JSON.parse(engine(tools, config, stackDir, ["show", "-json", "rename.plan"], log).output)
      .resource_changes as Inventory[];
    const vm = changes.find((c) => c.address === `vsphere_virtual_machine.workloads_${workload.id}_vm`);
    expect(vm.previous_address).toBe(`vsphere_virtual_machine.workloads_${workload.renamedFrom}_vm`);
    expect(vm.change.actions).toEqual(["update"]); // the VM name follows the id; moved, not replaced
    expect(changes.filter((c) => c.change.actions.includes("create") || c.change.actions.includes("delete"))).toEqual([]);
  });

  test("cdktf destroy removes everything and leaves the simulator as it started", async () => {
    const run = await cdktf(tools, config, outdir, ["destroy", "*", ...DEPLOY], log);
    expect({ status: run.status, tail: run.status === 0 ? "" : run.output.slice(-3000) }).toEqual({ status: 0, tail: "" });
    expect(inspect(tools, sim)).toEqual(before);
  });
});
