/**
 * Running the engine (OpenTofu, or Terraform for `engine: terraform`) in a
 * synthesised stack's directory: the one place the runtime library, the
 * scripts and the tests start it and read a state through it.
 */
import { spawn, spawnSync } from "node:child_process";

/**
 * The engine binary: `TERRAFORM_BINARY_NAME` (what cdktf runs), else `tofu`,
 * the engine the stacks are synthesised for by default. Commands that start
 * cdktf pass this value on, so cdktf and the checks around it run the same engine.
 */
export function engineBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.TERRAFORM_BINARY_NAME || "tofu";
}

export interface EngineRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the binary could not be started at all. */
  readonly error?: Error;
}

/** Run `engine args` in `cwd` to its end, output collected (large plans and states included). */
export function runEngine(engine: string, cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): EngineRun {
  const run = spawnSync(engine, args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    env: { ...env, CHECKPOINT_DISABLE: "1" },
  });
  return { status: run.status, stdout: run.stdout ?? "", stderr: run.stderr ?? "", error: run.error };
}

/** {@link runEngine} without blocking, so that stacks can be planned side by side. */
export function runEngineAsync(
  engine: string,
  cwd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<EngineRun> {
  return new Promise((resolve) => {
    const child = spawn(engine, args, { cwd, env: { ...env, CHECKPOINT_DISABLE: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    let failed: Error | undefined;
    child.on("error", (error) => (failed = error));
    child.on("close", (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), error: failed }),
    );
  });
}

/**
 * A stack's state as the engine decrypts it (`state pull` in an initialised
 * stack directory, for either backend); `{ resources: [] }` when there is no
 * state yet. Never written to a log or a file. Throws when the engine fails.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function pullState(engine: string, stackDir: string, env: NodeJS.ProcessEnv = process.env): any {
  const run = runEngine(engine, stackDir, ["state", "pull"], env);
  if (run.status !== 0) throw new Error(`state pull in ${stackDir} failed:\n${run.error?.message ?? run.stderr}`);
  return run.stdout.trim() ? JSON.parse(run.stdout) : { resources: [] };
}
