/**
 * Where in an environment file a problem is: the line and column of the field
 * a problem's path names (`tenants[0].sites[2].vlan`), from the `yaml`
 * package's document tree and its LineCounter. A path that does not exist in
 * the file (a missing field, a default) points at its nearest ancestor that
 * does; a problem about the whole file points at its first line. Only the
 * error path calls this: valid files are never parsed twice.
 */
import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from "yaml";
import { ConfigProblem } from "./problems";

/** `tenants[0].sites[2].vlan` → `["tenants", 0, "sites", 2, "vlan"]` */
export function parsePath(path: string): (string | number)[] {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]));
}

/** 1-based line and column of the field at `path` (or its nearest ancestor present in the file). */
export type Position = { readonly line: number; readonly col: number };

/** Positions of fields in one file's text. */
export class PositionIndex {
  private readonly counter = new LineCounter();
  private readonly root: unknown;

  constructor(text: string) {
    const doc = parseDocument(text, { lineCounter: this.counter, uniqueKeys: false });
    this.root = doc.contents;
  }

  /** The field a path names: a map entry's key, a sequence item; its nearest present ancestor when it is absent. */
  locate(path: string): Position {
    let node: unknown = this.root;
    let at: number | undefined = offsetOf(node);
    for (const part of parsePath(path)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(part));
        if (!pair) break;
        at = offsetOf(pair.key) ?? offsetOf(pair.value) ?? at;
        node = pair.value;
      } else if (isSeq(node) && typeof part === "number" && node.items[part] !== undefined) {
        node = node.items[part];
        at = offsetOf(node) ?? at;
      } else break;
    }
    const { line, col } = this.counter.linePos(at ?? 0);
    return { line, col };
  }
}

function offsetOf(node: unknown): number | undefined {
  return node && typeof node === "object" && "range" in node ? (node as Node).range?.[0] : undefined;
}

/** The problems with the line and column of the field each names (those that already have one keep it). */
export function locateProblems(text: string, problems: readonly ConfigProblem[]): ConfigProblem[] {
  let index: PositionIndex;
  try {
    index = new PositionIndex(text);
  } catch {
    return [...problems];
  }
  return problems.map((p) => (p.line !== undefined ? p : { ...p, ...index.locate(p.path) }));
}
