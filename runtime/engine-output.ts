/**
 * Reading what the engine (and cdktf around it) prints, line by line: which
 * stack a line belongs to, what it says about that stack's progress, the
 * secrets it must never carry on, and the error block worth showing when a
 * stack fails. Pure functions and small classes; no process, no terminal.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** What a line of engine output says about its stack. */
export type EngineEvent =
  | { readonly kind: "init" }
  | { readonly kind: "planning" }
  /** `Plan: …` (or `No changes.`): the number of resource actions the apply will make. */
  | { readonly kind: "plan"; readonly total: number }
  | { readonly kind: "applying" }
  /** One resource action finished (created, modified, destroyed, imported). */
  | { readonly kind: "resource" }
  /** `Apply complete! Resources: …` / `Destroy complete! Resources: …` */
  | { readonly kind: "complete"; readonly summary: string }
  | { readonly kind: "error"; readonly message: string };

const PLAN = /^Plan: (?:(\d+) to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy\./;

/** The event a line (without its stack prefix) reports, if any. */
export function classifyLine(line: string): EngineEvent | undefined {
  const text = line.replace(/^[\s│╷╵]+/, "");
  if (/^Initializing (the backend|provider plugins|modules)/.test(text)) return { kind: "init" };
  const plan = PLAN.exec(text);
  if (plan) return { kind: "plan", total: plan.slice(1).reduce((sum, n) => sum + Number(n ?? 0), 0) };
  if (/^No changes\./.test(text)) return { kind: "plan", total: 0 };
  const complete = /^(?:Apply|Destroy) complete! Resources: (.*?)\.?$/.exec(text);
  if (complete) return { kind: "complete", summary: complete[1] };
  // `Error: …` blocks, and the lines the backend prints before any block, such as
  // `Error refreshing state: decryption failed for all provided methods`.
  const error = /^Error: (.*)$/.exec(text) ?? /^(Error (?:refreshing|loading|acquiring) [^:]*: .*)$/.exec(text);
  if (error) return { kind: "error", message: error[1] };
  if (/: (Creation|Modifications|Destruction|Import) complete/.test(text)) return { kind: "resource" };
  if (/: (Creating|Modifying|Destroying|Importing)\.\.\./.test(text)) return { kind: "applying" };
  if (/: (Refreshing state|Reading)\.\.\.|^(OpenTofu|Terraform) (used the selected|will perform)/.test(text)) return { kind: "planning" };
  return undefined;
}

/**
 * Attributes cdktf's interleaved output to stacks. cdktf prefixes a line with
 * the stack's name (padded) when the stack changes and indents the lines that
 * continue the same stack's message; blank lines continue it too. Any other
 * line is cdktf's own (`undefined`).
 */
export class StackLineSplitter {
  private readonly names: string[];
  private current: string | undefined;
  /** Where the text of the current stack's lines starts (name and padding). */
  private indent = 0;

  constructor(stacks: readonly string[]) {
    // Longest first, so `site-a-b` is not read as `site-a` followed by text.
    this.names = [...stacks].sort((a, b) => b.length - a.length);
  }

  /** The stack a line belongs to, and the line without the stack prefix. */
  split(line: string): { stack: string | undefined; text: string } {
    for (const name of this.names) {
      if (line === name || (line.startsWith(name) && /^\s{2,}/.test(line.slice(name.length)))) {
        this.current = name;
        const text = line.slice(name.length).replace(/^\s+/, "");
        this.indent = line.length - text.length;
        return { stack: name, text };
      }
    }
    if (this.current !== undefined && (line.trim() === "" || /^\s/.test(line))) {
      // Continuation lines keep their own indentation beyond the prefix (an error's `with …` and `on …` lines).
      const text = line.trim() === "" ? "" : line.slice(0, this.indent).trim() === "" ? line.slice(this.indent) : line.trimStart();
      return { stack: this.current, text };
    }
    this.current = undefined;
    return { stack: undefined, text: line };
  }
}

/**
 * Values that must never reach a log file or the screen: the credentials
 * the stacks read from the environment (TF_VAR_* passwords, passphrases,
 * secrets, tokens), the state database's connection string and its password.
 */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < 4) continue;
    if (/^TF_VAR_.*(password|passphrase|secret|token|private_key)/i.test(name) || name === "TF_ENCRYPTION") values.add(value);
    if (name === "PG_CONN_STR") {
      values.add(value);
      const password = /^[a-z]+:\/\/[^:/@]*:([^@]*)@/i.exec(value)?.[1] ?? /(?:^|\s)password=(\S+)/.exec(value)?.[1];
      if (password && password.length >= 4) {
        values.add(password);
        values.add(decodeURIComponent(password));
      }
    }
  }
  // Longest first: a password inside the connection string is masked with it.
  return [...values].sort((a, b) => b.length - a.length);
}

export const MASK = "(sensitive)";

/** `line` with every secret value replaced by {@link MASK}. */
export function maskSecrets(line: string, secrets: readonly string[]): string {
  let masked = line;
  for (const secret of secrets) if (masked.includes(secret)) masked = masked.split(secret).join(MASK);
  return masked;
}

/**
 * The part of a failed stack's output worth showing: each distinct error
 * block (the `Error:` line and the indented lines that explain it, such as
 * `with …` and `on cdk.tf.json line …`), at most `maxBlocks`, with a count of
 * the repeats left out. Empty when the output has no error line.
 */
export function errorExcerpt(lines: readonly string[], maxBlocks = 3, maxLinesPerBlock = 12): string[] {
  const blocks: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (classifyLine(lines[i])?.kind !== "error") continue;
    const block = [lines[i].replace(/^[\s│╷╵]+/, "").trimEnd()];
    for (let j = i + 1; j < lines.length && block.length < maxLinesPerBlock; j++) {
      const next = lines[j];
      if (classifyLine(next) !== undefined || (next.trim() !== "" && !/^[\s│]/.test(next))) break;
      if (next.trim() !== "" && next.trim() !== "│") block.push(`  ${next.replace(/^[\s│]+/, "")}`);
    }
    blocks.push(block);
  }
  const distinct = new Map<string, { block: string[]; count: number }>();
  for (const block of blocks) {
    // Repeats differ only in the resource index (`desktops[87]`, `desktops[91]`).
    const key = block.join("\n").replace(/\[\d+\]/g, "[]");
    const seen = distinct.get(key);
    if (seen) seen.count++;
    else distinct.set(key, { block, count: 1 });
  }
  const shown = [...distinct.values()].slice(0, maxBlocks);
  const out: string[] = [];
  for (const { block, count } of shown) out.push(...block, ...(count > 1 ? [`  (and ${count - 1} more like it)`] : []));
  const hidden = blocks.length - shown.reduce((sum, s) => sum + s.count, 0);
  if (hidden > 0) out.push(`(${hidden} more error(s) in the log)`);
  return out;
}

/**
 * One log file per stack (plus one for lines of no stack), appended to,
 * every line masked. The full engine output, for reading after the fact.
 */
export class StackLogs {
  private readonly secrets: string[];
  private readonly lines = new Map<string, string[]>();

  constructor(
    readonly directory: string,
    readonly suffix: string,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    fs.mkdirSync(directory, { recursive: true });
    this.secrets = secretValues(env);
  }

  /** The log file of a stack (`undefined`: the command's own lines). */
  file(stack: string | undefined): string {
    return path.join(this.directory, `${stack ?? "_cdktf"}.${this.suffix}.log`);
  }

  mask(line: string): string {
    return maskSecrets(line, this.secrets);
  }

  /** Append a line (masked); returns the masked line. */
  write(stack: string | undefined, line: string): string {
    const masked = this.mask(line);
    fs.appendFileSync(this.file(stack), `${masked}\n`);
    const key = stack ?? "";
    const kept = this.lines.get(key) ?? [];
    kept.push(masked);
    // The tail is what a failure excerpt needs; the file has everything.
    if (kept.length > 4000) kept.splice(0, kept.length - 2000);
    this.lines.set(key, kept);
    return masked;
  }

  /** The last lines written for a stack in this run (masked). */
  recent(stack: string | undefined): readonly string[] {
    return this.lines.get(stack ?? "") ?? [];
  }
}

/**
 * Resource instances a synthesised stack declares (`count` taken at its
 * value when it is a number, 1 otherwise; data sources left out): the
 * progress view's guess at a stack's size until the engine's plan says.
 */
export function declaredResources(stackJson: { resource?: Record<string, Record<string, { count?: unknown }>> }): number {
  let total = 0;
  for (const byName of Object.values(stackJson.resource ?? {}))
    for (const resource of Object.values(byName)) total += typeof resource.count === "number" ? resource.count : 1;
  return total;
}
