/** One problem found in an environment file, and the error that carries them all. */

export interface ConfigProblem {
  /** Field path in the file, e.g. `tenants[0].sites[2].vlan`; empty for the whole file. */
  readonly path: string;
  /** The bad value and the rule it breaks, e.g. `5000 is outside 2..4094`. */
  readonly message: string;
}

/** A value as messages quote it: `5000`, `"10.1.0.1/24"`. */
export const show = (value: unknown): string => JSON.stringify(value);

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(file, problems));
    this.name = "ConfigError";
  }
}

/** One line per problem: `<file>: <path>: <value> <rule>`. */
export function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  return problems.map((p) => (p.path ? `${file}: ${p.path}: ${p.message}` : `${file}: ${p.message}`)).join("\n");
}
