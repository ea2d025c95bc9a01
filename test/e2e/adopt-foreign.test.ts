/**
 * Adopting a vCenter this project did not build (issue 15): vcsim's stock
 * inventory (DC0, cluster DC0_C0 with three hosts, a standalone host, DVS0,
 * four VMs, a local datastore). `npm run adopt` reads it without changing
 * anything, adopts what maps (datacenter, cluster, hosts, switch), names
 * every object it leaves out with the reason, and says which fields a person
 * must fill in before the file validates.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { inspect, makeWorkdir, runScript, Simulator, startSimulator, toolEnv, ToolEnv } from "../../runtime/harness";
import { describeWithProvider } from "./provider";

jest.setTimeout(10 * 60_000);

describeWithProvider("adopting a foreign vCenter (vcsim's stock inventory)", () => {
  let tools: ToolEnv;
  let sim: Simulator;
  let workdir: string;

  beforeAll(async () => {
    tools = toolEnv();
    workdir = makeWorkdir();
    sim = await startSimulator(tools, path.join(workdir, "vcsim.log"), { stock: true });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  test("adopt reads it read-only, adopts what maps and names what does not, and why", () => {
    const before = inspect(tools, sim);
    const out = path.join(workdir, "stock.yaml");
    const log = path.join(workdir, "adopt.log");
    const run = runScript(tools, "/nonexistent.yaml", "scripts/adopt.ts", ["--server", sim.server, "--insecure", "--out", out], log);
    expect(inspect(tools, sim)).toEqual(before);

    // vcsim's host names (DC0_C0_H0) are no DNS names: the file needs a person, and adopt says so (exit 1).
    const problems = run.stderr.split("\n").filter((l) => l.includes(": clusters["));
    expect({ status: run.status, problems: problems.map((p) => p.replace(/^.*?: clusters/, "clusters")) }).toEqual({
      status: 1,
      problems: [0, 1, 2].map((i) => `clusters[0].hosts[${i}].name: "DC0_C0_H${i}" is not a valid host name`),
    });
    expect(run.stdout).toMatch(/^adopt: DC0 on 127\.0\.0\.1:\d+: 19 objects read in [\d.]+ s, 6 adopted, 9 not mapped, 5 guessed values$/m);

    const adopted = parse(fs.readFileSync(out, "utf8"));
    const imports = adopted.adopt.imports;
    expect({ datacenter: imports.datacenter, cluster: imports["cluster/dc0-c0"], switch: imports.switch }).toEqual({
      datacenter: "/DC0",
      cluster: "/DC0/host/DC0_C0",
      switch: "/DC0/network/DVS0",
    });
    expect(Object.keys(imports).filter((k) => k.startsWith("host/"))).toEqual(["host/DC0_C0_H0", "host/DC0_C0_H1", "host/DC0_C0_H2"]);

    const report = fs.readFileSync(out.replace(/\.yaml$/, ".adoption.md"), "utf8");
    const notMapped = report
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) => l.split("|")[1].trim().replace(/`/g, ""));
    expect(notMapped).toEqual([
      "/DC0/host/DC0_H0/DC0_H0",
      "/DC0/vm/DC0_C0_RP0_VM0",
      "/DC0/vm/DC0_C0_RP0_VM1",
      "/DC0/vm/DC0_H0_VM0",
      "/DC0/vm/DC0_H0_VM1",
      "datastore LocalDS_0",
      "network VM Network",
      "port group DC0_DVPG0",
      "port group DVS0-DVUplinks-8",
    ]);
    expect(report).toMatch(/a host outside a cluster/);
    expect(report).toMatch(/a standard vSwitch port group/);
  });
});
