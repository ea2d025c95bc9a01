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

/** RZ_CONFIG, else the default environment file. */
export const configFile = (): string => process.env.RZ_CONFIG || DEFAULT_CONFIG;

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
