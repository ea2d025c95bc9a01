/**
 * Resolve `${...}` references in synthesised attributes back to the element
 * they name: same-stack resources (`${vsphere_tag.x.id}`), cross-stack
 * outputs (`${data.terraform_remote_state.cross-stack-reference-input-<stack>.outputs.cross-stack-output-<type>-<id>-<attr>}`)
 * and variables (`${var.name}`).
 */
import { ElementView } from "./rule";

const LOCAL = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z0-9_]+\}$/;
const REMOTE =
  /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs\.cross-stack-output-([A-Za-z0-9_.-]+)\}$/;
const VARIABLE = /^\$\{var\.([A-Za-z0-9_-]+)\}$/;

export class ReferenceIndex {
  private readonly byAddress = new Map<string, ElementView>();

  constructor(elements: readonly ElementView[]) {
    for (const element of elements) {
      this.byAddress.set(`${element.stack}/${element.type}.${element.logicalId}`, element);
    }
  }

  resolve(from: ElementView, reference: unknown): ElementView | undefined {
    if (typeof reference !== "string") return undefined;
    const variable = VARIABLE.exec(reference);
    if (variable) return this.byAddress.get(`${from.stack}/variable.${variable[1]}`);
    const local = LOCAL.exec(reference);
    if (local) return this.byAddress.get(`${from.stack}/${local[1]}.${local[2]}`);
    const remote = REMOTE.exec(reference);
    if (remote) {
      // The output is named <type>-<logicalId>-<attribute>: types and attributes have no hyphens.
      const [, stack, output] = remote;
      const first = output.indexOf("-");
      const last = output.lastIndexOf("-");
      if (first > 0 && last > first) return this.byAddress.get(`${stack}/${output.slice(0, first)}.${output.slice(first + 1, last)}`);
    }
    return undefined;
  }
}

/** Is the value a reference to a sensitive variable? */
export function isSensitiveVariable(element: ElementView | undefined): boolean {
  return element?.type === "variable" && element.attributes.sensitive === true;
}
