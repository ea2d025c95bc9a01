/**
 * Servers carry their network identity: a small copy of the default
 * environment (its servers network, a Windows and a Linux server, no sites)
 * is deployed into the vCenter simulator; the customisation each server got is
 * read back through the simulator's vSphere API (`vcsim-rz inspect`, the
 * guest's host name, address and DNS). Then a re-addressing plans as no
 * change at all, and, with the `ignore_changes` taken out of the synthesised
 * stack, the provider would replace the server: the reason it is there.
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
  toolEnv,
  ToolEnv,
} from "../../runtime/harness";
import { describeWithProvider } from "./provider";

jest.setTimeout(20 * 60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

function smallEnvironment(): Doc {
  const doc = parse(fs.readFileSync(path.join(ROOT, "config", "dithmarschen.yaml"), "utf8"));
  doc.clusters = doc.clusters.map((c: Doc) => ({ ...c, hosts: c.hosts.slice(0, 2) }));
  doc.images = doc.images.filter((i: Doc) => i.id.startsWith("server-"));
  delete doc.prices; // its desktop prices name the desktop images left out (costs are not what this test is about)
  const tenant = doc.tenants[0];
  tenant.sites = [];
  tenant.workloads = tenant.workloads.filter((w: Doc) => ["finanzwesen", "bauamt"].includes(w.id));
  return doc;
}

describeWithProvider("server addresses in the vCenter simulator", () => {
  const doc = smallEnvironment();
  const stack = `tenant-${doc.tenants[0].id}`;
  let tools: ToolEnv;
  let sim: Simulator;
  let workdir: string;
  let config: string;
  let outdir: string;
  let log: string;
  const plan = (args: string[] = []) =>
    engine(tools, config, path.join(outdir, "stacks", stack), ["plan", "-input=false", "-lock=false", "-no-color", ...args], log);

  beforeAll(async () => {
    tools = toolEnv();
    workdir = makeWorkdir();
    log = path.join(workdir, "e2e.log");
    sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
    config = simulatorConfig(doc, sim, workdir);
    outdir = path.join(workdir, "cdktf.out");
  });

  afterAll(async () => {
    await sim?.stop();
    process.stdout.write(`e2e work directory (logs, state): ${workdir}\n`);
  });

  test("deployed servers carry their static address, host name and DNS, read through the vSphere API", async () => {
    const run = await cdktf(tools, config, outdir, ["deploy", "*", "--auto-approve", "--skip-provider-lock"], log);
    expect({ status: run.status, tail: run.status === 0 ? "" : run.output.slice(-3000) }).toEqual({ status: 0, tail: "" });
    const vms = inspect(tools, sim).vms;
    const guest = (name: string) => vms.find((v: Doc) => v.name === name)?.guest;
    expect(guest("di-app-finanzwesen")).toEqual({
      hostName: "DI-FINANZWESEN",
      ipAddress: "10.60.20.21",
      nics: [
        {
          ipAddresses: ["10.60.20.21"],
          dnsServers: ["10.60.0.53", "10.60.0.54"],
          domainName: "srv.dithmarschen.example",
          searchDomains: ["srv.dithmarschen.example"],
        },
      ],
    });
    expect(guest("di-app-bauamt")).toMatchObject({
      hostName: "di-app-bauamt",
      ipAddress: "10.60.20.42",
      nics: [{ ipAddresses: ["10.60.20.42"], dnsServers: ["10.60.0.53", "10.60.0.54"], searchDomains: ["srv.dithmarschen.example"] }],
    });
    expect(plan(["-detailed-exitcode"]).status).toBe(0);
  });

  test("re-addressing a server plans no change to it: it keeps its VM and its address until the runbook's manual step", async () => {
    const readdressed = structuredClone(doc);
    readdressed.tenants[0].workloads.find((w: Doc) => w.id === "finanzwesen").ip = "10.60.20.25";
    config = simulatorConfig(readdressed, sim, workdir);
    expect((await cdktf(tools, config, outdir, ["synth"], log)).status).toBe(0);
    const run = plan(["-detailed-exitcode"]);
    expect({ status: run.status, tail: run.status === 0 ? "" : run.output.slice(-2000) }).toEqual({ status: 0, tail: "" });
    const finanzwesen = inspect(tools, sim).vms.find((v: Doc) => v.name === "di-app-finanzwesen");
    expect(finanzwesen.guest.ipAddress).toBe("10.60.20.21");
  });

  test("without ignore_changes on clone, provider 2.15.0 would replace the server for its new address", () => {
    const file = path.join(outdir, "stacks", stack, "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    const vm = json.resource.vsphere_virtual_machine.workloads_finanzwesen_vm;
    expect(vm.lifecycle.ignore_changes).toEqual(["clone"]);
    delete vm.lifecycle.ignore_changes;
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
    const run = plan();
    expect(run.status).toBe(0);
    expect(run.output).toMatch(/vsphere_virtual_machine\.workloads_finanzwesen_vm must be replaced/);
    expect(run.output).toMatch(/ipv4_address\s+= "10\.60\.20\.21" -> "10\.60\.20\.25" # forces replacement/);
  });

  test("cdktf destroy removes the servers", async () => {
    expect((await cdktf(tools, config, outdir, ["synth"], log)).status).toBe(0);
    const run = await cdktf(tools, config, outdir, ["destroy", "*", "--auto-approve", "--skip-provider-lock"], log);
    expect({ status: run.status, tail: run.status === 0 ? "" : run.output.slice(-3000) }).toEqual({ status: 0, tail: "" });
    expect(inspect(tools, sim).vms.filter((v: Doc) => v.name.startsWith("di-app-"))).toEqual([]);
  });
});
