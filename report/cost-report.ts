/**
 * Renderers of the cost model (report/costs.ts): the operator's Markdown
 * report (`npm run costs`, docs/costs.md), its chart (docs/costs.svg), the
 * cost change for a pull request, and the `--json` documents. Pure
 * functions: the same model gives the same bytes.
 */
import {
  COST_KIND_LABELS,
  COST_KINDS,
  CostChange,
  CostChangeRow,
  CostKind,
  CostModel,
  ConsumerCost,
  divideRounded,
  KindCents,
  SHARED_KINDS,
  totalOf,
} from "./costs";

/** `1234567` cents → `12,345.67`; `sign` puts `+` before positive amounts. Negative amounts carry `-`. */
export function formatEur(cents: number, options: { sign?: boolean; decimals?: 0 | 2 } = {}): string {
  const decimals = options.decimals ?? 2;
  const abs = Math.abs(cents);
  const euros = decimals === 2 ? Math.floor(abs / 100) : Math.floor((abs + 50) / 100);
  const grouped = String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const text = decimals === 2 ? `${grouped}.${String(abs % 100).padStart(2, "0")}` : grouped;
  const sign = cents < 0 ? "-" : options.sign && cents > 0 ? "+" : "";
  return `${sign}${text}`;
}

const eur = (cents: number) => `${formatEur(cents)} €`;
const signed = (cents: number) => `${formatEur(cents, { sign: true })} €`;
const percent = (part: number, whole: number) =>
  whole === 0 ? "" : ` (${formatEur(divideRounded(part * 10000, whole), { sign: true })} %)`;

export const EXAMPLE_WARNING =
  "**Example figures, not real prices.** This environment's price list is marked `example: true`: its numbers only show how the model works.";

/** The per-tenant chart: one bar per tenant, stacked by cost kind, with a mark where the tenant would stand alone. */
export function costsSvg(model: CostModel): string {
  const colours: Record<CostKind, string> = {
    [CostKind.HOSTS]: "#1f4e79",
    [CostKind.LICENCES]: "#2e75b6",
    [CostKind.LIBRARY]: "#9dc3e6",
    [CostKind.OVERHEAD]: "#7f7f7f",
    [CostKind.DESKTOPS]: "#c55a11",
    [CostKind.SERVERS]: "#f4b183",
    [CostKind.STORAGE]: "#548235",
    [CostKind.LINKS]: "#a9d18e",
  };
  const left = 200;
  const barWidth = 480;
  const rowHeight = 44;
  const top = 40;
  const tenants = model.tenants;
  const max = Math.max(1, ...tenants.map((t) => Math.max(t.yearlyCents, t.baseline.yearlyCents)));
  const x = (cents: number) => left + Math.round((Math.max(0, cents) / max) * barWidth);
  const legendTop = top + tenants.length * rowHeight + 20;
  const height = legendTop + Math.ceil(COST_KINDS.length / 2) * 20 + 30;
  const width = left + barWidth + 80;
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">Yearly cost per tenant by kind (€)${model.example ? " — example figures, not real prices" : ""}</text>`,
  ];
  tenants.forEach((t, row) => {
    const y = top + row * rowHeight;
    out.push(`<text x="${left - 8}" y="${y + 18}" text-anchor="end">${escape(t.name)}</text>`);
    let at = 0;
    for (const kind of COST_KINDS) {
      const cents = t.cents[kind];
      if (cents <= 0) continue;
      out.push(
        `<rect x="${x(at)}" y="${y + 4}" width="${Math.max(0, x(at + cents) - x(at))}" height="22" fill="${colours[kind]}"><title>${escape(`${COST_KIND_LABELS[kind]}: ${eur(cents)}`)}</title></rect>`,
      );
      at += cents;
    }
    out.push(`<text x="${x(at) + 4}" y="${y + 19}">${formatEur(t.yearlyCents, { decimals: 0 })}</text>`);
    const b = x(t.baseline.yearlyCents);
    out.push(`<line x1="${b}" y1="${y}" x2="${b}" y2="${y + 30}" stroke="black" stroke-width="2" stroke-dasharray="4 2"/>`);
    out.push(
      `<text x="${b}" y="${y + 40}" text-anchor="middle" font-size="10">alone ${formatEur(t.baseline.yearlyCents, { decimals: 0 })}</text>`,
    );
  });
  COST_KINDS.forEach((kind, i) => {
    const lx = 10 + (i % 2) * 320;
    const ly = legendTop + Math.floor(i / 2) * 20;
    out.push(`<rect x="${lx}" y="${ly}" width="12" height="12" fill="${colours[kind]}"/>`);
    out.push(
      `<text x="${lx + 18}" y="${ly + 11}">${escape(COST_KIND_LABELS[kind])}${SHARED_KINDS.includes(kind) ? " (shared)" : ""}</text>`,
    );
  });
  out.push(`<text x="10" y="${height - 8}" font-size="10">dashed mark: what the tenant would pay alone (baseline)</text>`, "</svg>");
  return `${out.join("\n")}\n`;
}

const row = (cells: readonly (string | number)[]) => `| ${cells.join(" | ")} |`;
const header = (cells: readonly string[], numeric: number) => [
  row(cells),
  row(cells.map((_, i) => (i < cells.length - numeric ? "---" : "---:"))),
];

function siteCells(c: ConsumerCost): string[] {
  return [
    eur(c.cents[CostKind.DESKTOPS]),
    eur(c.cents[CostKind.STORAGE]),
    eur(c.cents[CostKind.LINKS]),
    eur(c.shareCents),
    eur(c.totalCents),
    eur(divideRounded(c.totalCents, 12)),
    c.desktops > 0 ? eur(divideRounded(c.totalCents, c.desktops)) : "–",
  ];
}

/** The operator's cost report as Markdown (docs/costs.md); `chart` is the path of the SVG from the Markdown file, if any. */
export function costsMarkdown(model: CostModel, config: string, chart?: string): string {
  const out: string[] = [`# Costs: \`${config}\``, ""];
  if (model.example) out.push("> [!WARNING]", `> ${EXAMPLE_WARNING}`, "");
  out.push(
    "Generated by `npm run costs` from the environment file's `prices:`. Euros per year unless marked; a month is a twelfth of",
    "the year, rounded to the cent. The allocation model (README, “Costs”): each tenant pays its own desktops, servers, disks and",
    "links, and a share of the shared platform (hosts, hypervisor licences, image library, overhead) by what it reserves:",
    "½ · its vCPU / all vCPU + ½ · its GiB / all GiB, per cluster for hosts and licences, platform-wide for the rest.",
    "",
    "## Tenants",
    "",
    ...header(
      ["tenant", "desktops", "workloads", "own costs", "platform share", "per year", "per month", "per workplace", "alone", "saving"],
      9,
    ),
  );
  for (const t of model.tenants) {
    out.push(
      row([
        `${t.name} (${t.code})`,
        t.desktops,
        t.workloads,
        eur(t.ownCents),
        eur(t.shareCents),
        `**${eur(t.yearlyCents)}**`,
        eur(t.monthlyCents),
        t.perWorkplaceCents === null ? "–" : eur(t.perWorkplaceCents),
        `${eur(t.baseline.yearlyCents)} (${t.baseline.source})`,
        `${signed(t.savingCents)}${percent(t.savingCents, t.baseline.yearlyCents)}`,
      ]),
    );
  }
  const total = totalOf(model.platform);
  out.push(
    row([
      "**platform**",
      model.tenants.reduce((n, t) => n + t.desktops, 0),
      model.tenants.reduce((n, t) => n + t.workloads, 0),
      eur(total - totalOf(model.platform, SHARED_KINDS)),
      eur(totalOf(model.platform, SHARED_KINDS)),
      `**${eur(total)}**`,
      eur(divideRounded(total, 12)),
      "",
      "",
      "",
    ]),
    "",
    "“alone”: what the tenant spent running the same IT alone (`baselineEurPerYear`, given) or would spend (computed: its own copy",
    "of each cluster it uses, sized by the same capacity rules for its demand only, its own image library, the whole shared",
    "overhead, the same own costs). “saving” is alone minus per year; a negative saving means the platform is built larger than",
    "the tenant alone would need, room that the next municipality's share pays for.",
    "",
  );
  if (chart) out.push(`![Yearly cost per tenant, stacked by cost kind](${chart})`, "");

  out.push("## By cost kind", "", ...header(["tenant", ...COST_KINDS.map((k) => COST_KIND_LABELS[k]), "total"], COST_KINDS.length + 1));
  const kindRow = (name: string, cents: KindCents) => row([name, ...COST_KINDS.map((k) => eur(cents[k])), eur(totalOf(cents))]);
  for (const t of model.tenants) out.push(kindRow(t.name, t.cents));
  if (totalOf(model.unallocated) > 0) out.push(kindRow("unallocated", model.unallocated));
  out.push(kindRow("**platform**", model.platform), "");

  const sites = model.consumers.filter((c) => c.kind === "site");
  if (sites.length) {
    out.push(
      "## Sites",
      "",
      ...header(
        [
          "tenant",
          "site",
          "cluster",
          "desktops",
          "desktop licences",
          "disks",
          "link",
          "platform share",
          "per year",
          "per month",
          "per workplace",
        ],
        8,
      ),
    );
    for (const c of sites) {
      const t = model.tenants.find((x) => x.id === c.tenantId)!;
      out.push(row([t.code, `${c.label} ${c.id}`, c.clusterId ?? "–", c.desktops, ...siteCells(c)]));
    }
    out.push("");
  }
  const workloads = model.consumers.filter((c) => c.kind === "workload");
  if (workloads.length) {
    out.push(
      "## Workloads",
      "",
      ...header(
        ["tenant", "workload", "cluster", "vCPU", "GiB", "server vCPU and memory", "disks", "platform share", "per year", "per month"],
        7,
      ),
    );
    for (const c of workloads) {
      const t = model.tenants.find((x) => x.id === c.tenantId)!;
      out.push(
        row([
          t.code,
          c.id,
          c.clusterId ?? "–",
          c.vcpus,
          c.memoryGiB,
          eur(c.cents[CostKind.SERVERS]),
          eur(c.cents[CostKind.STORAGE]),
          eur(c.shareCents),
          eur(c.totalCents),
          eur(divideRounded(c.totalCents, 12)),
        ]),
      );
    }
    out.push("");
  }

  out.push(
    "## Platform",
    "",
    ...header(
      ["cluster", "hosts", "cores", "vCPU reserved", "GiB reserved", "hosts €/year", "hypervisor licences €/year", "of which HA reserve"],
      7,
    ),
  );
  for (const c of model.clusters) {
    out.push(
      row([c.id, c.hosts, c.cores, c.demand.vcpus, c.demand.memoryGiB, eur(c.hostsCents), eur(c.licencesCents), eur(c.haReserveCents)]),
    );
  }
  const allocated = total - totalOf(model.unallocated);
  out.push(
    "",
    `Image library storage ${eur(model.platform[CostKind.LIBRARY])}, shared overhead ${eur(model.platform[CostKind.OVERHEAD])}; ` +
      `platform total ${eur(total)} per year, ${eur(allocated)} of it allocated to tenants` +
      (total === allocated ? " (all of it)." : `, ${eur(total - allocated)} unallocated (nothing reserves anything).`),
    "",
  );
  return `${out.join("\n")}\n`;
}

function itemLine(r: CostChangeRow): string {
  const where = r.kind === "site" ? `${r.town} ${r.id}` : `workload ${r.id}`;
  const money = `${signed(r.deltaCents)}/year`;
  if (r.reason === "added")
    return r.kind === "site"
      ? `new site ${where} (${r.tenantName}), ${r.desktopsAfter} desktops: ${money}`
      : `new ${where} (${r.tenantName}): ${money}`;
  if (r.reason === "removed")
    return r.kind === "site"
      ? `site ${where} removed (${r.tenantName}, ${r.desktopsBefore} desktops): ${money}`
      : `${where} removed (${r.tenantName}): ${money}`;
  const before = r.desktopsBefore ?? 0;
  const after = r.desktopsAfter ?? 0;
  if (r.kind === "site" && before !== after) {
    const n = after - before;
    return `${n > 0 ? "+" : ""}${n} desktops at ${where} (${before} → ${after}): ${money}`;
  }
  return `${where} (${r.tenantName}): ${money}`;
}

/** The cost change as Markdown for a pull request (the plan report's "Cost" section, `npm run costs -- --base`). */
export function costChangeMarkdown(change: CostChange, heading = "### Cost"): string {
  const out: string[] = [`${heading} (euros per year${change.example ? "; example figures, not real prices" : ""})`, ""];
  if (change.basePricedWithHead) out.push("The base has no price list; it is priced with this one.", "");
  const direct = change.items.filter((r) => r.reason !== "share");
  for (const r of direct) out.push(`- ${itemLine(r)}`);
  for (const t of change.tenants) {
    const moved = change.items.filter((r) => r.reason === "share" && r.tenantId === t.tenantId);
    if (moved.length === 0) continue;
    const sum = moved.reduce((n, r) => n + r.deltaCents, 0);
    out.push(`- ${t.tenantName}, ${moved.length} unchanged site(s) and workload(s): ${signed(sum)}/year (their share of the platform)`);
  }
  const changed = change.tenants.filter((t) => t.deltaCents !== 0 || t.reason !== "changed");
  if (direct.length === 0 && changed.length === 0) {
    out.push("No cost change.", "");
    return `${out.join("\n")}\n`;
  }
  if (direct.length || change.items.length) out.push("");
  out.push(...header(["tenant", "before", "after", "change"], 3));
  for (const t of changed) {
    out.push(
      row([
        t.tenantName + (t.reason === "added" ? " (new)" : t.reason === "removed" ? " (leaves)" : ""),
        t.beforeCents === null ? "–" : eur(t.beforeCents),
        t.afterCents === null ? "–" : eur(t.afterCents),
        `${signed(t.deltaCents)}${t.beforeCents ? percent(t.deltaCents, t.beforeCents) : ""}`,
      ]),
    );
  }
  const { beforeCents, afterCents, deltaCents } = change.total;
  out.push(row(["**platform**", eur(beforeCents), eur(afterCents), `${signed(deltaCents)}${percent(deltaCents, beforeCents)}`]), "");
  return `${out.join("\n")}\n`;
}

/** `npm run costs -- --json` (README: JSON output); every amount in cents per year unless named monthly. */
export interface CostsDocument {
  readonly kind: "rz-costs";
  readonly config: string;
  readonly currency: "EUR";
  readonly example: boolean;
  readonly tenants: readonly {
    readonly id: string;
    readonly name: string;
    readonly desktops: number;
    readonly workloads: number;
    readonly byKind: KindCents;
    readonly ownCents: number;
    readonly shareCents: number;
    readonly yearlyCents: number;
    readonly monthlyCents: number;
    readonly perWorkplaceCents: number | null;
    readonly baseline: { readonly source: "given" | "computed"; readonly yearlyCents: number };
    readonly savingCents: number;
  }[];
  readonly consumers: readonly {
    readonly kind: "site" | "workload";
    readonly tenant: string;
    readonly id: string;
    readonly cluster: string | null;
    readonly desktops: number;
    readonly vcpus: number;
    readonly memoryGiB: number;
    readonly byKind: KindCents;
    readonly shareCents: number;
    readonly yearlyCents: number;
  }[];
  readonly clusters: readonly {
    readonly id: string;
    readonly hosts: number;
    readonly cores: number;
    readonly hostsCents: number;
    readonly licencesCents: number;
    readonly haReserveCents: number;
  }[];
  readonly platform: { readonly byKind: KindCents; readonly yearlyCents: number; readonly unallocatedCents: number };
  /** With `--base`: the change from that file. */
  readonly change?: CostChange;
}

export function costsDocument(model: CostModel, config: string, change?: CostChange): CostsDocument {
  return {
    kind: "rz-costs",
    config,
    currency: "EUR",
    example: model.example,
    tenants: model.tenants.map((t) => ({
      id: t.id,
      name: t.name,
      desktops: t.desktops,
      workloads: t.workloads,
      byKind: t.cents,
      ownCents: t.ownCents,
      shareCents: t.shareCents,
      yearlyCents: t.yearlyCents,
      monthlyCents: t.monthlyCents,
      perWorkplaceCents: t.perWorkplaceCents,
      baseline: t.baseline,
      savingCents: t.savingCents,
    })),
    consumers: model.consumers.map((c) => ({
      kind: c.kind,
      tenant: c.tenantId,
      id: c.id,
      cluster: c.clusterId ?? null,
      desktops: c.desktops,
      vcpus: c.vcpus,
      memoryGiB: c.memoryGiB,
      byKind: c.cents,
      shareCents: c.shareCents,
      yearlyCents: c.totalCents,
    })),
    clusters: model.clusters.map((c) => ({
      id: c.id,
      hosts: c.hosts,
      cores: c.cores,
      hostsCents: c.hostsCents,
      licencesCents: c.licencesCents,
      haReserveCents: c.haReserveCents,
    })),
    platform: { byKind: model.platform, yearlyCents: totalOf(model.platform), unallocatedCents: totalOf(model.unallocated) },
    ...(change ? { change } : {}),
  };
}
