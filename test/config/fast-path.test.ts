/**
 * The fast path of reading an environment file (config/fast-yaml.ts, #20)
 * against the precise path (the `yaml` package's Document): for every case,
 * good and bad, handwritten, mutated in its values and mutated as text, the
 * fast-first reading gives the same value, or the same problem lines
 * (positions included), as the precise path alone. The fast path only ever
 * answers for files the precise path accepts unchanged.
 */
import { isDeepStrictEqual } from "node:util";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { readDocument, readDocumentPrecisely } from "../../config/document";
import { readFast } from "../../config/fast-yaml";
import { parseEnvironment } from "../../config/load";
import { ConfigError } from "../../config/problems";
import { environmentOf } from "../../bench/generate";
import { defaultDocument, ROOT } from "../helpers";

const FILE = "config/case.yaml";

/** What parseEnvironment makes of a text: the environment, or the problem lines. */
function outcome(text: string, precise: boolean): unknown {
  try {
    return { env: parseEnvironment(text, FILE, { precise }) };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.message.split("\n") };
    throw error;
  }
}

/** mulberry32: a small deterministic generator. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULT_TEXT = fs.readFileSync(path.join(ROOT, "config", "dithmarschen.yaml"), "utf8");
const TWO_TENANTS = fs.readFileSync(path.join(ROOT, "config", "dithmarschen-two-tenants.yaml"), "utf8");

/** Hand-written bad and unusual files: the kinds of test/config/hostile.test.ts and more YAML corners. */
const HANDWRITTEN: [string, string][] = [
  ["a tag", "environment: !vault secret/rz\n"],
  ["a core tag", "environment: !!str test\n"],
  ["an alias without anchor", "environment: *nowhere\n"],
  ["a circular alias", "environment: test\nclusters: &c [*c]\n"],
  ["a block circular alias", "environment: test\nclusters: &c\n  - *c\n"],
  ["a duplicate key", "environment: test\nenvironment: prod\n"],
  ["a duplicate flow key", "x: { a: 1, a: 2 }\n"],
  ["a tab", "environment:\ttest\n"],
  ["a tab indentation", "x:\n\ta: 1\n"],
  ["a carriage return", "environment: test\r\n"],
  ["a byte order mark", "\uFEFFenvironment: test\n"],
  ["a document marker", "---\nenvironment: test\n"],
  ["two documents", "environment: test\n---\nenvironment: prod\n"],
  ["a directive", "%YAML 1.1\n---\nenvironment: test\n"],
  ["a merge key", "a: &a { x: 1 }\nb:\n  <<: *a\n"],
  ["a null key", "null: 1\n"],
  ["a boolean key", "True: 1\n"],
  ["a number key", "1: a\n'1': b\n"],
  ["a proto key", "__proto__: { polluted: true }\nenvironment: test\n"],
  ["a constructor key", "constructor: 1\ntoString: 2\n"],
  ["a list key", "environment: test\n? [a]\n: 1\n"],
  ["an empty file", ""],
  ["a comment only", "# nothing\n"],
  ["a scalar document", "just text\n"],
  ["a list document", "- a\n- b\n"],
  ["an indented root", "  environment: test\n"],
  ["bad indentation", "a:\n    b: 1\n  c: 2\n"],
  ["a continuation line", "a: one\n  two\n"],
  ["a block scalar", "a: |\n  text\n"],
  ["a folded scalar", "a: >-\n  text\n  more\n"],
  ["a multi-line quoted scalar", 'a: "one\n  two"\n'],
  ["escapes", 'a: "tab\\there \\u00e9"\n'],
  ["single quotes", "a: 'it''s'\n"],
  ["an unclosed quote", 'a: "open\n'],
  ["text after a quote", 'a: "x" y\n'],
  ["a comment after a quote without space", 'a: "x"#c\n'],
  ["a nested compact mapping", "a: b: c\n"],
  ["a sequence on a key line", "a: - b\n"],
  ["a compact list", "a:\n- - x\n  - y\n- z\n"],
  ["a list at the key's indentation", "a:\n- x\n- y\nb: 1\n"],
  ["an anchor alone", "a: &x\nb: *x\n"],
  ["an anchor on a block", "a: &x\n  k: v\nb: *x\nc: *x\n"],
  ["a redefined anchor", "a: &x 1\nb: &x 2\nc: *x\n"],
  ["an anchor on a key", "&k a: 1\n"],
  ["an alias as key", "a: &k b\n*k : 1\n"],
  ["a trailing comma", "a: [x, y,]\n"],
  ["an empty flow entry", "a: [x, , y]\n"],
  ["a flow key without value", "a: { b }\n"],
  ["a flow map with colon inside", "a: { b:c }\n"],
  ["an url in a flow list", "a: [https://example.org/x]\n"],
  ["numbers", "a: [0x1F, 0o17, -0, +5, 1e3, .5, 1., .inf, -.Inf, .nan, 007, 1_000]\n"],
  ["big numbers", "a: 123456789012345678901234567890\nb: 1e400\n"],
  ["specials", "a: [~, null, Null, NULL, true, False, yes, no, on, off]\n"],
  ["empty values", "a:\nb: ~\nc: ''\nd: []\ne: {}\n"],
  ["a template", 'a: ${file("/etc/passwd")}\n'],
  ["a cdktf token", "a: ${TfToken[TOKEN.1]}\n"],
  ["a control character", "a: x\u0007y\n"],
  ["a bidi character", "a: x\u202Ey\n"],
  ["a long string", `a: ${"x".repeat(1100)}\n`],
  ["a long key", `${"k".repeat(1100)}: 1\n`],
  ["a comment in plain text", "a: x # comment\nb: y#not\n"],
  ["colons in plain text", "a: http://x:80/y\nb: a:b\nc: 'x: y'\n"],
  ["odd plain starts", "a: -x\nb: ?x\nc: :x\nd: @x\ne: `x\nf: %x\n"],
  ["deep flow nesting", `x: ${"[".repeat(40)}${"]".repeat(40)}\n`],
  ["deep block nesting", `${Array.from({ length: 40 }, (_, i) => `${" ".repeat(2 * i)}k${i}:`).join("\n")} 1\n`],
  ["nested lists in a line", `x: ${"- ".repeat(40)}y\n`],
  ["an alias bomb", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"],
  ["many aliases", `a: &a x\n${Array.from({ length: 120 }, (_, i) => `k${i}: *a`).join("\n")}\n`],
  ["just under the alias limit", `a: &a x\n${Array.from({ length: 99 }, (_, i) => `k${i}: *a`).join("\n")}\n`],
  ["aliases of an empty list", `a: &a []\n${Array.from({ length: 120 }, (_, i) => `k${i}: *a`).join("\n")}\n`],
  ["an alias inside an anchored value", "a: &a x\nb: &b\n  - *a\nc: *b\nd: *b\n"],
  ["a key without space", "a:b\n"],
  ["a key with space before colon", "a : b\n"],
  ["a question mark key", "? a\n: b\n"],
  ["dashes as values", "a: ---\nb:\n  - ---\n  - -\n  - --x\nc: -\n"],
  ["question marks as values", "a: ?\nb: ? x\nc: x:\n"],
  ["flow collections of every kind", "a: [a, 'b', \"c\"]\nb: {b: 1}\nc: { b: [1, 2], c: { d: e } }\nd: [ ]\ne: { }\nf: [it's, a b]\n"],
  ["flow maps as list entries", "a:\n  - { x: 1, y: [a] }\n  - {}\n"],
  ["compact maps with wide dashes", "a:\n-   b: 1\n    c: 2\n- d\n"],
  ["a compact map's value at its key's column", "- a:\n  b: 1\n"],
  ["a list item continued", "- x\n  y\n"],
  ["comments everywhere", "# head\na: 1 # one\n   # odd indent\nb:   # block\n  - x  # item\n# col 0 inside\n  - y\n"],
  ["an anchor on an alias", "a: &x 1\nb: &y *x\n"],
  ["an anchor with a comment then a block", "a: &x # c\n  b: 1\nc: *x\n"],
  ["an alias with a colon", "a: &x 1\nb: *x:\n"],
  ["an alias with text after", "a: &x 1\nb: *x y\n"],
  ["a key at an odd indentation", "a:\n  b: 1\n c: 2\n"],
  ["a dash line after a map", "a: 1\n- x\n"],
  ["a key with a comment glued on", "a:# c\n"],
  ["a hash inside plain text", "a: b#c\nb: x #\n"],
];

/** The default file with one value replaced (as the fuzz test mutates): type, size, text and structure changes. */
function valueMutations(count: number): string[] {
  const next = random(20);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const replacements: unknown[] = [
    "",
    "x",
    -1,
    0,
    4095,
    1.5,
    true,
    null,
    [],
    {},
    "${var.x}",
    "a\u0000b",
    "x".repeat(300),
    "10.0.0.0/8",
    "rz-cluster-1",
    "kreishaus-cluster",
    "verwaltung-standard",
    "  spaced  ",
    "a: b",
    "#hash",
    "- dash",
    "'quoted'",
    '"double"',
    "null",
    "0x10",
    "1e3",
    "yes",
  ];
  const texts: string[] = [];
  for (let n = 0; n < count; n++) {
    const doc = defaultDocument();
    const leaves: { parent: Record<string | number, unknown>; key: string | number }[] = [];
    const walk = (value: unknown) => {
      if (value === null || typeof value !== "object") return;
      for (const [k, v] of Object.entries(value)) {
        leaves.push({ parent: value as Record<string, unknown>, key: Array.isArray(value) ? Number(k) : k });
        walk(v);
      }
    };
    walk(doc);
    for (let k = 0; k < 1 + Math.floor(next() * 3); k++) {
      const leaf = pick(leaves);
      leaf.parent[leaf.key] = pick(replacements);
    }
    texts.push(stringify(doc));
  }
  return texts;
}

/** The default file with its text edited: characters and lines inserted, deleted, duplicated, re-indented. */
function textMutations(base: string, count: number, seed: number): string[] {
  const next = random(seed);
  const inserts = [
    " ",
    "  ",
    "-",
    "- ",
    ":",
    ": ",
    "#",
    " #",
    "&a ",
    "*a",
    "!",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "\t",
    "~",
    "\n",
    "?",
    "|",
    ">",
    "0",
    ".",
  ];
  const texts: string[] = [];
  for (let n = 0; n < count; n++) {
    const lines = base.split("\n");
    for (let k = 0; k < 1 + Math.floor(next() * 2); k++) {
      const i = Math.floor(next() * lines.length);
      const line = lines[i];
      const at = Math.floor(next() * (line.length + 1));
      switch (Math.floor(next() * 6)) {
        case 0:
          lines[i] = line.slice(0, at) + inserts[Math.floor(next() * inserts.length)] + line.slice(at);
          break;
        case 1:
          lines[i] = line.slice(0, at) + line.slice(at + 1);
          break;
        case 2:
          lines.splice(i, 0, line);
          break;
        case 3:
          lines.splice(i, 1);
          break;
        case 4:
          lines[i] = ` ${line}`;
          break;
        default:
          lines[i] = line.replace(/^ /, "");
      }
    }
    texts.push(lines.join("\n"));
  }
  return texts;
}

describe("the fast path reads what the precise path reads", () => {
  test("the project's environment files and generated estates take the fast path with the same value", () => {
    const texts = [DEFAULT_TEXT, TWO_TENANTS, stringify(environmentOf(1)), stringify(environmentOf(12))];
    for (const text of texts) {
      const fast = readFast(text);
      expect(fast).toBeDefined();
      const precise = readDocumentPrecisely(text);
      expect(precise.problems).toEqual([]);
      expect(isDeepStrictEqual(fast!.value, precise.value)).toBe(true);
    }
  });

  test.each(HANDWRITTEN)("%s: the same value or the same problem lines", (_what, text) => {
    const fast = readDocument(text);
    const precise = readDocumentPrecisely(text);
    expect(fast.problems).toEqual(precise.problems);
    expect(isDeepStrictEqual(fast.value, precise.value)).toBe(true);
    expect(outcome(text, false)).toEqual(outcome(text, true));
  });

  test("values mutated in the default file (types, sizes, text): the same environment or the same problem lines", () => {
    let fastAnswered = 0;
    let bad = 0;
    for (const text of valueMutations(60)) {
      if (readFast(text) !== undefined) fastAnswered++;
      const precise = outcome(text, true);
      if ("problems" in (precise as object)) bad++;
      expect(outcome(text, false)).toEqual(precise);
    }
    // The cases exercise both paths: most mutated files are bad, many are still read by the fast path.
    expect(bad).toBeGreaterThan(20);
    expect(fastAnswered).toBeGreaterThan(20);
  });

  test("text edits of the default and the two-tenant file: the same environment or the same problem lines", () => {
    for (const text of [...textMutations(DEFAULT_TEXT, 80, 21), ...textMutations(TWO_TENANTS, 40, 22)]) {
      const fast = readDocument(text);
      const precise = readDocumentPrecisely(text);
      expect({ text, problems: fast.problems }).toEqual({ text, problems: precise.problems });
      expect(isDeepStrictEqual(fast.value, precise.value)).toBe(true);
      expect(outcome(text, false)).toEqual(outcome(text, true));
    }
  });
});
