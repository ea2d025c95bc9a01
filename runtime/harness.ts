/**
 * End-to-end harness: the real tools from scripts/tools.sh (engine, vsphere
 * provider from the local mirror, vcsim-rz), a simulator on 127.0.0.1, and
 * `cdktf` driven as an operator drives it. A missing tool is an error, never a
 * skip.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { stringify } from "yaml";
import { CDKTF_SCRIPT, synthesisedStacks } from "./cdk-run";
import { pullState as pullStateWith } from "./engine";
import { StackLineSplitter, StackLogs } from "./engine-output";
const above = path.resolve(__dirname, "..");
/** The project root, also when this file runs compiled from dist/ (the plan benchmark). */
export const ROOT = path.basename(above) === "dist" ? path.dirname(above) : above;

export interface ToolEnv {
  readonly TERRAFORM_BINARY_NAME: string;
  readonly TF_CLI_CONFIG_FILE: string;
  readonly RZ_VCSIM: string;
  readonly CHECKPOINT_DISABLE: string;
  /** The lock this process recorded for the provider build in the tools mirror; synth installs it into every stack. */
  readonly RZ_PROVIDER_LOCK: string;
}

const TOOLS_ENV_FILE = path.join(ROOT, ".tools", "env.sh");
const PROVIDER_PACKAGE = "vmware/vsphere/2.15.0/linux_amd64/terraform-provider-vsphere_v2.15.0";
const PROVIDER_ZIP = "vmware/vsphere/terraform-provider-vsphere_2.15.0_linux_amd64.zip";

/** The exports of .tools/env.sh as written by scripts/tools.sh, unchecked; undefined before its first run. */
export function readToolsEnv(): Record<string, string> | undefined {
  if (!fs.existsSync(TOOLS_ENV_FILE)) return undefined;
  const vars: Record<string, string> = {};
  for (const line of fs.readFileSync(TOOLS_ENV_FILE, "utf8").split("\n")) {
    const match = /^export (\w+)="?([^"]*)"?$/.exec(line.trim());
    if (match) vars[match[1]] = match[2];
  }
  return vars;
}

/** Whether the provider-dependent suites can run here, and if not, why (from scripts/tools.sh). */
export function providerStatus(): { available: true } | { available: false; reason: string } {
  const vars = readToolsEnv();
  if (!vars) return { available: false, reason: `${TOOLS_ENV_FILE} is missing: run 'bash scripts/tools.sh' (npm test does)` };
  if (vars.RZ_PROVIDER_MISSING) return { available: false, reason: vars.RZ_PROVIDER_MISSING };
  return { available: true };
}

/** The exports of .tools/env.sh, checked; throws with the fix when a tool is missing. */
export function toolEnv(): ToolEnv {
  const vars = readToolsEnv();
  if (!vars)
    throw new Error(
      `${TOOLS_ENV_FILE} is missing: run 'bash scripts/tools.sh' (npm test does) to build the engine, provider and simulator`,
    );
  if (vars.RZ_PROVIDER_MISSING) throw new Error(`${vars.RZ_PROVIDER_MISSING} (README: "Where the provider comes from")`);
  for (const binary of [vars.TERRAFORM_BINARY_NAME, vars.RZ_VCSIM]) {
    if (!binary || !fs.existsSync(binary)) throw new Error(`tool ${binary} is missing: run 'bash scripts/tools.sh'`);
  }
  const mirror = vars.RZ_PROVIDER_MIRROR ?? "";
  const packages = [`registry.terraform.io/${PROVIDER_PACKAGE}`, `registry.terraform.io/${PROVIDER_ZIP}`].map((p) => path.join(mirror, p));
  if (!packages.some((p) => fs.existsSync(p)))
    throw new Error(`the vsphere provider is missing from ${mirror}: run 'bash scripts/tools.sh'`);
  return { ...vars, RZ_PROVIDER_LOCK: recordProviderLock(vars.TERRAFORM_BINARY_NAME, mirror) } as unknown as ToolEnv;
}

const recordedLocks = new Map<string, string>();

/**
 * A provider lock for the build in the tools mirror, recorded by the engine
 * itself (`providers lock -fs-mirror`) in a work directory of this process:
 * test workspaces never depend on the checksums committed for operators.
 * One per engine, since Terraform and OpenTofu lock different registry hosts.
 */
export function recordProviderLock(engineBinary: string, mirror: string): string {
  const known = recordedLocks.get(engineBinary);
  if (known && fs.existsSync(known)) return known;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rz-lock-"));
  const required = { terraform: { required_providers: { vsphere: { source: "vmware/vsphere", version: "2.15.0" } } } };
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(required));
  const run = spawnSync(engineBinary, ["providers", "lock", "-no-color", `-fs-mirror=${mirror}`, "-platform=linux_amd64"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" },
  });
  const lock = path.join(dir, ".terraform.lock.hcl");
  if (run.status !== 0 || !fs.existsSync(lock))
    throw new Error(`recording a provider lock from ${mirror} failed:\n${run.stdout}${run.stderr}`);
  recordedLocks.set(engineBinary, lock);
  return lock;
}

/** The same tools with Terraform as the engine (for environments with `engine: terraform`); throws when there is none. */
export function terraformTools(tools: ToolEnv): ToolEnv {
  const vars = readToolsEnv() ?? {};
  const terraform = vars.RZ_TERRAFORM;
  if (!terraform || !fs.existsSync(terraform)) throw new Error("no terraform >= 1.6 on PATH (RZ_TERRAFORM in .tools/env.sh is empty)");
  return { ...tools, TERRAFORM_BINARY_NAME: terraform, RZ_PROVIDER_LOCK: recordProviderLock(terraform, vars.RZ_PROVIDER_MIRROR ?? "") };
}

/** Test-only credentials; the simulator accepts any. */
export const TEST_SECRETS = {
  TF_VAR_state_passphrase: "e2e-state-passphrase-6d1f8a",
  TF_VAR_vsphere_user: "e2e-operator",
  TF_VAR_vsphere_password: "e2e-Pa55-vcenter-3b9d",
  TF_VAR_esxi_password: "e2e-Pa55-esxi-71c2",
  TF_VAR_windows_admin_password: "e2e-Pa55-windows-5a0e",
  TF_VAR_domain_join_password: "e2e-Pa55-domain-9f14",
};

export interface Simulator {
  /** The simulator's process id (e.g. to read its CPU time from /proc). */
  readonly pid: number;
  readonly url: string;
  readonly server: string;
  readonly imageBaseUrl: string;
  stop(): Promise<void>;
}

/**
 * Start vcsim-rz on a free loopback port and wait for its ready line. The inventory is empty (the stacks build
 * it) unless `stock` asks for vcsim's own: a vCenter this project did not build.
 */
export function startSimulator(tools: ToolEnv, logFile: string, options: { stock?: boolean } = {}): Promise<Simulator> {
  const child: ChildProcess = spawn(tools.RZ_VCSIM, ["serve", "-listen", "127.0.0.1:0", ...(options.stock ? ["-stock"] : [])], {
    stdio: ["pipe", "pipe", fs.openSync(logFile, "a")],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start within 60 s (log: ${logFile})`)), 60_000);
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code} (log: ${logFile})`)));
    readline.createInterface({ input: child.stdout! }).once("line", (line) => {
      clearTimeout(timer);
      const ready = JSON.parse(line);
      for (const address of [ready.server, new URL(ready.url).host, new URL(ready.imageBaseUrl).host]) {
        if (!String(address).startsWith("127.0.0.1:")) reject(new Error(`simulator is not on loopback: ${address}`));
      }
      resolve({
        pid: child.pid ?? -1,
        url: ready.url,
        server: ready.server,
        imageBaseUrl: ready.imageBaseUrl,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.stdin?.end();
            setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
          }),
      });
    });
  });
}

/** The simulator's inventory, read through the vSphere API (govmomi), not through Terraform state. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function inspect(tools: ToolEnv, sim: Simulator): any {
  const run = spawnSync(tools.RZ_VCSIM, ["inspect", "-url", sim.url, "-insecure"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`vcsim-rz inspect failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/**
 * A work directory with the environment file rewritten for the simulator
 * (test-only settings); state in local files under the work directory unless
 * a `backend` is given.
 */
export function simulatorConfig(doc: Record<string, unknown>, sim: Simulator, workdir: string, backend?: Record<string, unknown>): string {
  const config = structuredClone(doc) as Record<string, unknown> & { vcenter: Record<string, unknown> };
  config.environment = "test";
  config.vcenter = { ...config.vcenter, server: sim.server, allowUnverifiedSsl: true, guestWaitMinutes: 0 };
  config.imageRepositoryUrl = sim.imageBaseUrl.replace(/\/$/, "");
  config.protectFromDestroy = false;
  config.backend = backend ?? { type: "local", directory: path.join(workdir, "state"), allowOutsideProject: true };
  const file = path.join(workdir, "environment.yaml");
  fs.writeFileSync(file, stringify(config));
  return file;
}

export function makeWorkdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "rz-e2e-"));
}

export interface Run {
  readonly status: number | null;
  readonly output: string;
}

let secrets: Readonly<Record<string, string>> = TEST_SECRETS;

/** Use other credential values (e.g. sentinels to search for) for every command this process runs from now on. */
export function useSecrets(values: Readonly<Record<string, string>>): void {
  secrets = { ...TEST_SECRETS, ...values };
}

/** The environment of every command the harness runs: tools, credentials, the environment file. */
export function environment(tools: ToolEnv, config: string): NodeJS.ProcessEnv {
  return { ...process.env, ...tools, ...secrets, RZ_CONFIG: config, CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" };
}

/** A running `cdktf` command. */
export interface CdktfProcess {
  readonly pid: number;
  /** Output so far (stdout and stderr interleaved). */
  output(): string;
  running(): boolean;
  /** Resolves once the output matches (counting matches with `times`); rejects when the command ends first. */
  waitFor(pattern: RegExp, times?: number, timeoutMs?: number): Promise<void>;
  readonly done: Promise<Run>;
}

/** The command-line tool that drives the app: its name, its script, the Node.js that runs it and extra environment. */
export interface CdkCli {
  readonly name: string;
  readonly script: string;
  readonly node: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** cdktf-cli 0.21.0, the default. */
export const CDKTF_CLI: CdkCli = {
  name: "cdktf",
  script: CDKTF_SCRIPT,
  node: process.execPath,
};

/**
 * Start `cdktf <args>` (or another {@link CdkCli}) in the project with the
 * tools and test credentials, appending its output to `logFile` and, with
 * `echo`, to stdout as it comes.
 */
export function startCdktf(
  tools: ToolEnv,
  config: string,
  outdir: string,
  args: string[],
  logFile: string,
  echo = false,
  cli: CdkCli = CDKTF_CLI,
): CdktfProcess {
  fs.appendFileSync(logFile, `\n$ ${cli.name} ${args.join(" ")}\n`);
  const env = { ...environment(tools, config), ...cli.env };
  const run = startProcess(cli.node, [cli.script, ...args, "--output", outdir], ROOT, env, 40 * 60_000, (chunk) => {
    fs.appendFileSync(logFile, chunk);
    if (echo) process.stdout.write(chunk);
  });
  // As the operators' commands do (runtime/cdk-run.ts), each stack's engine output also lands in its own log file.
  const verb = args[0];
  const done =
    verb === "deploy" || verb === "destroy" || verb === "diff"
      ? run.done.then((result) => {
          splitIntoStackLogs(result.output, outdir, path.join(path.dirname(logFile), "logs"), verb, env);
          return result;
        })
      : run.done;
  return {
    pid: run.pid,
    output: run.output,
    running: run.running,
    done,
    waitFor: (pattern, times = 1, timeoutMs = 10 * 60_000) =>
      new Promise<void>((resolve, reject) => {
        const global = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
        const check = () => {
          if ((run.output().match(global)?.length ?? 0) >= times) finish(resolve);
          else if (!run.running())
            finish(() => reject(new Error(`${cli.name} ${args.join(" ")} ended before printing ${pattern} ${times}×`)));
        };
        const deadline = setTimeout(() => finish(() => reject(new Error(`no ${pattern} ${times}× within ${timeoutMs} ms`))), timeoutMs);
        const finish = (then: () => void) => {
          clearTimeout(deadline);
          run.listeners.delete(check);
          then();
        };
        run.listeners.add(check);
        check();
      }),
  };
}

/** Append a cdktf run's output to `<logDir>/<stack>.<verb>.log` per stack (masked), as the progress view's logs are. */
function splitIntoStackLogs(output: string, outdir: string, logDir: string, verb: string, env: NodeJS.ProcessEnv): void {
  const stacks = synthesisedStacks(outdir);
  if (stacks.length === 0) return;
  const logs = new StackLogs(logDir, verb, env);
  const splitter = new StackLineSplitter(stacks);
  for (const line of output.split("\n")) {
    const { stack, text } = splitter.split(line);
    logs.write(stack, text);
  }
}

/**
 * A child process whose stdout and stderr are collected in order; `onChunk`
 * sees each chunk as it comes, `listeners` are told after each chunk and at
 * the end. Killed with SIGTERM after `timeoutMs`.
 */
function startProcess(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  onChunk: (chunk: Buffer) => void = () => {},
) {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const chunks: Buffer[] = [];
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    chunks.push(chunk);
    onChunk(chunk);
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const output = () => Buffer.concat(chunks).toString("utf8");
  let exited = false;
  const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
  const done = new Promise<Run>((resolve) =>
    child.on("close", (status) => {
      exited = true;
      clearTimeout(timer);
      for (const listener of [...listeners]) listener();
      resolve({ status, output: output() });
    }),
  );
  return { pid: child.pid!, output, running: () => !exited, listeners, done };
}

/** Run `cdktf <args>` (or another {@link CdkCli}) to its end (see {@link startCdktf}). */
export function cdktf(
  tools: ToolEnv,
  config: string,
  outdir: string,
  args: string[],
  logFile: string,
  echo = false,
  cli: CdkCli = CDKTF_CLI,
): Promise<Run> {
  return startCdktf(tools, config, outdir, args, logFile, echo, cli).done;
}

/**
 * Run one of the project's scripts (`scripts/drift.ts`, ...) as `npm run`
 * would, to its end, with the tools, the test credentials and the environment
 * file, plus `extraEnv` (e.g. RZ_OUTDIR, a rotated password); its output is
 * appended to `logFile`.
 */
export function runScript(
  tools: ToolEnv,
  config: string,
  script: string,
  args: readonly string[],
  logFile: string,
  extraEnv: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--require", "ts-node/register/transpile-only", script, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    // The scripts' per-stack engine logs go next to the test's log, never into the project.
    env: { ...environment(tools, config), RZ_LOG_DIR: path.join(path.dirname(logFile), "logs"), ...extraEnv },
    maxBuffer: 256 * 1024 * 1024,
    timeout: 10 * 60_000,
  });
  fs.appendFileSync(logFile, `\n$ ${script} ${args.join(" ")}\n${run.stdout}${run.stderr}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Process ids of the running descendants of `pid` whose command line matches. */
export function descendants(pid: number, command: RegExp): number[] {
  const ps = spawnSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" });
  const rows = ps.stdout
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const row of rows.filter((r) => r.ppid === parent)) {
      if (command.test(row.args)) found.push(row.pid);
      walk(row.pid);
    }
  };
  walk(pid);
  return found;
}

/** Run the engine in one synthesised stack's directory. */
export function engine(tools: ToolEnv, config: string, stackDir: string, args: string[], logFile: string): Run {
  const run = spawnSync(tools.TERRAFORM_BINARY_NAME, args, {
    cwd: stackDir,
    encoding: "utf8",
    env: environment(tools, config),
    maxBuffer: 512 * 1024 * 1024,
    timeout: 20 * 60_000,
  });
  return logEngineRun(tools, stackDir, args, logFile, run.status, `${run.stdout ?? ""}${run.stderr ?? ""}`);
}

/** {@link engine} without blocking, so that stacks that do not read from each other can be planned or applied side by side. */
export function engineAsync(tools: ToolEnv, config: string, stackDir: string, args: string[], logFile: string): Promise<Run> {
  return startProcess(tools.TERRAFORM_BINARY_NAME, args, stackDir, environment(tools, config), 20 * 60_000).done.then((run) =>
    logEngineRun(tools, stackDir, args, logFile, run.status, run.output),
  );
}

function logEngineRun(tools: ToolEnv, stackDir: string, args: string[], logFile: string, status: number | null, output: string): Run {
  fs.appendFileSync(
    logFile,
    `\n$ (${path.basename(stackDir)}) ${path.basename(tools.TERRAFORM_BINARY_NAME)} ${args.join(" ")}\n${args.includes("-json") ? "(json)" : output}`,
  );
  return { status, output };
}

export function stackNames(outdir: string): string[] {
  return fs.readdirSync(path.join(outdir, "stacks")).sort();
}

/** A stack's state, decrypted by the engine ({@link pullStateWith}), with the tools and test credentials. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function pullState(tools: ToolEnv, stackDir: string): any {
  return pullStateWith(tools.TERRAFORM_BINARY_NAME, stackDir, environment(tools, ""));
}

/** Managed resource instances in a state. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function managedInstances(state: any): number {
  return (state.resources ?? [])
    .filter((r: { mode: string }) => r.mode === "managed")
    .reduce((n: number, r: { instances: unknown[] }) => n + r.instances.length, 0);
}

/** Resource instances per stack of a synthesised output whose stacks have been initialised (deployed). */
export function stateSummary(tools: ToolEnv, outdir: string): Map<string, number> {
  const summary = new Map<string, number>();
  for (const stack of stackNames(outdir)) {
    const dir = path.join(outdir, "stacks", stack);
    if (fs.existsSync(path.join(dir, ".terraform"))) summary.set(stack, managedInstances(pullState(tools, dir)));
  }
  return summary;
}
