/** The cost model: every cent allocated once, shares that fall when a tenant joins, a hand-computed environment, the reports. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { loadEnvironment } from "../../config/load";
import { Environment } from "../../config/schema";
import { costChangeMarkdown, costsMarkdown, costsSvg, formatEur } from "../../report/cost-report";
import {
  apportion,
  COST_KINDS,
  CostKind,
  costChange,
  costModel,
  CostModel,
  divideRounded,
  SHARED_KINDS,
  totalOf,
} from "../../report/costs";
import { defaultDocument, envFrom, ROOT, smallDocument } from "../helpers";

const TWO_TENANTS = "config/dithmarschen-two-tenants.yaml";

/** Prices whose cents are easy to follow by hand. */
const SMALL_PRICES = {
  hostEurPerYear: 1000,
  licenceEurPerCoreYear: 10,
  desktopEurPerYear: { standard: 100 },
  datastoreEurPerGiBYear: 0.5,
  linkEurPerMbpsYear: 2,
  workloadEurPerVcpuYear: 20,
  workloadEurPerMemoryGiBYear: 3,
  sharedOverheadEurPerYear: 3000,
};

/** The small environment with a price list, and with Gemeinde B (5 desktops, 10 Mbit/s) on the same cluster if `second`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function smallWithPrices(second: boolean): any {
  const doc = smallDocument();
  doc.prices = structuredClone(SMALL_PRICES);
  if (second)
    doc.tenants.push({
      id: "gemeinde-b",
      name: "Gemeinde B",
      code: "GB",
      sites: [{ id: "amt", town: "B-Dorf", vlan: 102, cidr: "10.2.0.0/24", linkMbps: 10, workstations: { count: 5, image: "standard" } }],
    });
  return doc;
}

const cents = (eur: number) => Math.round(eur * 100);

/** What the platform costs, counted from the file itself (not from the model): hosts, cores, library versions, overhead. */
function platformFromFile(env: Environment): Record<string, number> {
  const p = env.prices!;
  const hosts = env.clusters.reduce((n, c) => n + c.hosts.length, 0);
  const cores = env.clusters.reduce((n, c) => n + c.hosts.reduce((m, h) => m + h.cpuCores, 0), 0);
  return {
    hosts: hosts * cents(p.hostEurPerYear),
    licences: cores * cents(p.licenceEurPerCoreYear),
    overhead: cents(p.sharedOverheadEurPerYear),
  };
}

function expectEveryCentOnce(model: CostModel, env: Environment): void {
  const fromFile = platformFromFile(env);
  for (const kind of [CostKind.HOSTS, CostKind.LICENCES, CostKind.OVERHEAD])
    expect(model.consumers.reduce((n, c) => n + c.cents[kind], 0) + model.unallocated[kind]).toBe(fromFile[kind]);
  for (const kind of COST_KINDS) {
    expect(model.tenants.reduce((n, t) => n + t.cents[kind], 0) + model.unallocated[kind]).toBe(model.platform[kind]);
    for (const c of model.consumers) expect(Number.isInteger(c.cents[kind])).toBe(true);
  }
  expect(model.tenants.reduce((n, t) => n + t.yearlyCents, 0)).toBe(totalOf(model.platform));
  expect(totalOf(model.unallocated)).toBe(0);
}

describe("apportion (largest remainder)", () => {
  test("hands out exactly the amount, each share within one cent of its exact part", () => {
    // A fixed pseudo-random sequence: the test is the same on every run.
    let seed = 17;
    const next = (max: number) => (seed = (seed * 48271) % 2147483647) % max;
    for (let round = 0; round < 200; round++) {
      const amount = next(10_000_000);
      const weights = Array.from({ length: 1 + next(12) }, () => BigInt(next(5000)));
      if (!weights.some((w) => w > 0n)) weights[0] = 1n;
      const shares = apportion(amount, weights)!;
      expect(shares.reduce((n, s) => n + s, 0)).toBe(amount);
      const total = Number(weights.reduce((n, w) => n + w, 0n));
      shares.forEach((s, i) => expect(Math.abs(s - (amount * Number(weights[i])) / total)).toBeLessThan(1));
    }
  });

  test("gives the cents left over to the largest remainders, ties to the first in order", () => {
    expect(apportion(100, [1n, 1n, 1n])).toEqual([34, 33, 33]);
    expect(apportion(100, [1n, 1n, 1n], [2, 0, 1])).toEqual([33, 34, 33]);
    expect(apportion(10, [1n, 2n])).toEqual([3, 7]);
    expect(apportion(5, [0n, 0n])).toBeUndefined();
  });

  test("rounds halves away from zero", () => {
    expect([divideRounded(18, 12), divideRounded(-18, 12), divideRounded(17, 12), divideRounded(5, 10)]).toEqual([2, -2, 1, 1]);
  });
});

describe("cost model", () => {
  test("allocates every cent of the default and the two-tenant file exactly once", () => {
    for (const file of ["config/dithmarschen.yaml", TWO_TENANTS]) {
      const env = loadEnvironment(path.join(ROOT, file));
      expectEveryCentOnce(costModel(env)!, env);
    }
    const small = envFrom(smallWithPrices(true));
    expectEveryCentOnce(costModel(small)!, small);
  });

  test("a small environment matches the hand computation", () => {
    // Demand on lab-cluster (vCPU, GiB): rathaus 6/12, bauhof 4/8, kasse 2/8 (Gemeinde A), amt 10/20 (Gemeinde B); 22 vCPU, 48 GiB.
    // Weights vCPU·48 + GiB·22: 552, 368, 272, 920 (of 2112).
    // Hosts 200000 ct: floors 52272, 34848, 25757, 87121 (+2 ct to rathaus .73, kasse .58) → A 112879, B 87121.
    // Licences 32 cores · 1000 ct: 8363, 5575, 4121, 13939 (+2 ct to bauhof .76, rathaus .64) → A 18061, B 13939.
    // Library standard@1.0, 60 GiB · 50 ct = 3000: 784, 522, 386, 1306 (+2 ct to amt .82, bauhof .73) → A 1693, B 1307.
    // Overhead 300000: 78409, 52272, 38636, 130681 (+2 ct to amt .82, bauhof .73) → A 169318, B 130682.
    // Own A: desktops 5·10000, disks 380 GiB·50, links 150 Mbit/s·200, kasse 2·2000 + 8·300 = 105400.  Own B: 50000 + 15000 + 2000 = 67000.
    const model = costModel(envFrom(smallWithPrices(true)))!;
    const [a, b] = model.tenants;
    expect([a.cents.hosts, a.cents.licences, a.cents.library, a.cents.overhead]).toEqual([112879, 18061, 1693, 169318]);
    expect([b.cents.hosts, b.cents.licences, b.cents.library, b.cents.overhead]).toEqual([87121, 13939, 1307, 130682]);
    expect([a.ownCents, b.ownCents]).toEqual([105400, 67000]);
    expect([a.yearlyCents, b.yearlyCents]).toEqual([407351, 300049]);
    expect([a.monthlyCents, a.perWorkplaceCents]).toEqual([33946, 81470]);
    // Alone, each would need 2 hosts (1 tolerated failure) with 32 cores, the library and the whole overhead: 535000 + own.
    expect(a.baseline).toEqual({ source: "computed", yearlyCents: 535000 + 105400 });
    expect(b.baseline).toEqual({ source: "computed", yearlyCents: 535000 + 67000 });
    expect([a.savingCents, b.savingCents]).toEqual([640400 - 407351, 602000 - 300049]);
    const rathaus = model.consumers.find((c) => c.id === "rathaus")!;
    expect([rathaus.cents.hosts, rathaus.cents.licences, rathaus.totalCents]).toEqual([
      52273,
      8364,
      52273 + 8364 + 784 + 78409 + 3 * 10000 + 180 * 50 + 100 * 200,
    ]);
  });

  test("a tenant's share falls when another tenant joins the same platform", () => {
    const alone = costModel(envFrom(smallWithPrices(false)))!;
    const shared = costModel(envFrom(smallWithPrices(true)))!;
    const before = alone.tenants[0];
    const after = shared.tenants[0];
    expect(after.shareCents).toBeLessThan(before.shareCents);
    expect(after.ownCents).toBe(before.ownCents);
    // Alone it carried the whole shared platform.
    expect(before.shareCents).toBe(totalOf(alone.platform, SHARED_KINDS));
  });

  test("the county pays less with Amt Marne-Nordsee on the platform, and the cost change says by how much", () => {
    const one = loadEnvironment(path.join(ROOT, "config/dithmarschen.yaml"));
    const two = loadEnvironment(path.join(ROOT, TWO_TENANTS));
    const county = (m: CostModel) => m.tenants.find((t) => t.id === "kreis-dithmarschen")!;
    const before = county(costModel(one)!);
    const after = county(costModel(two)!);
    expect(after.yearlyCents).toBeLessThan(before.yearlyCents);
    const change = costChange(one, two)!;
    const row = change.tenants.find((t) => t.tenantId === "kreis-dithmarschen")!;
    expect(row.deltaCents).toBe(after.yearlyCents - before.yearlyCents);
    const markdown = costChangeMarkdown(change);
    expect(markdown).toContain(
      `| Kreis Dithmarschen | ${formatEur(before.yearlyCents)} € | ${formatEur(after.yearlyCents)} € | ${formatEur(row.deltaCents)} €`,
    );
    expect(markdown).toContain("| Amt Marne-Nordsee (new) | – |");
    expect(markdown).toMatch(/^- new site Marne marne-1 \(Amt Marne-Nordsee\), 40 desktops: \+[\d,]+\.\d\d €\/year$/m);
    expect(markdown).toContain(`- Kreis Dithmarschen, 12 unchanged site(s) and workload(s): ${formatEur(row.deltaCents)} €/year`);
  });

  test("a given baseline replaces the computed one", () => {
    const doc = smallWithPrices(false);
    doc.tenants[0].baselineEurPerYear = 9000.5;
    const tenant = costModel(envFrom(doc))!.tenants[0];
    expect(tenant.baseline).toEqual({ source: "given", yearlyCents: 900050 });
    expect(tenant.savingCents).toBe(900050 - tenant.yearlyCents);
  });

  test("without a price list there is no model and no cost change", () => {
    const env = envFrom(smallDocument());
    expect(costModel(env)).toBeUndefined();
    expect(costChange(env, env)).toBeUndefined();
  });

  test("a platform nobody reserves anything on leaves its cost unallocated, counted once", () => {
    const doc = smallWithPrices(false);
    doc.tenants[0].sites.forEach((s: { workstations: { count: number } }) => (s.workstations.count = 0));
    doc.tenants[0].workloads = [];
    const env = envFrom(doc);
    const model = costModel(env)!;
    expect(model.unallocated.hosts).toBe(platformFromFile(env).hosts);
    expect(model.tenants[0].shareCents).toBe(0);
    expect(model.tenants.reduce((n, t) => n + t.yearlyCents, 0) + totalOf(model.unallocated)).toBe(totalOf(model.platform));
  });
});

describe("the cost report", () => {
  test("formats cents with thousands separators and a sign", () => {
    expect([formatEur(123456789), formatEur(-5), formatEur(100, { sign: true }), formatEur(149950, { decimals: 0 })]).toEqual([
      "1,234,567.89",
      "-0.05",
      "+1.00",
      "1,500",
    ]);
  });

  test("says plainly when the prices are example figures", () => {
    const doc = smallWithPrices(false);
    expect(costsMarkdown(costModel(envFrom(doc))!, "x.yaml")).not.toContain("Example figures");
    doc.prices.example = true;
    const model = costModel(envFrom(doc))!;
    expect(costsMarkdown(model, "x.yaml").split("\n").slice(0, 4).join("\n")).toContain("**Example figures, not real prices.**");
    expect(costsSvg(model)).toContain("example figures, not real prices");
  });

  test("docs/costs.md and docs/costs.svg show the default environment's current costs (npm run costs)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rz-costs-"));
    const run = spawnSync(
      process.execPath,
      ["--require", "ts-node/register/transpile-only", path.join(ROOT, "scripts", "costs.ts"), "--out", path.join(dir, "costs.md")],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, RZ_CONFIG: "config/dithmarschen.yaml" } },
    );
    expect(run.status).toBe(0);
    const written = fs.readFileSync(path.join(dir, "costs.md"), "utf8");
    expect(run.stdout).toBe(written);
    expect(fs.readFileSync(path.join(ROOT, "docs", "costs.md"), "utf8")).toBe(written);
    expect(fs.readFileSync(path.join(ROOT, "docs", "costs.svg"), "utf8")).toBe(fs.readFileSync(path.join(dir, "costs.svg"), "utf8"));
    const county = costModel(loadEnvironment(path.join(ROOT, "config/dithmarschen.yaml")))!.tenants[0];
    expect(written).toMatch(
      new RegExp(`\\| Kreis Dithmarschen \\(DI\\) +\\| +430 \\| +7 \\|.*\\*\\*${formatEur(county.yearlyCents)} €\\*\\*`),
    );
    expect(written).toContain("![Yearly cost per tenant, stacked by cost kind](costs.svg)");
    fs.rmSync(dir, { recursive: true });
  });

  test("the chart has one bar per tenant, stacked by kind, each segment its share", () => {
    const model = costModel(loadEnvironment(path.join(ROOT, TWO_TENANTS)))!;
    const svg = costsSvg(model);
    for (const t of model.tenants) {
      expect(svg).toContain(`>${t.name}</text>`);
      for (const kind of COST_KINDS.filter((k) => t.cents[k] > 0)) expect(svg).toContain(`: ${formatEur(t.cents[kind])} €</title>`);
    }
  });
});

describe("config/dithmarschen-two-tenants.yaml", () => {
  test("is the default file plus Amt Marne-Nordsee, its image, its desktop price and one data-centre host", () => {
    const two = parse(fs.readFileSync(path.join(ROOT, TWO_TENANTS), "utf8"));
    two.tenants = two.tenants.filter((t: { id: string }) => t.id !== "amt-marne-nordsee");
    two.images = two.images.filter((i: { id: string }) => i.id !== "amt-standard");
    delete two.prices.desktopEurPerYear["amt-standard"];
    two.clusters[0].hosts = two.clusters[0].hosts.filter((h: { name: string }) => h.name !== "esx-rz-07.rz-nord.dataport.example");
    expect(two).toEqual(defaultDocument());
  });
});
