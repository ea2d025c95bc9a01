/**
 * Resolve `${...}` references in synthesised attributes back to the element
 * they name: same-stack resources (`${vsphere_tag.x.id}`), cross-stack
 * outputs (`${data.terraform_remote_state.cross-stack-reference-input-<stack>.outputs.cross-stack-output-<type><id><attr>}`)
 * and variables (`${var.name}`).
 */
import { ElementView } from "./rule";

const LOCAL = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z0-9_]+\}$/;
const REMOTE =
  /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs\.cross-stack-output-([A-Za-z0-9_.-]+)\}$/;
const VARIABLE = /^\$\{var\.([A-Za-z0-9_-]+)\}$/;

const compact = (text: string) => text.replace(/[^A-Za-z0-9]/g, "");

export class ReferenceIndex {
  private readonly byAddress = new Map<string, ElementView>();
  private readonly byStack = new Map<string, ElementView[]>();

  constructor(elements: readonly ElementView[]) {
    for (const element of elements) {
      this.byAddress.set(`${element.stack}/${element.type}.${element.logicalId}`, element);
      this.byStack.set(element.stack, [...(this.byStack.get(element.stack) ?? []), element]);
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
      const [, stack, output] = remote;
      // The output name is <type><logicalId><attribute> (separators vary); take the longest resource prefix.
      const key = compact(output);
      return (this.byStack.get(stack) ?? [])
        .filter((e) => key.startsWith(compact(`${e.type}${e.logicalId}`)))
        .sort((a, b) => b.logicalId.length - a.logicalId.length)[0];
    }
    return undefined;
  }
}

/** Is the value a reference to a sensitive variable? */
export function isSensitiveVariable(element: ElementView | undefined): boolean {
  return element?.type === "variable" && element.attributes.sensitive === true;
}
