/**
 * What the command-line shells (main.ts, scripts/*.ts) share: the command-line
 * convention (runtime/command-line.ts: `--help`, usage errors, exit codes) and
 * loading the environment file named by RZ_CONFIG.
 */
import { DEFAULT_CONFIG, loadEnvironment } from "../config/load";
import { ConfigError } from "../config/problems";
import { Environment } from "../config/schema";
import { EXIT } from "../runtime/command-line";

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
