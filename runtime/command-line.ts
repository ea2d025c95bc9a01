/**
 * The one command-line convention of every script (scripts/*.ts, bench), on
 * Node's own `util.parseArgs`: `--help` prints the usage and exits 0 before
 * anything else happens; an unknown flag, a missing value or an unexpected
 * argument prints one line naming it and the usage line, and exits 2. Exit
 * codes are {@link EXIT}; the README's table is {@link EXIT_CODES} (a test
 * compares them).
 */
import { parseArgs } from "node:util";

/** Exit codes of every command. */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  /** drift only: drift or undeployed changes found (as `terraform plan -detailed-exitcode`). */
  CHANGES: 2,
  /** tools only: no vmware/vsphere provider could be found or built. */
  NO_PROVIDER: 3,
} as const;

/** The README's exit-code table, row by row: code, meaning, commands. */
export const EXIT_CODES: readonly { code: number; meaning: string; commands: string }[] = [
  { code: EXIT.OK, meaning: "success; drift: no drift and nothing to deploy; deploy: every selected stack applied", commands: "all" },
  {
    code: EXIT.FAILED,
    meaning:
      "failed: a bad environment file, a compliance error, an engine or simulator failure; deploy: a stack not applied (named); drift, report `--exact`: a stack could not be planned (named, the others' findings still reported)",
    commands: "all",
  },
  { code: EXIT.USAGE, meaning: "usage error: an unknown flag, a missing value, an unexpected argument", commands: "all" },
  { code: EXIT.CHANGES, meaning: "drift or undeployed changes (moves and imports included) found", commands: "drift" },
  { code: EXIT.NO_PROVIDER, meaning: "no vmware/vsphere 2.15.0 provider found or built", commands: "tools" },
];

export interface OptionSpec {
  readonly type: "boolean" | "string";
  /** For the usage text, e.g. `write the JSON document to stdout`. */
  readonly description: string;
  /** For string options: the value's name in the usage text. @default "VALUE" */
  readonly value?: string;
  readonly multiple?: boolean;
}

export interface CommandSpec {
  /** How the operator calls it, e.g. `npm run drift --`. */
  readonly command: string;
  /** One sentence: what it does. */
  readonly summary: string;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Name of the positional arguments (e.g. `[stack globs...]`); none accepted when absent. */
  readonly positionals?: string;
  /** Further lines for `--help` (environment variables, exit codes). */
  readonly details?: readonly string[];
}

export interface ParsedCommandLine {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

export function usageLine(spec: CommandSpec): string {
  const options = Object.entries(spec.options ?? {})
    .map(([name, o]) => (o.type === "string" ? `[--${name} ${o.value ?? "VALUE"}]` : `[--${name}]`))
    .join(" ");
  return `usage: ${spec.command} [--help]${options ? ` ${options}` : ""}${spec.positionals ? ` ${spec.positionals}` : ""}`;
}

export function helpText(spec: CommandSpec): string {
  const rows = Object.entries({ help: { type: "boolean", description: "print this help and exit 0" } as OptionSpec, ...spec.options }).map(
    ([name, o]) => [`--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`, o.description],
  );
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    usageLine(spec),
    "",
    spec.summary,
    "",
    "options:",
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    ...(spec.details?.length ? ["", ...spec.details] : []),
    "",
    "exit status: 0 ok, 1 failed, 2 usage error (README: Exit codes)",
    "",
  ].join("\n");
}

/** What to do with a command line: run with these values, or print and exit with a code. */
export type CommandLineOutcome =
  | { readonly kind: "run"; readonly parsed: ParsedCommandLine }
  | { readonly kind: "exit"; readonly code: number; readonly stdout: string; readonly stderr: string };

/** Parse without side effects (testable); {@link parseCommandLine} acts on the outcome. */
export function interpretCommandLine(spec: CommandSpec, argv: readonly string[]): CommandLineOutcome {
  const options: Record<string, { type: "boolean" | "string"; multiple?: boolean }> = { help: { type: "boolean" } };
  for (const [name, o] of Object.entries(spec.options ?? {})) options[name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}) };
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "exit", code: EXIT.OK, stdout: helpText(spec), stderr: "" };
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    if (!spec.positionals && positionals.length > 0) throw new Error(`unexpected argument '${positionals[0]}'`);
    return { kind: "run", parsed: { values: values as ParsedCommandLine["values"], positionals } };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return { kind: "exit", code: EXIT.USAGE, stdout: "", stderr: `${spec.command.replace(/ --$/, "")}: ${reason}\n${usageLine(spec)}\n` };
  }
}

/** Parse `process.argv`; prints the help (exit 0) or the usage error (exit 2) and exits, else returns the values. */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[] = process.argv.slice(2)): ParsedCommandLine {
  const outcome = interpretCommandLine(spec, argv);
  if (outcome.kind === "run") return outcome.parsed;
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  process.exit(outcome.code);
}

/** The `--json` option every report command has. */
export const JSON_OPTION: OptionSpec = {
  type: "boolean",
  description: "print one JSON document to stdout instead of Markdown (README: JSON output)",
};
