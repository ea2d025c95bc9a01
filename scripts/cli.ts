/**
 * What the command-line shells (main.ts, scripts/*.ts) share: the command-line
 * convention (runtime/command-line.ts: `--help`, usage errors, exit codes) and
 * loading the environment file named by RZ_CONFIG.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CONFIG, loadEnvironment } from "../config/load";
import { ConfigError } from "../config/problems";
import { Environment } from "../config/schema";
import { EXIT } from "../runtime/command-line";
import { passphraseProblems } from "../runtime/passphrases";
import { stackSelected } from "../stacks/environment";

export { EXIT, EXIT_CODES, JSON_OPTION, parseCommandLine } from "../runtime/command-line";

/** RZ_CONFIG, else the default environment file. RZ_CONFIG set but empty is a mistake (not the production default): exit 1. */
export function configFile(): string {
  const named = process.env.RZ_CONFIG;
  if (named === undefined) return DEFAULT_CONFIG;
  if (named.trim() === "") {
    process.stderr.write(
      `RZ_CONFIG: ${JSON.stringify(named)} is set but empty: unset it for ${DEFAULT_CONFIG} or name a file; nothing was done.\n`,
    );
    process.exit(1);
  }
  return named;
}

/**
 * Load and validate an environment file; on a bad file print its one-line
 * problems (and `after`, if given) to stderr and exit 1.
 */
export function loadOrExit(file: string = configFile(), after?: (error: ConfigError) => string): Environment {
  try {
    return loadEnvironment(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n${after ? `${after(error)}\n` : ""}`);
    process.exit(EXIT.FAILED);
  }
}

/**
 * A count flag's value (`--parallelism 4`): `value` when given, else `fallback`.
 * Anything but a positive whole number prints one line naming the command and
 * the flag and exits with the usage code.
 */
function positiveCount(command: string, flag: string, value: unknown, fallback: number): number {
  const text = typeof value === "string" ? value : String(fallback);
  if (!/^[1-9]\d*$/.test(text)) {
    process.stderr.write(`${command}: ${flag} ${text} is not a positive whole number\n`);
    process.exit(EXIT.USAGE);
  }
  return Number(text);
}

/**
 * `--parallel N` and its alias `--parallelism N` (cdktf's own name), for the
 * options of a command that runs the engine over several stacks at once.
 */
export function parallelOptions(what: string, fallback: string) {
  return {
    parallel: { type: "string" as const, value: "N", description: `${what} at once (default ${fallback})` },
    parallelism: { type: "string" as const, value: "N", description: "the same as --parallel" },
  };
}

/** The value of {@link parallelOptions}' flags: a positive whole number, else `fallback`; a bad value is a usage error. */
export function parallelFrom(command: string, values: { parallel?: unknown; parallelism?: unknown }, fallback: number): number {
  const given = typeof values.parallel === "string" ? "--parallel" : "--parallelism";
  return positiveCount(command, given, given === "--parallel" ? values.parallel : values.parallelism, fallback);
}

/**
 * Before a command starts the engine on `stacks`: every state passphrase they
 * encrypt with is set and long enough (runtime/passphrases.ts), else one line
 * each, prefixed with `label`, and exit 1 with nothing run.
 */
export function requirePassphrases(label: string, outdir: string, stacks: readonly string[]): void {
  const problems = passphraseProblems(outdir, stacks);
  if (problems.length === 0) return;
  for (const problem of problems) process.stderr.write(`${label} ${problem}\n`);
  process.exit(EXIT.FAILED);
}

const ROOT = path.resolve(__dirname, "..");

/** The synthesised output directory: RZ_OUTDIR, else cdktf.out in the project. */
export const outputDir = (): string => path.resolve(ROOT, process.env.RZ_OUTDIR || "cdktf.out");

/** Where the per-stack engine logs go: RZ_LOG_DIR, else logs/ in the project. */
export const logDir = (): string => path.resolve(ROOT, process.env.RZ_LOG_DIR || "logs");

/** `npm run synth` in a child (atomic, compliance-checked, into the output directory); exit 1 when it fails (it has said why). */
export function synthOrExit(env: NodeJS.ProcessEnv = process.env): void {
  const synth = spawnSync(process.execPath, [path.join(ROOT, "scripts", "synth.js")], { stdio: ["ignore", 2, 2], env });
  if (synth.status !== 0) process.exit(EXIT.FAILED);
}

/** The synthesised stacks matching `patterns` (all when none), sorted; when none matches, one line and exit 1. */
export function selectedStacksOrExit(label: string, outdir: string, patterns: readonly string[]): string[] {
  const fail = (message: string): never => {
    process.stderr.write(`${label} ${message}\n`);
    process.exit(EXIT.FAILED);
  };
  if (!fs.existsSync(path.join(outdir, "stacks")))
    fail(`${path.relative(ROOT, outdir) || "."}/stacks is missing: synthesise first (npm run synth)`);
  const stacks = fs
    .readdirSync(path.join(outdir, "stacks"))
    .filter((s) => stackSelected(s, patterns))
    .sort();
  if (stacks.length === 0) fail(`no stack matches ${patterns.join(" ")} in ${path.relative(ROOT, outdir) || "."}/stacks`);
  return stacks;
}
