/** One problem found in an environment file, and the error that carries them all. */
import { escapeUnprintable } from "../domain/text";

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

/** How much of a value a message quotes: longer strings and collections are cut with `…`. */
export const SHOWN_CHARS = 100;
/** The longest problem line; the rest is cut (a message is always one line a terminal can show). */
export const LINE_MAX = 400;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** Serialise like JSON.stringify, within a budget, safe for circular and exotic values (NaN, binary, sets). */
function serialise(value: unknown, ancestors: object[], budget: { left: number }): string {
  if (budget.left <= 0) return "…";
  let out: string;
  if (typeof value === "string") {
    const shown = cut(value, SHOWN_CHARS);
    out = JSON.stringify(shown) + (shown === value ? "" : ` (${value.length} characters)`);
  } else if (typeof value === "number") {
    out = Number.isNaN(value) ? ".nan" : value === Infinity ? ".inf" : value === -Infinity ? "-.inf" : String(value);
  } else if (typeof value === "bigint") {
    out = String(value);
  } else if (value === null || typeof value === "boolean") {
    out = String(value);
  } else if (value === undefined) {
    out = "undefined";
  } else if (typeof value !== "object") {
    out = `<${typeof value}>`;
  } else if (ancestors.includes(value)) {
    out = "<circular>";
  } else if (value instanceof Uint8Array) {
    out = `<binary, ${value.length} bytes>`;
  } else if (value instanceof Date) {
    out = Number.isNaN(value.getTime()) ? "<invalid date>" : JSON.stringify(value.toISOString());
  } else {
    const inner = [...ancestors, value];
    const entries: [string | undefined, unknown][] =
      value instanceof Map
        ? [...value.entries()].map(([k, v]) => [String(k), v])
        : value instanceof Set
          ? [...value.values()].map((v) => [undefined, v])
          : Array.isArray(value)
            ? value.map((v) => [undefined, v])
            : Object.entries(value);
    const keyed = !(Array.isArray(value) || value instanceof Set);
    const parts: string[] = [];
    for (const [k, v] of entries) {
      if (budget.left <= 0) {
        parts.push("…");
        break;
      }
      const part = `${k === undefined ? "" : `${JSON.stringify(cut(k, SHOWN_CHARS))}:`}${serialise(v, inner, budget)}`;
      budget.left -= part.length + 1;
      parts.push(part);
    }
    out = keyed ? `{${parts.join(",")}}` : `[${parts.join(",")}]`;
  }
  budget.left -= out.length;
  return out;
}

/**
 * A value as messages quote it: `5000`, `"10.1.0.1/24"`, `.nan`. Always one
 * printable line: control, bidirectional and invisible characters are escaped
 * (`\u202e`), long strings and collections are cut, circular values are named.
 */
export const show = (value: unknown): string => escapeUnprintable(serialise(value, [], { left: 2 * SHOWN_CHARS }));

/**
 * `["tenants", 0, "sites", 2, "vlan"]` → `tenants[0].sites[2].vlan`; a key
 * that is not a plain name is quoted and escaped: `tenants[0]["a\nb"]`.
 */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === "number") return `${acc}[${part}]`;
    if (!/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(part)) return `${acc}[${show(part)}]`;
    return acc ? `${acc}.${part}` : part;
  }, "");
}

/** A path segment or line made printable and cut to a length. */
export const printable = (text: string, max = LINE_MAX): string => cut(escapeUnprintable(text), max);

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(file, problems));
    this.name = "ConfigError";
  }
}

/**
 * One line per problem: `<file>:<line>:<col>: <path>: <value> <rule>` (`<file>: ...` when there is no position),
 * escaped and cut so that it is always one printable line.
 */
export function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  const name = printable(file, 200);
  return problems
    .map((p) => {
      const where = p.line !== undefined ? `${name}:${p.line}:${p.col ?? 1}` : name;
      return printable(p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`);
    })
    .join("\n");
}
