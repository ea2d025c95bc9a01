/**
 * YAML text → plain value, with every way YAML can hurt inside the error
 * handling: syntax errors, duplicate keys, tags (refused with the tag named:
 * a `!vault` value would otherwise silently become a string), aliases without
 * an anchor, circular aliases, alias bombs (a bounded alias count), nesting
 * deeper than {@link MAX_DEPTH} (and parser stack overflows), keys that are
 * collections, numbers that are not finite (named as written: `.nan`), and the
 * text policy (config/text.ts) for every key and string scalar.
 */
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node, parseDocument, visit } from "yaml";
import { MAX_ALIAS_COUNT, MAX_DEPTH, readFast } from "./fast-yaml";
import { ConfigProblem, formatPath, show } from "./problems";
import { numberProblem, textProblem } from "./text";

export { MAX_ALIAS_COUNT, MAX_DEPTH };

/** Tags a file may spell out: YAML's core types, nothing that changes how a value is read. */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

const shownTag = (tag: string): string => tag.replace(/^tag:yaml\.org,2002:/, "!!");

function syntaxProblems(doc: Document): ConfigProblem[] {
  return doc.errors.map((e) => {
    const at = e.linePos?.[0];
    const reason = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    return { path: "", message: `YAML syntax error: ${reason}`, line: at?.line ?? 1, col: at?.col ?? 1 };
  });
}

/**
 * Every alias's target as `Alias.resolve` finds it (the last node before the
 * alias, in document order, with that anchor), in one walk: `resolve` walks
 * the document from its start for every alias, which is quadratic in a file
 * with many aliases (16 s for a generated 100-tenant file).
 */
function aliasTargets(doc: Document): Map<Alias, Node | undefined> {
  const targets = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return targets;
}

/** Walk the document's nodes without recursion (a deep file cannot overflow the stack here). */
function nodeProblems(doc: Document, text: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  let targets: Map<Alias, Node | undefined> | undefined;
  type Item = { node: unknown; path: (string | number)[]; ancestors: readonly unknown[] };
  const stack: Item[] = [{ node: doc.contents, path: [], ancestors: [] }];
  const add = (path: (string | number)[], message: string) => problems.push({ path: formatPath(path), message });
  while (stack.length > 0) {
    const { node, path, ancestors } = stack.pop()!;
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      targets ??= aliasTargets(doc);
      const target = targets.get(node as Alias);
      if (!target) add(path, `alias *${show(node.source).slice(1, -1)} has no anchor before it`);
      else if (ancestors.includes(target))
        add(path, `alias *${show(node.source).slice(1, -1)} refers to a value that contains it (circular)`);
      continue;
    }
    const tag = (node as Node).tag;
    if (tag && !CORE_TAGS.has(tag)) {
      add(path, `is tagged ${show(shownTag(tag)).slice(1, -1)}: YAML tags are not supported; write the plain value`);
      continue;
    }
    if (isScalar(node)) {
      const written = node.range ? text.slice(node.range[0], node.range[1]).trim() : String(node.value);
      const problem =
        typeof node.value === "string"
          ? textProblem(node.value)
          : typeof node.value === "number"
            ? numberProblem(node.value, written.length > 40 ? `${written.slice(0, 40)}…` : written)
            : undefined;
      if (problem) add(path, problem);
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (ancestors.length >= MAX_DEPTH) {
      add(path, `nests deeper than ${MAX_DEPTH} levels`);
      continue;
    }
    const inner = [...ancestors, node];
    const children: Item[] = [];
    node.items.forEach((item, index) => {
      if (!isPair(item)) {
        children.push({ node: item, path: [...path, index], ancestors: inner });
        return;
      }
      const key = item.key;
      if (!isScalar(key) || (key.tag && !CORE_TAGS.has(key.tag))) {
        add(
          path,
          `has a key that is ${isAlias(key) ? "an alias" : isScalar(key) ? `tagged ${shownTag(key.tag ?? "")}` : "a mapping or list"}; keys are plain names`,
        );
        return;
      }
      const name = String(key.value);
      const problem = typeof key.value === "string" ? textProblem(key.value) : undefined;
      if (problem) {
        add(path, `key ${problem}`);
        return;
      }
      children.push({ node: item.value, path: [...path, name], ancestors: inner });
    });
    stack.push(...children.reverse());
  }
  return problems;
}

/**
 * A cheap scan before parsing: flow collections (`[`, `{`) opened more than
 * twice {@link MAX_DEPTH} deep, or a line of more than that many nested block
 * list entries (`- - - x`). The parser recurses once per level, so such text
 * would cost seconds before it overflows; refusing it here keeps every file
 * fast. Quoted text and comments are skipped; the scan may under-count (an
 * apostrophe in plain text), never refuse what the node walk would accept.
 */
function nestingTooDeep(text: string): boolean {
  const limit = 2 * MAX_DEPTH;
  if (new RegExp(`(?:-[ \\t]+){${limit},}`).test(text)) return true;
  // Jump from one character that matters to the next (a regex scan is far cheaper than a loop over every character).
  const special = /["'#[\]{}]/g;
  const inDoubleQuotes = /["\\]/g;
  let depth = 0;
  for (let match = special.exec(text); match !== null; match = special.exec(text)) {
    const i = match.index;
    const c = text[i];
    if (c === '"') {
      // To the closing quote, an escaped character skipped (to the end of the text if there is none).
      inDoubleQuotes.lastIndex = i + 1;
      let end = text.length;
      for (let q = inDoubleQuotes.exec(text); q !== null; q = inDoubleQuotes.exec(text)) {
        if (text[q.index] === '"') {
          end = q.index;
          break;
        }
        inDoubleQuotes.lastIndex = q.index + 2;
      }
      special.lastIndex = end + 1;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      special.lastIndex = end < 0 ? text.length : end + 1;
    } else if (c === "#") {
      if (i === 0 || /\s/.test(text[i - 1])) {
        const end = text.indexOf("\n", i);
        special.lastIndex = end < 0 ? text.length : end;
      }
    } else if (c === "[" || c === "{") {
      if (++depth > limit) return true;
    } else if (depth > 0) {
      depth--;
    }
  }
  return false;
}

/**
 * Parse YAML text into a plain value, or return the problems that stop it.
 * Never throws for any input text. A file in the plain subset environment
 * files are written in is read by the fast path (config/fast-yaml.ts), which
 * returns a value only where the precise path would return the same value
 * without problems; every other file, every bad one included, goes through
 * the precise path ({@link readDocumentPrecisely}), so problems are always
 * found and worded there.
 */
export function readDocument(text: string): { value: unknown; problems: ConfigProblem[] } {
  if (nestingTooDeep(text)) return { value: undefined, problems: [{ path: "", message: `nests deeper than ${MAX_DEPTH} levels` }] };
  const fast = readFast(text);
  if (fast !== undefined) return { value: fast.value, problems: [] };
  return readDocumentPrecisely(text);
}

/** The precise path: the `yaml` package's Document, every check on its nodes, then its `toJS`. */
export function readDocumentPrecisely(text: string): { value: unknown; problems: ConfigProblem[] } {
  if (nestingTooDeep(text)) return { value: undefined, problems: [{ path: "", message: `nests deeper than ${MAX_DEPTH} levels` }] };
  let doc: Document;
  try {
    doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const reason =
      error instanceof RangeError
        ? `nests too deeply for the YAML parser (at most ${MAX_DEPTH} levels)`
        : `cannot be parsed as YAML (${String(error)})`;
    return { value: undefined, problems: [{ path: "", message: reason }] };
  }
  if (doc.errors.length > 0) return { value: undefined, problems: syntaxProblems(doc) };
  const problems = nodeProblems(doc, text);
  if (problems.length > 0) return { value: undefined, problems };
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems: [] };
  } catch (error) {
    const message =
      error instanceof ReferenceError && /alias count/.test(error.message)
        ? `expands aliases more than ${MAX_ALIAS_COUNT} times (an alias bomb?)`
        : `cannot be read as YAML (${String(error)})`;
    return { value: undefined, problems: [{ path: "", message }] };
  }
}
