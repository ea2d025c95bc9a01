/**
 * The reviewer's plan report: a warning block for every destroy or replace of
 * a protected kind, a summary per stack, the changes in the operator's words
 * (per tenant and site), and collapsed attribute diffs with secrets masked.
 */
import { networkClusterIds, siteImageVersion, workloadAddress, workloadClusterId } from "../config/derive";
import { PROTECTED_RESOURCE_KINDS, PROTECTED_VM_KIND } from "../domain/protection";
import { Environment, SiteConfig, TenantConfig, WorkloadConfig } from "../config/schema";
import { Action, ResourceChange } from "./changes";
import { costChangeMarkdown } from "./cost-report";
import { CostChange, costChange } from "./costs";

/** Application servers (Verfahren) are the VMs of tenant stacks; desktops live in site stacks and may be re-cloned. */
export function protectedKind(change: ResourceChange): string | undefined {
  if (change.type === "vsphere_virtual_machine" && change.stack.startsWith("tenant-")) return PROTECTED_VM_KIND;
  return PROTECTED_RESOURCE_KINDS[change.type];
}

const MASK = "(sensitive)";
/** `${data.terraform_remote_state.cross-stack-reference-input-images.outputs.cross-stack-output-X}` → `‹images: X›` */
const shortenReferences = (text: string) =>
  text.replace(
    /\$\{data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.cross-stack-output-([\w.-]+)\}/g,
    "‹$1: $2›",
  );
const show = (value: unknown, sensitive: boolean) =>
  sensitive ? MASK : value === undefined ? "(none)" : shortenReferences(JSON.stringify(value));
const pad = (n: number) => (n === 0 ? "·" : String(n));

/** Moves and imports get their own columns when a plan has any (they change nothing in vCenter, and are never a failure). */
function summaryRows(changes: readonly ResourceChange[], stacks: readonly string[]): string[] {
  const moved = (c: ResourceChange) => c.movedFrom !== undefined;
  const imported = (c: ResourceChange) => c.importId !== undefined;
  const extra = changes.some((c) => moved(c) || imported(c));
  const rows = extra
    ? ["| stack | add | change | replace | destroy | import | move |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    : ["| stack | add | change | replace | destroy |", "| --- | ---: | ---: | ---: | ---: |"];
  for (const stack of stacks) {
    const mine = changes.filter((c) => c.stack === stack);
    const of = (action: Action) => mine.filter((c) => c.action === action).reduce((n, c) => n + c.instances, 0);
    const cells = [of(Action.CREATE), of(Action.UPDATE), of(Action.REPLACE), of(Action.DELETE)];
    if (extra) cells.push(mine.filter(imported).length, mine.filter(moved).length);
    rows.push(`| \`${stack}\` | ${cells.map(pad).join(" | ")} |`);
  }
  return rows;
}

/** `(moved from \`x\`)`, `(imported from \`id\`)` and the forcing attributes of one change. */
function notes(c: ResourceChange): string {
  const parts: string[] = [];
  if (c.movedFrom && c.action !== Action.MOVE) parts.push(`moved from \`${c.movedFrom}\``);
  if (c.importId !== undefined && c.action !== Action.IMPORT) parts.push(`imported from \`${c.importId}\``);
  if (c.forcedBy.length) parts.push(`forced by \`${c.forcedBy.join("`, `")}\``);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

function describeAddress(c: ResourceChange): string {
  if (c.action === Action.MOVE) return `\`${c.movedFrom}\` → \`${c.address}\``;
  if (c.action === Action.IMPORT) return `\`${c.address}\` from \`${c.importId}\``;
  return `\`${c.address}\``;
}

const siteName = (site: SiteConfig) => `${site.town} ${site.id}`;

/** The image version a site's desktops run, rollout pins included: what the stacks deploy. */
function imageLabel(env: Environment, site: SiteConfig): string {
  return `${site.workstations.image} ${siteImageVersion(env, site) || "?"}`;
}

/** `, address 10.60.20.21 on servers` (`allocated` when no ip is in the file): what a reviewer checks before DNS and firewalls follow. */
function addressNote(env: Environment, tenant: TenantConfig, workload: WorkloadConfig): string {
  const address = workloadAddress(env, tenant, workload);
  if (!address) return "";
  return `, address ${address.ip}/${address.prefixLength} on ${address.networkId}${address.allocated ? " (allocated: not in the file)" : ""}`;
}

/** A server whose address changes between two configurations: what the deploy does not do by itself. */
export interface Readdressing {
  readonly tenant: string;
  readonly workload: string;
  readonly before: string;
  readonly after: string;
}

/** Servers of `head` whose address (or gateway, DNS) differs from `base`. */
export function readdressings(base: Environment, head: Environment): Readdressing[] {
  const found: Readdressing[] = [];
  for (const tenant of head.tenants) {
    const old = base.tenants.find((t) => t.id === tenant.id);
    for (const workload of tenant.workloads) {
      const was = old?.workloads.find((w) => w.id === workload.id);
      if (!old || !was) continue;
      const a = workloadAddress(base, old, was);
      const b = workloadAddress(head, tenant, workload);
      if (!a || !b) continue;
      const show = (x: typeof a) => `${x.ip}/${x.prefixLength} gw ${x.gateway} dns ${x.dnsServers.join(" ") || "-"} ${x.dnsSuffix}`;
      if (show(a) !== show(b)) found.push({ tenant: tenant.id, workload: workload.id, before: show(a), after: show(b) });
    }
  }
  return found;
}

/** What changed for one tenant, in the operator's words, from the two configurations. */
function tenantSentences(base: Environment, head: Environment, tenant: TenantConfig, before?: TenantConfig): string[] {
  const lines: string[] = [];
  if (!before)
    lines.push(`new tenant ${tenant.name} (${tenant.code}) with ${tenant.sites.length} site(s) and ${tenant.workloads.length} workload(s)`);
  for (const site of tenant.sites) {
    const old = before?.sites.find((s) => s.id === site.id);
    const name = siteName(site);
    const wave = `wave ${site.workstations.wave}`;
    if (!old) {
      lines.push(`${name}: new site, ${site.workstations.count} desktops from ${imageLabel(head, site)}, VLAN ${site.vlan}, ${wave}`);
      continue;
    }
    const imageBefore = imageLabel(base, old);
    const imageAfter = imageLabel(head, site);
    const kept = Math.min(old.workstations.count, site.workstations.count);
    if (imageBefore !== imageAfter && kept > 0)
      lines.push(`${name}: ${kept} desktops re-cloned from ${imageBefore} → ${imageAfter}, ${wave}`);
    if (site.workstations.count > old.workstations.count) {
      lines.push(
        `${name}: ${site.workstations.count - old.workstations.count} desktops added (${old.workstations.count} → ${site.workstations.count})`,
      );
    }
    if (site.workstations.count < old.workstations.count) {
      lines.push(
        `${name}: ${old.workstations.count - site.workstations.count} desktops removed (${old.workstations.count} → ${site.workstations.count})`,
      );
    }
    if (site.workstations.wave !== old.workstations.wave)
      lines.push(`${name}: moves from wave ${old.workstations.wave} to wave ${site.workstations.wave}`);
    if (site.vlan !== old.vlan) lines.push(`${name}: VLAN ${old.vlan} → ${site.vlan}`);
    if (site.cidr !== old.cidr) lines.push(`${name}: subnet ${old.cidr} → ${site.cidr}`);
    if (site.linkMbps !== old.linkMbps) lines.push(`${name}: link ${old.linkMbps} → ${site.linkMbps} Mbit/s`);
  }
  for (const old of before?.sites ?? []) {
    if (!tenant.sites.some((s) => s.id === old.id))
      lines.push(`${siteName(old)}: site removed with its ${old.workstations.count} desktops`);
  }
  for (const workload of tenant.workloads) {
    const old = before?.workloads.find((w) => w.id === workload.id);
    if (!old) lines.push(`workload ${workload.id}: new on ${workload.cluster}${addressNote(head, tenant, workload)}`);
    else {
      const from = workloadClusterId(base, old);
      const to = workloadClusterId(head, workload);
      const address = workloadAddress(head, tenant, workload);
      if (from !== to && old.cluster === workload.cluster && address) {
        const network = head.network.infrastructure.find((n) => n.id === workload.network);
        const spans = network ? networkClusterIds(head, network) : [];
        lines.push(
          spans.includes(from) && spans.includes(to)
            ? `workload ${workload.id}: relocates ${from} → ${to}, keeps its address ${address.ip} (network ${address.networkId} spans both)`
            : `workload ${workload.id}: relocates ${from} → ${to}: network ${address.networkId} does not span both, the move needs a new address`,
        );
      }
      if (old.cluster !== workload.cluster)
        lines.push(`workload ${workload.id}: moves ${old.cluster} → ${workload.cluster} (in-place relocation)`);
      if (old.cpus !== workload.cpus || old.memoryGiB !== workload.memoryGiB) {
        lines.push(`workload ${workload.id}: ${old.cpus} → ${workload.cpus} vCPU, ${old.memoryGiB} → ${workload.memoryGiB} GiB`);
      }
    }
  }
  for (const old of before?.workloads ?? []) {
    if (!tenant.workloads.some((w) => w.id === old.id)) lines.push(`workload ${old.id}: removed (the VM is destroyed)`);
  }
  return lines;
}

export interface PlanReportInput {
  readonly changes: readonly ResourceChange[];
  /** Every stack considered, changed or not. */
  readonly stacks: readonly string[];
  readonly base?: Environment;
  readonly head?: Environment;
  readonly title?: string;
}

export function renderPlanReport(input: PlanReportInput): string {
  const { changes, base, head } = input;
  const out: string[] = [`## ${input.title ?? "Plan report"}`, ""];

  const dangerous = changes.filter((c) => (c.action === Action.DELETE || c.action === Action.REPLACE) && protectedKind(c));
  if (dangerous.length > 0) {
    out.push("> [!CAUTION]", "> **Protected resources would be destroyed or replaced:**", ">");
    for (const c of dangerous) {
      const why =
        c.action === Action.REPLACE
          ? `replaced, forced by \`${c.forcedBy.join("`, `") || "unknown attribute"}\``
          : "destroyed (removed from the configuration)";
      out.push(`> - ${protectedKind(c)} \`${c.stack}/${c.address}\` is **${why}**`);
      if (c.forcedBy.some((k) => k.startsWith("clone")))
        out.push(">   a changed clone customisation (its address) replaces the server: a new, empty VM under the same name");
    }
    out.push("");
  }

  const moved = base && head ? readdressings(base, head) : [];
  if (moved.length > 0) {
    out.push(
      "> [!WARNING]",
      "> **Servers re-addressed: the deploy does not change a running server's address** (customisation runs only when a VM is cloned;",
      '> an existing server ignores it). Carry out the manual step in docs/operations.md, "Re-addressing a server", for each:',
      ">",
    );
    for (const r of moved) out.push(`> - \`${r.tenant}/${r.workload}\`: ${r.before} → ${r.after}`);
    out.push("");
  }

  const changedStacks = input.stacks.filter((s) => changes.some((c) => c.stack === s));
  const unchanged = input.stacks.filter((s) => !changedStacks.includes(s));
  if (changedStacks.length === 0) out.push("No changes.", "");
  else out.push(...summaryRows(changes, changedStacks), "");
  if (unchanged.length > 0)
    out.push(
      `<details><summary>${unchanged.length} stack(s) without changes</summary>`,
      "",
      unchanged.map((s) => `\`${s}\``).join(", "),
      "",
      "</details>",
      "",
    );

  if (base && head) {
    const sections: string[] = [];
    for (const image of head.images) {
      const old = base.images.find((i) => i.id === image.id);
      if (old && old.version !== image.version) sections.push(`- image ${image.id}: ${old.version} → ${image.version}`);
    }
    for (const tenant of head.tenants) {
      const lines = tenantSentences(
        base,
        head,
        tenant,
        base.tenants.find((t) => t.id === tenant.id),
      );
      if (lines.length) sections.push(`- **${tenant.name}**`, ...lines.map((l) => `  - ${l}`));
    }
    for (const old of base.tenants) if (!head.tenants.some((t) => t.id === old.id)) sections.push(`- **${old.name}**: tenant removed`);
    if (sections.length) out.push("### By tenant and site", "", ...sections, "");
    // The money next to the change, when the environment file has a price list (README, "Costs").
    const cost = costChange(base, head);
    if (cost) out.push(costChangeMarkdown(cost, "### Cost"));
  }

  if (changedStacks.length > 0) {
    out.push("### Resources", "");
    for (const stack of changedStacks) {
      out.push(`<details><summary><code>${stack}</code></summary>`, "");
      for (const c of changes.filter((x) => x.stack === stack)) {
        const count = c.instances > 1 ? ` ×${c.instances}` : "";
        out.push(`- **${c.action}**${count} ${describeAddress(c)}${notes(c)}`);
        for (const a of c.attributes.filter(() => c.action !== Action.CREATE)) {
          out.push(`  - \`${a.path}\`: ${show(a.before, a.sensitive)} → ${show(a.after, a.sensitive)}`);
        }
      }
      out.push("", "</details>", "");
    }
  }
  return `${out.join("\n")}\n`;
}

/** `npm run report -- --json` (README: JSON output). */
export interface PlanDocument {
  readonly kind: "rz-plan-report";
  readonly title: string;
  /** Every stack considered, changed or not. */
  readonly stacks: readonly string[];
  /** Per stack: instances added, changed, replaced, destroyed; resources imported and moved. */
  readonly summary: readonly {
    readonly stack: string;
    readonly create: number;
    readonly update: number;
    readonly replace: number;
    readonly delete: number;
    readonly import: number;
    readonly move: number;
  }[];
  /** The changes; secrets are masked as "(sensitive)". */
  readonly changes: readonly ResourceChange[];
  /** Destroys and replacements of protected kinds (the report's CAUTION block). */
  readonly protected: readonly { readonly stack: string; readonly address: string; readonly kind: string; readonly action: string }[];
  /** The yearly cost change per tenant, site and workload (cents), when the head has a price list and both configurations are known. */
  readonly costs?: CostChange;
}

export function planDocument(input: PlanReportInput): PlanDocument {
  const { changes } = input;
  const summary = input.stacks.map((stack) => {
    const mine = changes.filter((c) => c.stack === stack);
    const of = (action: Action) => mine.filter((c) => c.action === action).reduce((n, c) => n + c.instances, 0);
    return {
      stack,
      create: of(Action.CREATE),
      update: of(Action.UPDATE),
      replace: of(Action.REPLACE),
      delete: of(Action.DELETE),
      import: mine.filter((c) => c.importId !== undefined).length,
      move: mine.filter((c) => c.movedFrom !== undefined).length,
    };
  });
  const masked = changes.map((c) => ({
    ...c,
    attributes: c.attributes.map((a) => (a.sensitive ? { ...a, before: MASK, after: MASK } : a)),
  }));
  const dangerous = changes
    .filter((c) => (c.action === Action.DELETE || c.action === Action.REPLACE) && protectedKind(c))
    .map((c) => ({ stack: c.stack, address: c.address, kind: protectedKind(c)!, action: c.action }));
  const costs = input.base && input.head ? costChange(input.base, input.head) : undefined;
  return {
    kind: "rz-plan-report",
    title: input.title ?? "Plan report",
    stacks: input.stacks,
    summary,
    changes: masked,
    protected: dangerous,
    ...(costs ? { costs } : {}),
  };
}

/**
 * The block that opens a report when some stacks could not be planned: what
 * that means (`what`, in bold, then `note`), then one line per stack with the
 * first line of why. Empty when every stack was planned.
 */
export function unplannedStacksMarkdown(
  failed: readonly { readonly stack: string; readonly message: string }[],
  what: (count: number) => string,
  note: string,
): string[] {
  if (failed.length === 0) return [];
  return [`**${what(failed.length)}** ${note}`, "", ...failed.map((f) => `- \`${f.stack}\`: ${f.message.split("\n")[0]}`), ""];
}
