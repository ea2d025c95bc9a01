/**
 * The fast path of config/document.ts: a small reader for the plain subset of
 * YAML that environment files are written in (block mappings and lists,
 * one-line flow collections, plain and quoted one-line scalars, comments,
 * anchors and aliases), about ten times cheaper than building the `yaml`
 * package's Document. It never reports a problem: on anything outside that
 * subset, and on anything the precise path would report (a duplicate key, a
 * tag, an alias without an anchor or inside its own anchor, an alias count
 * the precise path refuses, nesting deeper than MAX_DEPTH, a string or number
 * the text policy refuses), it returns `undefined` and readDocument falls
 * back to the precise path, which then finds and words the problems. So the
 * problems of a bad file always come from the precise path; for the files it
 * accepts it returns the value the precise path's `toJS` returns (plain
 * scalars resolved by the `yaml` package's own core-schema tags).
 * test/config/fast-path.test.ts compares both paths.
 */
import { Document, Scalar } from "yaml";
import { numberProblem, textProblem } from "./text";

/** Deepest nesting of mappings and lists an environment file may have (the schema itself needs 6). */
export const MAX_DEPTH = 32;
/** How many times aliases may be expanded in one file (YAML alias bombs expand exponentially). */
export const MAX_ALIAS_COUNT = 100;

/** Thrown inside the reader: leave this file to the precise path. */
class Unsure extends Error {}
const unsure = (): never => {
  throw new Unsure();
};

interface ScalarTagLike {
  readonly default?: boolean | "key";
  readonly test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: object): unknown;
}

/** The core schema's scalar tags, as the `yaml` package resolves plain scalars (YAML 1.2, the default). */
const CORE_SCALAR_TAGS: readonly ScalarTagLike[] = (new Document().schema.tags as unknown as ScalarTagLike[]).filter(
  (tag) => tag.default === true && tag.test !== undefined,
);
const RESOLVE_OPTIONS = { intAsBigInt: false };

const MAY_BE_TYPED = /^(?:$|[~nNtTfF0-9+\-.])/;

/** A plain scalar's value as the `yaml` package's core schema reads it. */
function resolvePlain(text: string): unknown {
  // Every core tag's pattern starts with one of these (null, booleans, numbers); any other text stays a string.
  if (!MAY_BE_TYPED.test(text)) return text;
  for (const tag of CORE_SCALAR_TAGS) {
    if (tag.test!.test(text)) {
      let failed = false;
      const resolved = tag.resolve(text, () => (failed = true), RESOLVE_OPTIONS);
      // Some tags return a Scalar node (null, booleans, floats), as composeScalar accepts.
      const value = resolved instanceof Scalar ? resolved.value : resolved;
      if (failed || (typeof value === "object" && value !== null)) unsure();
      return value;
    }
  }
  return text;
}

/** Keys are plain names that stay strings (not `null`, `true`, numbers, merge keys). */
const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)/;
const ANCHOR = /^[&*]([^\s,[\]{}]+)/;

interface Anchor {
  value: unknown;
  /** Still being read: an alias to it is circular. */
  open: boolean;
  /** Its value contains an alias (its alias count is not simply 1). */
  nested: boolean;
  uses: number;
}

interface Line {
  indent: number;
  /** The line's text after its indentation (comments not yet removed). */
  content: string;
}

class FastReader {
  private readonly lines: Line[] = [];
  private i = 0;
  private readonly anchors = new Map<string, Anchor>();
  /** Anchors whose values are being read (for `nested`). */
  private readonly openAnchors: Anchor[] = [];

  constructor(text: string) {
    for (const raw of text.split("\n")) {
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent++;
      const content = raw.slice(indent);
      if (content === "" || content.trimEnd() === "" || content[0] === "#") continue;
      this.lines.push({ indent, content: content.trimEnd() });
    }
  }

  read(): unknown {
    if (this.lines.length === 0 || this.lines[0].indent !== 0) unsure();
    const first = this.lines[0].content;
    if (first.startsWith("---") || first.startsWith("...") || first[0] === "%" || !KEY.test(first)) unsure();
    const value = this.map(0, 0);
    if (this.i !== this.lines.length) unsure();
    return value;
  }

  private string(text: string): string {
    if (textProblem(text) !== undefined) unsure();
    return text;
  }

  private scalar(value: unknown, written: string): unknown {
    if (typeof value === "string") return this.string(value);
    if (typeof value === "number" && numberProblem(value, written) !== undefined) unsure();
    return value;
  }

  private set(object: Record<string, unknown>, key: string, value: unknown): void {
    if (Object.prototype.hasOwnProperty.call(object, key)) unsure(); // a duplicate key: the precise path says so
    if (key in object) Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
    else object[key] = value;
  }

  private alias(name: string): unknown {
    const anchor = this.anchors.get(name);
    if (!anchor || anchor.open || anchor.nested) unsure();
    anchor!.uses++;
    // yaml's toJS: count (1 + uses) × alias count (1 for a value without aliases, 0 for an empty one) must stay ≤ the limit.
    if (1 + anchor!.uses > MAX_ALIAS_COUNT) unsure();
    for (const open of this.openAnchors) open.nested = true;
    return anchor!.value;
  }

  private anchored(name: string, read: (anchor: Anchor) => unknown): unknown {
    if (this.anchors.has(name)) unsure(); // a redefined anchor: leave the subtleties to the precise path
    const anchor: Anchor = { value: undefined, open: true, nested: false, uses: 0 };
    this.anchors.set(name, anchor);
    this.openAnchors.push(anchor);
    const value = read(anchor);
    this.openAnchors.pop();
    anchor.open = false;
    anchor.value = value;
    return value;
  }

  /** A block mapping whose keys are at `indent`. */
  private map(indent: number, depth: number): Record<string, unknown> {
    if (depth >= MAX_DEPTH) unsure();
    const object: Record<string, unknown> = {};
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent) unsure();
      const key = KEY.exec(line.content);
      if (!key || key[1].length > 1000 || resolvePlain(key[1]) !== key[1]) unsure();
      const name = this.string(key![1]);
      const rest = line.content.slice(key![0].length);
      this.i++;
      this.set(object, name, this.value(rest, indent, depth + 1, true));
    }
    return object;
  }

  /** A block list whose `-` are at `indent`. */
  private seq(indent: number, depth: number): unknown[] {
    if (depth >= MAX_DEPTH) unsure();
    const items: unknown[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent) unsure();
      if (line.content !== "-" && !line.content.startsWith("- ")) break;
      let offset = 1;
      while (line.content.charCodeAt(offset) === 32) offset++;
      const rest = line.content.slice(offset);
      if (rest !== "" && (KEY.test(rest) || rest === "-" || rest.startsWith("- "))) {
        // A compact mapping or list in the entry: read the rest of the line as a line of its own at its column.
        this.lines[this.i] = { indent: indent + offset, content: rest };
        items.push(KEY.test(rest) ? this.map(indent + offset, depth + 1) : this.seq(indent + offset, depth + 1));
        continue;
      }
      this.i++;
      items.push(this.value(rest, indent, depth + 1, false));
    }
    return items;
  }

  /** The value after `key:` or `-` (`rest`, possibly empty), whose owner is at `indent`. */
  private value(rest: string, indent: number, depth: number, inMap: boolean): unknown {
    let text = rest;
    const anchor = text[0] === "&" ? ANCHOR.exec(text) : null;
    if (anchor) {
      text = text.slice(anchor[0].length);
      if (text !== "" && text[0] !== " ") unsure();
      text = text.trimStart();
      // An anchor on an alias or a second anchor is an error or a corner: the precise path.
      if (text[0] === "*" || text[0] === "&") unsure();
      // An anchor alone on its line must own a deeper block (anything else: the precise path).
      if ((text === "" || text[0] === "#") && !(this.lines[this.i] && this.lines[this.i].indent > indent)) unsure();
      return this.anchored(anchor[1], () => this.value(text, indent, depth, inMap));
    }
    if (text === "" || text[0] === "#") {
      const next = this.lines[this.i];
      if (next && next.indent > indent) {
        if (next.content === "-" || next.content.startsWith("- ")) return this.seq(next.indent, depth);
        if (KEY.test(next.content)) return this.map(next.indent, depth);
        return unsure();
      }
      // A list may sit at its key's own indentation.
      if (inMap && next && next.indent === indent && (next.content === "-" || next.content.startsWith("- ")))
        return this.seq(indent, depth);
      return null;
    }
    let value: unknown;
    let after: string;
    if (text[0] === "*") {
      const alias = ANCHOR.exec(text);
      if (!alias) return unsure();
      value = this.alias(alias[1]);
      after = text.slice(alias[0].length);
    } else if (text[0] === "[" || text[0] === "{") {
      const flow = new FlowReader(text, this, depth);
      value = flow.value();
      after = text.slice(flow.at);
    } else if (text[0] === '"' || text[0] === "'") {
      const quoted = readQuoted(text, 0);
      value = this.string(quoted.value);
      after = text.slice(quoted.end);
    } else {
      const comment = text.indexOf(" #");
      const plain = (comment < 0 ? text : text.slice(0, comment)).trimEnd();
      if (!isSafePlain(plain)) unsure();
      value = this.scalar(resolvePlain(plain), plain);
      after = "";
    }
    if (after !== "" && !/^ +(#.*)?$/.test(after)) unsure();
    // A deeper line after a one-line value would be a continuation or an error: the precise path decides.
    const next = this.lines[this.i];
    if (next && next.indent > indent) unsure();
    return value;
  }

  /** For FlowReader: strings and numbers pass the same policy. */
  checkString(text: string): string {
    return this.string(text);
  }
  checkScalar(value: unknown, written: string): unknown {
    return this.scalar(value, written);
  }
}

/** A plain one-line scalar in block context that cannot mean anything but its text. */
function isSafePlain(plain: string): boolean {
  if (plain === "") return false;
  if ("-?:,[]{}#&*!|>'\"%@`".includes(plain[0]) && !(plain[0] === "-" && plain.length > 1 && plain[1] !== " ")) return false;
  if (plain.includes(": ") || plain.endsWith(":") || plain.includes(" #")) return false;
  return true;
}

/** A one-line quoted scalar at `start`: double-quoted without escapes, or single-quoted (`''` is one quote). */
function readQuoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  if (quote === '"') {
    const end = text.indexOf('"', start + 1);
    if (end < 0) unsure();
    const value = text.slice(start + 1, end);
    if (value.includes("\\")) unsure();
    return { value, end: end + 1 };
  }
  let value = "";
  let i = start + 1;
  for (;;) {
    const end = text.indexOf("'", i);
    if (end < 0) unsure();
    value += text.slice(i, end);
    if (text[end + 1] === "'") {
      value += "'";
      i = end + 2;
    } else return { value, end: end + 1 };
  }
}

/** A one-line flow collection (`[a, b]`, `{ name: x, n: 1 }`, nested), as environment files write short lists and records. */
class FlowReader {
  at = 0;
  constructor(
    private readonly text: string,
    private readonly owner: FastReader,
    private readonly depth: number,
  ) {}

  private spaces(): void {
    while (this.text[this.at] === " ") this.at++;
  }

  value(depth = this.depth): unknown {
    const c = this.text[this.at];
    if (c === "[" || c === "{") {
      if (depth >= MAX_DEPTH) unsure();
      const close = c === "[" ? "]" : "}";
      const items: unknown[] = [];
      const object: Record<string, unknown> = {};
      this.at++;
      this.spaces();
      if (this.text[this.at] === close) {
        this.at++;
        return c === "[" ? items : object;
      }
      for (;;) {
        this.spaces();
        if (c === "{") {
          const key = /^([A-Za-z_][A-Za-z0-9_-]*): +/.exec(this.text.slice(this.at));
          if (!key || key[1].length > 1000 || resolvePlain(key[1]) !== key[1]) unsure();
          this.at += key![0].length;
          const name = this.owner.checkString(key![1]);
          const value = this.value(depth + 1);
          if (Object.prototype.hasOwnProperty.call(object, name)) unsure();
          if (name in object) Object.defineProperty(object, name, { value, writable: true, enumerable: true, configurable: true });
          else object[name] = value;
        } else items.push(this.value(depth + 1));
        this.spaces();
        const next = this.text[this.at++];
        if (next === close) return c === "[" ? items : object;
        if (next !== ",") unsure();
        this.spaces();
        if (this.text[this.at] === close || this.text[this.at] === ",") unsure(); // trailing or empty entries
      }
    }
    if (c === '"' || c === "'") {
      const quoted = readQuoted(this.text, this.at);
      this.at = quoted.end;
      return this.owner.checkString(quoted.value);
    }
    let end = this.at;
    while (end < this.text.length && !",[]{}".includes(this.text[end])) end++;
    const plain = this.text.slice(this.at, end).trimEnd();
    if (!isSafePlain(plain) || plain.includes(":") || plain.includes("#")) unsure();
    this.at = end;
    return this.owner.checkScalar(resolvePlain(plain), plain);
  }
}

/**
 * The value of `text` if it is in the fast subset and the precise path would
 * accept it unchanged; `undefined` means: ask the precise path.
 */
export function readFast(text: string): { value: unknown } | undefined {
  // Tabs, carriage returns, a byte order mark and other unusual whitespace: the precise path.
  if (/[\t\r\uFEFF\u0085\u2028\u2029]/.test(text)) return undefined;
  try {
    return { value: new FastReader(text).read() };
  } catch (error) {
    // Unsure, or anything unexpected (a stack overflow): the precise path has the error handling.
    if (error instanceof Unsure || error instanceof Error) return undefined;
    throw error;
  }
}
