/**
 * `npm run bench`: what synth and tests cost as the platform grows from one
 * county (430 desktops) to a hundred (43,000). Compiles to JavaScript first
 * (no ts-node in the measurements), runs each case in a fresh process several
 * times, and writes docs/benchmarks.md with a table of medians, spreads and
 * ratios measured in the same run, plus docs/benchmarks.svg.
 * RZ_BENCH_RUNS (default 3) and RZ_BENCH_SIZES (default 1,10,100) tune it.
 * `npm run bench -- --plans` adds plan and drift times against the simulator
 * (bench/plans.ts; measured first, so a missing tool or a failed deploy shows
 * at once), with a table and docs/benchmarks-plans.svg; RZ_BENCH_PLAN_RUNS
 * (default RZ_BENCH_RUNS) sets its runs.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { environmentOf } from "./generate";
import { parseCommandLine } from "../runtime/command-line";
import { NOTES } from "./notes";
import { measurePlans, PLAN_SITE, PlanResult, planTools } from "./plans";

const { values } = parseCommandLine({
  command: "npm run bench --",
  summary: "Measure synth cost from 1 to 100 tenants against a bare-provider floor; write docs/benchmarks.md and docs/benchmarks.svg.",
  options: { plans: { type: "boolean", description: "also measure plan times against the vCenter simulator (needs the provider)" } },
  details: ["environment: RZ_BENCH_RUNS (default 3), RZ_BENCH_SIZES (default 1,10,100), RZ_BENCH_PLAN_RUNS (default RZ_BENCH_RUNS)"],
});

const ROOT = path.resolve(__dirname, "..", "..");
const runs = Number(process.env.RZ_BENCH_RUNS || 3);
const sizes = (process.env.RZ_BENCH_SIZES || "1,10,100").split(",").map(Number);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "rz-bench-"));

const withPlans = values.plans === true;

interface Sample {
  readonly seconds: number;
  /** CPU seconds of the synth process itself (robust against other load on the machine). */
  readonly cpuSeconds: number;
  /** CPU seconds of reading, parsing and validating the environment file (product only). */
  readonly loadCpuSeconds: number;
  readonly maxRssMiB: number;
}

function measure(mode: string, file: string, stacks?: string, env: NodeJS.ProcessEnv = {}): Sample {
  const outdir = path.join(work, `out-${mode}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [path.join(__dirname, "worker.js"), mode, file, outdir, ...(stacks ? [stacks] : [])], {
    encoding: "utf8",
    // The validated file is cached between commands (config/cache.ts): a cache of the bench's own.
    env: { ...process.env, RZ_CONFIG_CACHE_DIR: path.join(work, "config-cache"), ...env },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${mode} ${file} failed: ${run.stderr}`);
  const report = JSON.parse(run.stdout.trim().split("\n").pop() as string);
  return { seconds, cpuSeconds: report.cpuMs / 1000, loadCpuSeconds: report.loadCpuMs / 1000, maxRssMiB: report.maxRssMiB };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);

interface Row {
  readonly tenants: number;
  readonly desktops: number;
  readonly full: Sample[];
  /** The same as `full` with the validated-file cache off: every command's first read of a file. */
  readonly fullUncached: Sample[];
  readonly oneTenant: Sample[];
  readonly floor: Sample[];
}

async function main(): Promise<void> {
  console.log(`[bench] ${runs} run(s) per case, sizes ${sizes.join(", ")}; work dir ${work}`);
  let plans: PlanResult | string =
    "not measured in this run (`npm run bench -- --plans` measures it when `.tools/` holds engine, provider and simulator)";
  if (withPlans) {
    const tools = planTools();
    plans = typeof tools === "string" ? `skipped: ${tools}` : await measurePlans(tools, Number(process.env.RZ_BENCH_PLAN_RUNS || runs));
  }
  const rows: Row[] = [];
  for (const tenants of sizes) {
    const doc = environmentOf(tenants);
    // The product reads the YAML file as main.ts does; the floor takes the same document as JSON.
    const file = path.join(work, `env-${tenants}.yaml`);
    fs.writeFileSync(file, stringify(doc));
    const json = path.join(work, `env-${tenants}.json`);
    fs.writeFileSync(json, JSON.stringify(doc));
    const desktops = doc.tenants
      .flatMap((t: { sites: { workstations: { count: number } }[] }) => t.sites)
      .reduce((n: number, s: { workstations: { count: number } }) => n + s.workstations.count, 0);
    const row: Row = { tenants, desktops, full: [], fullUncached: [], oneTenant: [], floor: [] };
    measure("product", file); // fills the cache as the operator's first command on this file would
    for (let i = 0; i < runs; i++) {
      // Interleave the cases so drift on a noisy machine hits them alike.
      row.full.push(measure("product", file));
      row.fullUncached.push(measure("product", file, undefined, { RZ_CONFIG_CACHE: "off" }));
      row.oneTenant.push(measure("product", file, "tenant-kreis-dithmarschen,site-kreis-dithmarschen-*"));
      row.floor.push(measure("floor", json));
      console.log(
        `[bench] ${tenants} tenant(s), run ${i + 1}: full ${row.full[i].seconds.toFixed(2)} s, one tenant ${row.oneTenant[i].seconds.toFixed(2)} s, floor ${row.floor[i].seconds.toFixed(2)} s`,
      );
    }
    rows.push(row);
  }
  console.log("[bench] unit and snapshot suite...");
  const suiteStarted = Date.now();
  const suite = spawnSync(path.join(ROOT, "node_modules", ".bin", "jest"), ["--selectProjects", "unit", "--silent"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const suiteSeconds = (Date.now() - suiteStarted) / 1000;
  // A failed suite is reported, not thrown: the measurements above (the simulator's take many minutes) are kept.
  const failed = suite.status !== 0 ? (suite.stderr.match(/^\s*● .*$/m)?.[0].trim() ?? `exit ${suite.status}`) : undefined;
  if (failed) console.error(`[bench] unit suite failed:\n${suite.stderr.slice(-2000)}`);
  writeReport(rows, suiteSeconds, plans, failed);
  if (failed) process.exitCode = 1;
}

const s = (xs: Sample[]) => median(xs.map((x) => x.seconds));
const c = (xs: Sample[]) => median(xs.map((x) => x.cpuSeconds));
const m = (xs: Sample[]) => median(xs.map((x) => x.maxRssMiB));
const l = (xs: Sample[]) => median(xs.map((x) => x.loadCpuSeconds));

function planSection(plans: PlanResult | string): string[] {
  if (typeof plans === "string") return ["## Plan and drift time against the simulator", "", `Plan time: ${plans}.`, ""];
  const row = (what: string, xs: number[]) => `| ${what} | ${median(xs).toFixed(1)} | ${spread(xs).toFixed(1)} |`;
  const speedup = median(plans.driftSequential) / median(plans.driftParallel);
  const cpuTotal = median(plans.cpuSequential.map((x) => x.engine + x.simulator));
  return [
    "## Plan and drift time against the simulator",
    "",
    `Two environments of the default county's shape, each deployed into its own vcsim-rz on 127.0.0.1: 1 tenant (${plans.stacks1} stacks, deploy ${plans.deploySeconds1.toFixed(0)} s) ` +
      `and 3 tenants (${plans.stacks3} stacks, deploy ${plans.deploySeconds3.toFixed(0)} s). Then ${plans.site1.length} runs, interleaved: \`plan\` of the one site stack \`${PLAN_SITE}\` in each, ` +
      `and the drift check of the 3-tenant environment as \`npm run drift\` runs it (runtime/drift-check.ts: \`init\`, \`plan\`, \`show -json\` of every stack), ` +
      `one stack at a time and ${plans.parallelism} at once (\`--parallel\`'s default here: two per core). Wall time; engine and provider from \`.tools/\`.`,
    "",
    "| measured | median s | spread s |",
    "| --- | ---: | ---: |",
    row(`one site plan, 1 tenant deployed (\`${PLAN_SITE}\`)`, plans.site1),
    row("the same site plan, 3 tenants deployed", plans.site3),
    row(`drift of 3 tenants (${plans.stacks3} stacks), one at a time`, plans.driftSequential),
    row(`drift of 3 tenants, ${plans.parallelism} at once`, plans.driftParallel),
    row(
      "CPU of the drift check, one at a time: engine and provider",
      plans.cpuSequential.map((x) => x.engine),
    ),
    row(
      "the same: the simulator",
      plans.cpuSequential.map((x) => x.simulator),
    ),
    row(
      `CPU of the drift check, ${plans.parallelism} at once: engine and provider`,
      plans.cpuParallel.map((x) => x.engine),
    ),
    row(
      "the same: the simulator",
      plans.cpuParallel.map((x) => x.simulator),
    ),
    "",
    `CPU bound: the check needs about ${cpuTotal.toFixed(0)} CPU seconds (engine and provider plus simulator, one at a time), so on ${os.cpus().length} cores ` +
      `no parallelism finishes it in less than ${(cpuTotal / os.cpus().length).toFixed(0)} s (${(median(plans.driftSequential) / (cpuTotal / os.cpus().length)).toFixed(2)} × the sequential time at most); ` +
      `against a real vCenter the simulator's ${median(plans.cpuSequential.map((x) => x.simulator)).toFixed(0)} s run on vCenter's servers, not here. ` +
      `One site plan at 3 tenants / at 1 tenant: **${(median(plans.site3) / median(plans.site1)).toFixed(2)}**. ` +
      `Drift sequential / parallel: **${speedup.toFixed(2)} ×** faster in parallel (target of #20: ≥ 1.5 ×). ` +
      `Findings (${plans.findings.drift} drifted resource(s), ${plans.findings.changes} planned change(s)) ${plans.findingsIdentical ? "identical in every sequential and parallel run" : "**differed between runs**"}.`,
    "",
    "![plan and drift seconds](benchmarks-plans.svg)",
    "",
  ];
}

/** Bars of the median plan and drift seconds. */
function planChart(plans: PlanResult): string {
  const bars: [string, number, string][] = [
    ["site plan, 1 tenant", median(plans.site1), "#2980b9"],
    ["site plan, 3 tenants", median(plans.site3), "#2980b9"],
    ["drift, 3 tenants, sequential", median(plans.driftSequential), "#c0392b"],
    [`drift, 3 tenants, ${plans.parallelism} at once`, median(plans.driftParallel), "#27ae60"],
  ];
  const w = 560;
  const left = 200;
  const barH = 28;
  const h = 60 + bars.length * (barH + 12);
  const maxV = Math.max(...bars.map(([, v]) => v));
  const x = (v: number) => (v / maxV) * (w - left - 70);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="10" y="20">plan and drift seconds against the simulator (median)</text>`,
    ...bars.map(([name, v, color], i) => {
      const y = 40 + i * (barH + 12);
      return (
        `<text x="${left - 8}" y="${y + barH / 2 + 4}" text-anchor="end">${name}</text>` +
        `<rect x="${left}" y="${y}" width="${x(v).toFixed(1)}" height="${barH}" fill="${color}"/>` +
        `<text x="${(left + x(v) + 6).toFixed(1)}" y="${y + barH / 2 + 4}">${v.toFixed(1)} s</text>`
      );
    }),
    "</svg>",
  ];
  return `${parts.join("\n")}\n`;
}

function writeReport(rows: Row[], suiteSeconds: number, plans: PlanResult | string, suiteFailed?: string): void {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const first = rows[0];
  const lines = [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" / ")} at the end (the machine is shared; CPU-time ratios are less sensitive to other load than wall-time ones). ` +
      `Each case is a fresh \`node\` process running precompiled JavaScript; ${runs} runs per case, interleaved; median (spread = max − min). ` +
      "Environments are N copies of the Kreis Dithmarschen tenant (430 desktops, 5 sites, 7 workloads each). " +
      "*full*: the YAML file → parse and validation → constructs → compliance pack → synth of every stack, as `main.ts` does; " +
      "*one tenant*: the same with `RZ_STACKS` selecting one tenant's stacks; " +
      "*floor*: the same document as JSON → the same stacks and resources as bare provider classes, no YAML, constructs, validation or compliance. " +
      "Wall time is the whole process as the bench sees it; CPU time is the synth process's own (without the one `terraform version` it starts); " +
      "*parse + validate CPU s*: `loadEnvironment`'s own CPU time (read, parse, validate the file) in the product runs: cached (median of full and one-tenant runs) / not cached (full runs with `RZ_CONFIG_CACHE=off`). " +
      "A file that validated is kept by content hash for the next command (config/cache.ts); the bench loads each file once before its runs, as an operator's first command does, " +
      "so *full* and *one tenant* are the second and later commands on a file; *not cached* is a command's first read of a file.",
    "",
    "| tenants | desktops | full synth s | one tenant s | floor s | full / floor | full / floor (CPU) | same, not cached (CPU) | full peak MiB | floor peak MiB | memory full / floor | one tenant / one tenant at 1 | same (CPU) | parse + validate CPU s: cached / not |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.tenants} | ${r.desktops} | ${s(r.full).toFixed(2)} (${spread(r.full.map((x) => x.seconds)).toFixed(2)}) | ${s(r.oneTenant).toFixed(2)} (${spread(r.oneTenant.map((x) => x.seconds)).toFixed(2)}) | ` +
        `${s(r.floor).toFixed(2)} (${spread(r.floor.map((x) => x.seconds)).toFixed(2)}) | ${(s(r.full) / s(r.floor)).toFixed(2)} | ${(c(r.full) / c(r.floor)).toFixed(2)} | ${(c(r.fullUncached) / c(r.floor)).toFixed(2)} | ${m(r.full).toFixed(0)} | ${m(r.floor).toFixed(0)} | ` +
        `${(m(r.full) / m(r.floor)).toFixed(2)} | ${(s(r.oneTenant) / s(first.oneTenant)).toFixed(2)} | ${(c(r.oneTenant) / c(first.oneTenant)).toFixed(2)} | ` +
        `${l([...r.full, ...r.oneTenant]).toFixed(3)} / ${l(r.fullUncached).toFixed(3)} |`,
    ),
    "",
    `Unit and snapshot suite (\`jest --selectProjects unit\`): ${suiteSeconds.toFixed(1)} s wall${suiteFailed ? ` (**failed** in this run: ${suiteFailed})` : ""}.`,
    "",
    "![synth time by number of tenants](benchmarks.svg)",
    "",
    ...planSection(plans),
    ...NOTES,
  ];
  fs.writeFileSync(path.join(ROOT, "docs", "benchmarks.md"), `${lines.join("\n")}`);
  fs.writeFileSync(path.join(ROOT, "docs", "benchmarks.svg"), chart(rows));
  if (typeof plans !== "string") fs.writeFileSync(path.join(ROOT, "docs", "benchmarks-plans.svg"), planChart(plans));
  console.log(lines.join("\n"));
}

/** A small line chart of median synth seconds per size, as plain SVG. */
function chart(rows: Row[]): string {
  const w = 560;
  const h = 300;
  const pad = 50;
  const series: [string, string, (r: Row) => number][] = [
    ["full synth", "#c0392b", (r) => s(r.full)],
    ["one tenant", "#2980b9", (r) => s(r.oneTenant)],
    ["floor", "#7f8c8d", (r) => s(r.floor)],
  ];
  const maxY = Math.max(...rows.flatMap((r) => series.map(([, , f]) => f(r))));
  const x = (i: number) => pad + (i * (w - 2 * pad)) / Math.max(1, rows.length - 1);
  const y = (v: number) => h - pad - (v / maxY) * (h - 2 * pad);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="black"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="black"/>`,
    `<text x="${pad}" y="${pad - 15}">synth seconds (median) by tenants</text>`,
    `<text x="${pad - 8}" y="${pad + 4}" text-anchor="end">${maxY.toFixed(1)}</text><text x="${pad - 8}" y="${h - pad + 4}" text-anchor="end">0</text>`,
    ...rows.map((r, i) => `<text x="${x(i)}" y="${h - pad + 18}" text-anchor="middle">${r.tenants}</text>`),
    ...series.map(([name, color, f], k) =>
      [
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${rows.map((r, i) => `${x(i).toFixed(1)},${y(f(r)).toFixed(1)}`).join(" ")}"/>`,
        `<text x="${w - pad - 90}" y="${pad + 16 * k}" fill="${color}">${name}</text>`,
      ].join(""),
    ),
    "</svg>",
  ];
  return `${parts.join("\n")}\n`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
