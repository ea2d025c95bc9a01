/** Protection from destroy: one list of protected kinds, and the constructs mark exactly those. */
import { PROTECTED_RESOURCE_KINDS } from "../../domain/protection";
import { defaultDocument, envFrom, stackJson, synthToDir } from "../helpers";
import * as fs from "node:fs";
import * as path from "node:path";

/** Resource types of a synthesised tree whose resources carry `prevent_destroy`, and those with it `true`. */
function protectedTypes(out: string): { marked: Set<string>; on: Set<string> } {
  const marked = new Set<string>();
  const on = new Set<string>();
  for (const stack of fs.readdirSync(path.join(out, "stacks"))) {
    for (const [type, resources] of Object.entries(stackJson(out, stack).resource ?? {})) {
      for (const body of Object.values(resources as Record<string, { lifecycle?: { prevent_destroy?: boolean } }>)) {
        if (body.lifecycle?.prevent_destroy === undefined) continue;
        marked.add(type);
        if (body.lifecycle.prevent_destroy) on.add(type);
      }
    }
  }
  return { marked, on };
}

describe("protection from destroy", () => {
  test("the default environment protects exactly the kinds the plan report warns about, plus the application servers", () => {
    const { on } = protectedTypes(synthToDir(envFrom(defaultDocument())));
    expect([...on].sort()).toEqual([...Object.keys(PROTECTED_RESOURCE_KINDS), "vsphere_virtual_machine"].sort());
  });

  test("protectFromDestroy: false switches it off on every protected kind", () => {
    const doc = defaultDocument();
    doc.protectFromDestroy = false;
    const { marked, on } = protectedTypes(synthToDir(envFrom(doc)));
    expect(on.size).toBe(0);
    expect([...marked].sort()).toEqual([...Object.keys(PROTECTED_RESOURCE_KINDS), "vsphere_virtual_machine"].sort());
  });
});
