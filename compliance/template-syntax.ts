/**
 * Text is data, never code, checked on the synthesised output: every
 * Terraform template sequence (`${...}`, `%{...}`) in a synthesised value must
 * be one the code itself produces (a reference such as
 * `${vsphere_host.hosts_esx-01.id}` or `${var.esxi_password}`, or the desktop
 * number expression), and no value carries an unprintable character. Used by
 * the tests (template-syntax, fuzz) on every synthesised stack.
 */
import { firstUnprintable } from "../domain/text";

/** A reference the stacks write: `type.name.attr`, `var.x`, `data.t.n.outputs.x`, `terraform.workspace`, `key_provider.pbkdf2.rz`. */
const REFERENCE = /^[a-z_][a-z0-9_]*(?:\.[A-Za-z0-9_-]+|\[\d+\])+$/;

/** Expressions the code writes on purpose, verbatim. */
const CODE_EXPRESSIONS = new Set(['format("%03d", sum([count.index, 1]))']);

export interface TextFinding {
  /** JSON path of the value, e.g. `resource.vsphere_datacenter.datacenter.name`. */
  readonly path: string;
  readonly value: string;
  readonly reason: string;
}

/** The template sequences of a string: `${...}`/`%{...}` with their balanced contents (unbalanced: the rest of the string). */
export function templateSequences(text: string): string[] {
  const found: string[] = [];
  for (let i = text.search(/[$%]\{/); i >= 0; ) {
    let depth = 0;
    let end = text.length;
    for (let k = i + 1; k < text.length; k++) {
      if (text[k] === "{") depth++;
      else if (text[k] === "}" && --depth === 0) {
        end = k + 1;
        break;
      }
    }
    found.push(text.slice(i, end));
    const next = text.slice(end).search(/[$%]\{/);
    i = next < 0 ? -1 : end + next;
  }
  return found;
}

/** Is a template sequence one the code produces? */
export function codeProduced(sequence: string): boolean {
  if (!sequence.startsWith("${") || !sequence.endsWith("}")) return false;
  const inner = sequence.slice(2, -1);
  return REFERENCE.test(inner) || CODE_EXPRESSIONS.has(inner);
}

/** Every synthesised string (values and keys) with template syntax the code did not produce, or an unprintable character. */
export function foreignText(json: unknown): TextFinding[] {
  const findings: TextFinding[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: json, path: "" }];
  const check = (text: string, path: string) => {
    const foreign = templateSequences(text).filter((s) => !codeProduced(s));
    if (foreign.length > 0) findings.push({ path, value: text, reason: `template syntax the code did not produce: ${foreign.join(" ")}` });
    const bad = firstUnprintable(text);
    if (bad) findings.push({ path, value: text, reason: `unprintable character at ${bad.index}` });
  };
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") check(value, path);
    else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (!Array.isArray(value)) check(key, childPath);
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return findings;
}
