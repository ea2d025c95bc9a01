/**
 * `npm run deploy` with an engine killed hard (SIGKILL) half-way through a
 * site's desktops: cdktf 0.21 exits 0 then, the deploy command must not. The
 * simulator, the real engine and provider, a local (encrypted) state.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  cdktf,
  descendants,
  environment,
  makeWorkdir,
  ROOT,
  Simulator,
  simulatorConfig,
  startSimulator,
  toolEnv,
  ToolEnv,
} from "../../runtime/harness";
import { smallDocument } from "../helpers";
import { describeWithProvider } from "./provider";

jest.setTimeout(20 * 60_000);

const SITE = "site-gemeinde-a-rathaus";
const DESKTOP_CREATED = /vsphere_virtual_machine\.desktops[^:\n]*\[\d+\]: Creation complete/g;

describeWithProvider("npm run deploy: a killed engine is a failure naming the stack", () => {
  let tools: ToolEnv;
  let sim: Simulator;
  let workdir: string;

  beforeAll(async () => {
    tools = toolEnv();
    workdir = makeWorkdir();
    sim = await startSimulator(tools, path.join(workdir, "vcsim.log"));
  });
  afterAll(async () => {
    await sim?.stop();
  });

  test("SIGKILL to the engine during the site's desktops: exit 1, the site named, the other stacks applied", async () => {
    const doc = smallDocument();
    for (const host of doc.clusters[0].hosts) Object.assign(host, { cpuCores: 128, memoryGiB: 1024 });
    const tenant = doc.tenants[0];
    tenant.sites = [{ ...tenant.sites[0], linkMbps: 1000, workstations: { count: 30, image: "standard" } }];
    const config = simulatorConfig(doc, sim, workdir);
    const outdir = path.join(workdir, "cdktf.out");
    const log = path.join(workdir, "deploy.log");
    expect((await cdktf(tools, config, outdir, ["synth"], log)).status).toBe(0);

    const child = spawn(
      process.execPath,
      [
        "--require",
        "ts-node/register/transpile-only",
        "scripts/deploy.ts",
        "*",
        "--auto-approve",
        "--skip-provider-lock",
        "--skip-synth",
        "--verbose",
      ],
      {
        cwd: ROOT,
        env: { ...environment(tools, config), RZ_OUTDIR: outdir, RZ_LOG_DIR: path.join(workdir, "logs") },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    let killed: number[] = [];
    const done = new Promise<number | null>((resolve) => child.on("close", resolve));
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      fs.appendFileSync(log, chunk);
      if (killed.length === 0 && (output.match(DESKTOP_CREATED)?.length ?? 0) >= 3) {
        killed = descendants(child.pid!, new RegExp(`${path.basename(tools.TERRAFORM_BINARY_NAME)} |terraform-provider`));
        for (const pid of killed) process.kill(pid, "SIGKILL");
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const status = await done;

    expect(killed.length).toBeGreaterThanOrEqual(1);
    expect(output).toMatch(/\[deploy\] cdktf exited 0/); // cdktf itself does not tell
    expect(status).toBe(1);
    expect(output).toContain(`[deploy] ${SITE}: FAILED, not applied`);
    // The view's own verdict, before the check: the engine never reported the site's apply complete.
    expect(output).toContain(`[deploy] ${SITE}: FAILED`);
    expect(output).toContain(`[deploy] ${SITE} failed; full log: ${path.join(workdir, "logs", `${SITE}.deploy.log`)}`);
    expect(output).toMatch(new RegExp(`\\[deploy\\] FAILED: .*${SITE}.* did not apply`));
    for (const stack of ["platform", "network", "images", "tenant-gemeinde-a"])
      expect(output).toMatch(new RegExp(`\\[deploy\\] ${stack}: applied \\(serial`));
  });
});
