/**
 * Resource changes between two states of the environment, from either the
 * engine's JSON plans (`terraform show -json <plan>`, exact) or two
 * synthesised trees (no vCenter needed; replacements estimated from the
 * provider's force-new attributes).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export enum Action {
  CREATE = "create",
  UPDATE = "update",
  REPLACE = "replace",
  DELETE = "delete",
  /** Only a new address (a `moved` block, e.g. `renamedFrom`): nothing in vCenter changes. */
  MOVE = "move",
  /** Only taken into the state (an `import` block, e.g. `importFrom`): nothing in vCenter changes. */
  IMPORT = "import",
}

export interface AttributeChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly sensitive: boolean;
}

export interface ResourceChange {
  readonly stack: string;
  readonly type: string;
  /** Terraform address within the stack, e.g. `vsphere_virtual_machine.desktops[3]` or `vsphere_virtual_machine.desktops` for a whole pool. */
  readonly address: string;
  readonly action: Action;
  /** Instances affected (a pool resize or re-clone touches many). */
  readonly instances: number;
  readonly attributes: readonly AttributeChange[];
  /** Attributes that force the replacement, when known. */
  readonly forcedBy: readonly string[];
  /** The address the resource had before (the plan's `previous_address`), when it moves. */
  readonly movedFrom?: string;
  /** The id it is imported from (the plan's `change.importing.id`), when it is imported. */
  readonly importId?: string;
}

/** Attributes whose change the vsphere provider carries out by destroying and re-creating the resource. */
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  // Any change below clone (but its timeout) replaces the VM: the provider re-clones.
  vsphere_virtual_machine: ["clone.template_uuid", "clone.linked_clone", "clone.customize", "clone.customization_spec", "datacenter_id"],
  vsphere_content_library_item: ["library_id", "name", "file_url", "type", "source_uuid"],
  vsphere_content_library: ["storage_backing", "name"],
  vsphere_compute_cluster: ["datacenter_id"],
  vsphere_host: ["hostname", "datacenter", "cluster"],
  vsphere_nas_datastore: ["type", "remote_hosts", "remote_path", "access_mode"],
  vsphere_distributed_virtual_switch: ["datacenter_id"],
  vsphere_distributed_port_group: ["distributed_virtual_switch_uuid"],
  vsphere_datacenter: ["name"],
  vsphere_ha_vm_override: ["compute_cluster_id", "virtual_machine_id"],
  vsphere_compute_cluster_vm_anti_affinity_rule: ["compute_cluster_id"],
  vsphere_resource_pool: [],
  vsphere_folder: ["type", "datacenter_id"],
  vsphere_tag: ["category_id"],
  vsphere_tag_category: ["cardinality", "associable_types"],
  terraform_data: ["triggers_replace"],
};

const SECRET = /(^|[._])(password|secret|token|private_key)$/;

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== "object")) out.set(prefix, value);
  else if (Array.isArray(value)) value.forEach((v, i) => flatten(v, value.length === 1 ? prefix : `${prefix}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "//") continue;
      flatten(v, prefix ? `${prefix}.${key}` : key, out);
    }
  } else out.set(prefix, value);
}

/** Attribute-level differences of two resource bodies (secrets flagged). */
export function diffAttributes(before: unknown, after: unknown, sensitivePaths: ReadonlySet<string> = new Set()): AttributeChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before ?? {}, "", a);
  flatten(after ?? {}, "", b);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys
    .filter((k) => JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k)))
    .map((k) => ({ path: k, before: a.get(k), after: b.get(k), sensitive: SECRET.test(k) || sensitivePaths.has(k) }));
}

const countOf = (body: { count?: unknown }) => (typeof body.count === "number" ? body.count : 1);

/** Changes between two synthesised trees (`cdktf.out` directories). */
export function changesFromTrees(baseOut: string, headOut: string): ResourceChange[] {
  const stacks = (dir: string) => (fs.existsSync(path.join(dir, "stacks")) ? fs.readdirSync(path.join(dir, "stacks")) : []);
  const read = (dir: string, stack: string) => {
    const file = path.join(dir, "stacks", stack, "cdk.tf.json");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return fs.existsSync(file) ? ((JSON.parse(fs.readFileSync(file, "utf8")).resource ?? {}) as Record<string, Record<string, any>>) : {};
  };
  const changes: ResourceChange[] = [];
  for (const stack of [...new Set([...stacks(baseOut), ...stacks(headOut)])].sort()) {
    const base = read(baseOut, stack);
    const head = read(headOut, stack);
    for (const type of [...new Set([...Object.keys(base), ...Object.keys(head)])].sort()) {
      for (const name of [...new Set([...Object.keys(base[type] ?? {}), ...Object.keys(head[type] ?? {})])].sort()) {
        const before = base[type]?.[name];
        const after = head[type]?.[name];
        const address = `${type}.${name}`;
        if (!before) {
          changes.push({
            stack,
            type,
            address,
            action: Action.CREATE,
            instances: countOf(after),
            attributes: diffAttributes({}, after),
            forcedBy: [],
          });
          continue;
        }
        if (!after) {
          changes.push({ stack, type, address, action: Action.DELETE, instances: countOf(before), attributes: [], forcedBy: [] });
          continue;
        }
        // A whole attribute in ignore_changes (a server's `clone`) never changes an existing resource. Entries below an
        // attribute (a pool's `clone[0].template_uuid`) are left in: the pool's image pin re-clones it all the same.
        const ignored: string[] = (after.lifecycle?.ignore_changes ?? []).filter((p: unknown) => typeof p === "string" && /^\w+$/.test(p));
        const attributes = diffAttributes({ ...before, count: undefined }, { ...after, count: undefined }).filter(
          (a) => !ignored.some((p) => a.path === p || a.path.startsWith(`${p}.`)),
        );
        const forcedBy = attributes.map((a) => a.path).filter((p) => (FORCE_NEW[type] ?? []).some((f) => p === f || p.startsWith(`${f}.`)));
        const shared = Math.min(countOf(before), countOf(after));
        if (attributes.length > 0) {
          changes.push({
            stack,
            type,
            address,
            action: forcedBy.length ? Action.REPLACE : Action.UPDATE,
            instances: shared,
            attributes,
            forcedBy,
          });
        }
        if (countOf(after) > countOf(before)) {
          changes.push({
            stack,
            type,
            address,
            action: Action.CREATE,
            instances: countOf(after) - countOf(before),
            attributes: [],
            forcedBy: [],
          });
        } else if (countOf(after) < countOf(before)) {
          changes.push({
            stack,
            type,
            address,
            action: Action.DELETE,
            instances: countOf(before) - countOf(after),
            attributes: [],
            forcedBy: [],
          });
        }
      }
    }
  }
  return changes;
}

/** The parts of `terraform show -json <plan>` the reports read. */
export interface PlanJson {
  resource_drift?: PlanJson["resource_changes"];
  resource_changes?: {
    address: string;
    /** Set when a `moved` block gives the resource this address. */
    previous_address?: string;
    type: string;
    mode: string;
    change: {
      actions: string[];
      /** Set when an `import` block takes the resource into the state (`id`, or `identity` on newer engines). */
      importing?: { id?: string; identity?: unknown };
      before: unknown;
      after: unknown;
      before_sensitive?: unknown;
      after_sensitive?: unknown;
      replace_paths?: (string | number)[][];
    };
  }[];
}

function sensitivePathsOf(marks: unknown): Set<string> {
  const out = new Map<string, unknown>();
  flatten(marks ?? {}, "", out);
  return new Set([...out].filter(([, v]) => v === true).map(([k]) => k));
}

/** Changes from one stack's `terraform show -json` plan. */
export function changesFromPlan(stack: string, plan: PlanJson): ResourceChange[] {
  const changes: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed") continue;
    const actions = rc.change.actions;
    const movedFrom = rc.previous_address && rc.previous_address !== rc.address ? rc.previous_address : undefined;
    const importing = rc.change.importing;
    const importId = importing ? (importing.id ?? JSON.stringify(importing.identity ?? null)) : undefined;
    const noop = actions.length === 1 && (actions[0] === "no-op" || actions[0] === "read");
    if (noop && !movedFrom && !importing) continue;
    const action = noop
      ? importing
        ? Action.IMPORT
        : Action.MOVE
      : actions.includes("delete") && actions.includes("create")
        ? Action.REPLACE
        : (actions[0] as Action);
    const sensitive = new Set([...sensitivePathsOf(rc.change.before_sensitive), ...sensitivePathsOf(rc.change.after_sensitive)]);
    changes.push({
      ...(movedFrom ? { movedFrom } : {}),
      ...(importId !== undefined ? { importId } : {}),
      stack,
      type: rc.type,
      address: rc.address,
      action,
      instances: 1,
      attributes: action === Action.DELETE || noop ? [] : diffAttributes(rc.change.before, rc.change.after, sensitive),
      forcedBy: (rc.change.replace_paths ?? []).map((p) => p.filter((s) => typeof s === "string").join(".")),
    });
  }
  return changes;
}

/** Changes from a directory of plans named `<stack>.json`. */
export function changesFromPlanDir(dir: string): ResourceChange[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => changesFromPlan(f.replace(/\.json$/, ""), JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))));
}
