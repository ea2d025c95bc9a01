/**
 * Fuzz test of the environment file edge (#18): a fixed-seed generator of
 * mutated copies of the default environment (types, sizes, characters,
 * aliases, tags, nesting, collisions, injections, and valid edits), each
 * loaded through the same path main.ts uses (a file on disk, loadEnvironment).
 * For every case: valid → the environment's strings and (for a sample) the
 * synthesised stacks have no template syntax from the input and no
 * unprintable characters; invalid → a ConfigError whose every line names the
 * file, is printable and short; never another exception or a slow case.
 * A few cases also run through `npm run synth` as a child process: exit 1 and
 * an earlier output left exactly as it was.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { loadEnvironment } from "../../config/load";
import { ConfigError } from "../../config/problems";
import { foreignText } from "../../compliance/template-syntax";
import { UNPRINTABLE } from "../../domain/text";
import { defaultDocument, readTree, ROOT, synthToDir } from "../helpers";

const SEED = 18;
const CASES = 400;
/** Valid cases synthesised in full (each takes about a second). */
const SYNTH_SAMPLE = 6;
/** A load slower than this counts as a hang (the machine is shared; a typical case takes milliseconds). */
const SLOW_MS = 5000;

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

type Json = Record<string, unknown> | unknown[];
type Leaf = { parent: Json; key: string | number; value: unknown };

function leaves(value: unknown, out: Leaf[] = []): Leaf[] {
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const key = Array.isArray(value) ? Number(k) : k;
      if (v !== null && typeof v === "object") leaves(v, out);
      else out.push({ parent: value as Json, key, value: v });
    }
  }
  return out;
}

const INJECTIONS = [
  '${file("/etc/passwd")}',
  "${var.vsphere_password}",
  "${TfToken[TOKEN.1]}",
  "#{TfToken[TOKEN.7]}",
  "&{TfToken[TOKEN.2]}",
  "%{ for x in [1] }${x}%{ endfor }",
  "$${literal}",
  "x${path.root}y",
];
const CHARACTERS = ["\u202e", "\u200b", "\u0000", "\u001b[2J", "\n", "\r", "\u2028", "\ufeff", "\u0085", "\ud800", "\u00ad"];
const SAFE_TEXT = ["Büsum", "Sankt Michaelisdonn", "Friedrichskoog-Spitze", "Kreis Dithmarschen (Süd)", "Ämter & Gemeinden"];

interface Case {
  readonly kind: string;
  readonly text: string;
}

function generate(next: () => number): Case {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const doc = defaultDocument();
  const all = leaves(doc);
  const strings = all.filter((l) => typeof l.value === "string");
  const set = (leaf: Leaf, value: unknown) => ((leaf.parent as Record<string | number, unknown>)[leaf.key] = value);
  const kind = pick([
    "type",
    "size",
    "characters",
    "injection",
    "injection-key",
    "alias",
    "tag",
    "nesting",
    "collision",
    "semantic",
    "valid-edit",
    "valid-edit",
    "bytes",
  ]);
  switch (kind) {
    case "type":
      set(pick(all), pick([true, null, 0, -1, 1.5, "text", [], {}, Number.NaN, Number.POSITIVE_INFINITY, 1e300, -1.8881545897087626e289]));
      break;
    case "size":
      set(pick(strings), pick(["x", "y"]).repeat(pick([81, 257, 1025, 100_000, 1_000_000])));
      break;
    case "characters": {
      const leaf = pick(strings);
      const s = String(leaf.value);
      const at = Math.floor(next() * (s.length + 1));
      set(leaf, `${s.slice(0, at)}${pick(CHARACTERS)}${s.slice(at)}`);
      break;
    }
    case "injection":
      set(pick(strings), `${String(pick(strings).value).slice(0, 8)}${pick(INJECTIONS)}`);
      break;
    case "injection-key": {
      const parent = pick(all).parent;
      if (!Array.isArray(parent)) parent[pick([...INJECTIONS, ...CHARACTERS.map((c) => `k${c}ey`)])] = "x";
      else set(pick(strings), pick(INJECTIONS));
      break;
    }
    case "collision": {
      const variant = pick(["stack", "version", "host", "vlan", "uplink", "site"]);
      if (variant === "stack") {
        doc.tenants.push({
          ...structuredClone(doc.tenants[0]),
          id: "kreis",
          code: "KR",
          workloads: [],
          sites: [{ ...structuredClone(doc.tenants[0].sites[0]), id: "dithmarschen-meldorf-1", vlan: 900, cidr: "10.99.0.0/24" }],
        });
      } else if (variant === "version") {
        doc.rollout = [{ wave: 1, image: "verwaltung-power", version: "2026-11" }];
      } else if (variant === "host") {
        doc.clusters[0].hosts[1].name = doc.clusters[0].hosts[0].name.replace(".", "-");
      } else if (variant === "vlan") {
        doc.tenants[0].sites[1].vlan = doc.tenants[0].sites[0].vlan;
      } else if (variant === "uplink") {
        doc.network.switch.uplinks = ["uplink1", "uplink1"];
      } else {
        doc.tenants[0].sites[1].id = doc.tenants[0].sites[0].id;
      }
      break;
    }
    case "semantic": {
      const variant = pick(["url", "port", "reservation", "subnet", "state", "nfs"]);
      if (variant === "url")
        doc.images[0].ovfUrl = pick(["file:///etc/passwd", "javascript:alert(1)", "ftp://x.example/a.ovf", "http://x.example/a.ovf"]);
      else if (variant === "port") doc.vcenter.server = `vcenter.example:${pick([0, 65536, 99999])}`;
      else if (variant === "reservation") doc.tenants[0].resources = { cpuReservationMhz: 9000, cpuLimitMhz: 100 };
      else if (variant === "subnet")
        doc.tenants[0].sites[0].cidr = pick(["0.0.0.0/24", "127.0.0.0/24", "224.0.0.0/24", "169.254.1.0/24", "8.8.8.0/24"]);
      else if (variant === "state") doc.backend = { type: "local", directory: pick(["/etc", "../../..", "state/../.."]) };
      else doc.clusters[0].datastore.nfsPath = "/vol/../../etc";
      break;
    }
    case "valid-edit": {
      const variant = pick(["town", "count", "description", "order"]);
      if (variant === "town") doc.tenants[0].sites[Math.floor(next() * 5)].town = pick(SAFE_TEXT);
      else if (variant === "count") doc.tenants[0].sites[Math.floor(next() * 5)].workstations.count = Math.floor(next() * 50);
      else if (variant === "description")
        doc.tenants[0].workloads[Math.floor(next() * 7)].description = `${pick(SAFE_TEXT)} {not a template} $ 100 %`;
      else doc.tenants[0].sites.reverse();
      break;
    }
    default:
      break;
  }
  let text = stringify(doc);
  if (kind === "alias") {
    const variant = pick(["bomb", "unresolved", "circular", "legit"]);
    if (variant === "bomb") {
      let bomb = "a0: &a0 [x,x,x,x,x,x,x,x,x]\n";
      for (let i = 1; i < 12; i++)
        bomb += `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(",")}]\n`;
      text = `${bomb}${text}`;
    } else if (variant === "unresolved") text = text.replace(/datacenter: .*/, "datacenter: *nowhere");
    else if (variant === "circular") text = text.replace(/ntpServers:\n/, "ntpServers: &n\n  - *n\n");
    else text = text.replace(/datacenter: (.*)/, "datacenter: &dc $1").replace(/contentLibrary: .*/, "") + "contentLibrary: *dc\n";
  } else if (kind === "tag") {
    text = text.replace(
      /datacenter: .*/,
      `datacenter: ${pick(["!vault secret/rz", "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [{a: 1}]", "!env HOME", "!!timestamp 2026-01-01"])}`,
    );
  } else if (kind === "nesting") {
    const depth = pick([40, 1000, 20_000]);
    text += pick([`deep: ${"[".repeat(depth)}${"]".repeat(depth)}\n`, `deep: ${"- ".repeat(depth)}x\n`]);
  } else if (kind === "bytes") {
    const bytes = Buffer.from(text);
    const at = Math.floor(next() * bytes.length);
    return {
      kind,
      text: Buffer.concat([bytes.subarray(0, at), Buffer.from([pick([0xff, 0xc0, 0x80, 0xfe])]), bytes.subarray(at)]).toString("latin1"),
    };
  }
  return { kind, text };
}

describe("fuzzed environment files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rz-fuzz-"));
  const next = random(SEED);
  const cases = Array.from({ length: CASES }, () => generate(next));
  const counts = new Map<string, number>();
  const count = (outcome: string) => counts.set(outcome, (counts.get(outcome) ?? 0) + 1);

  afterAll(() => {
    const summary = [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    process.stdout.write(`fuzz (seed ${SEED}, ${CASES} cases): ${summary}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`${CASES} mutated files: valid with clean text, or one printable line per problem; never a crash or a slow case`, () => {
    let synthesised = 0;
    cases.forEach((c, i) => {
      const file = path.join(dir, `case-${i}.yaml`);
      fs.writeFileSync(file, c.kind === "bytes" ? Buffer.from(c.text, "latin1") : c.text);
      const started = Date.now();
      let outcome: string;
      let elapsed = 0;
      try {
        const env = loadEnvironment(file);
        elapsed = Date.now() - started;
        expect(foreignText(env)).toEqual([]);
        if (synthesised < SYNTH_SAMPLE && c.kind === "valid-edit") {
          synthesised++;
          const out = synthToDir(env);
          const findings = [...readTree(out)].filter(([f]) => f.endsWith(".json")).flatMap(([, t]) => foreignText(JSON.parse(t)));
          expect(findings).toEqual([]);
          count("valid, synthesised clean");
        }
        outcome = "valid";
      } catch (error) {
        if (!(error instanceof ConfigError)) throw new Error(`case ${i} (${c.kind}) threw ${String(error)}`);
        const lines = error.message.split("\n");
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) {
          expect(line.startsWith(`${file}: `) || (line.startsWith(`${file}:`) && /^:\d+:\d+: /.test(line.slice(file.length)))).toBe(true);
          expect(line).not.toMatch(UNPRINTABLE);
          expect(line.length).toBeLessThanOrEqual(400);
        }
        elapsed = Date.now() - started;
        outcome = "refused";
      }
      expect({ case: i, kind: c.kind, slow: elapsed >= SLOW_MS }).toEqual({ case: i, kind: c.kind, slow: false });
      count(`${c.kind} ${outcome}`);
      count(outcome);
    });
    expect(counts.get("valid")).toBeGreaterThan(0);
    expect(counts.get("refused")).toBeGreaterThan(0);
  });

  test("npm run synth exits 1 on refused cases and leaves an earlier output exactly as it was", () => {
    const out = path.join(dir, "cdktf.out");
    fs.mkdirSync(path.join(out, "stacks", "platform"), { recursive: true });
    fs.writeFileSync(path.join(out, "stacks", "platform", "cdk.tf.json"), '{"earlier":true}\n');
    const before = readTree(out);
    const samples = [
      { kind: "injection", text: stringify({ ...defaultDocument(), datacenter: '${file("/etc/passwd")}' }) },
      ...["alias", "tag"].map((kind) => cases.find((c) => c.kind === kind)!).filter(Boolean),
    ];
    for (const sample of samples) {
      const file = path.join(dir, `child-${sample.kind}.yaml`);
      fs.writeFileSync(file, sample.text);
      const run = spawnSync(process.execPath, ["scripts/synth.js"], {
        cwd: ROOT,
        env: { ...process.env, RZ_CONFIG: file, RZ_OUTDIR: out, CHECKPOINT_DISABLE: "1" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect({ kind: sample.kind, status: run.status }).toEqual({ kind: sample.kind, status: 1 });
      expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(:\\d+:\\d+)?: `));
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(readTree(out)).toEqual(before);
      count("child synth refused");
    }
  }, 240_000);
});
