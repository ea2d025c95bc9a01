/** One problem found in an environment file, and the error that carries them all. */

export interface ConfigProblem {
  /** Field path in the file, e.g. `tenants[0].sites[2].vlan`; empty for the whole file. */
  readonly path: string;
  /** The bad value and the rule it breaks, e.g. `5000 is outside 2..4094`. */
  readonly message: string;
  /** 1-based line of the field in the file (config/positions.ts); absent when the file could not be read. */
  readonly line?: number;
  /** 1-based column of the field. */
  readonly col?: number;
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

/** One line per problem: `<file>:<line>:<col>: <path>: <value> <rule>` (`<file>: ...` when there is no position). */
export function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  return problems
    .map((p) => {
      const where = p.line !== undefined ? `${file}:${p.line}:${p.col ?? 1}` : file;
      return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
    })
    .join("\n");
}
