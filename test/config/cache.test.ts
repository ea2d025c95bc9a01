/**
 * A validated environment is kept by content hash for the next command
 * (#20): the second load of the same text reads the cache and returns the
 * same environment; bad files are never kept; another text, a foreign or
 * damaged entry, or the cache switched off all mean a full parse and
 * validation.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { environmentOf } from "../../bench/generate";
import { cachedEnvironment } from "../../config/cache";
import { loadEnvironment, parseEnvironment } from "../../config/load";
import { ConfigError } from "../../config/problems";

const ROOT = path.resolve(__dirname, "..", "..");

describe("the environment cache", () => {
  let dir: string;
  let work: string;
  const saved = { dir: process.env.RZ_CONFIG_CACHE_DIR, off: process.env.RZ_CONFIG_CACHE };

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "rz-cache-test-"));
    dir = path.join(work, "cache");
    process.env.RZ_CONFIG_CACHE_DIR = dir;
    delete process.env.RZ_CONFIG_CACHE;
  });
  afterAll(() => {
    for (const [key, value] of [
      ["RZ_CONFIG_CACHE_DIR", saved.dir],
      ["RZ_CONFIG_CACHE", saved.off],
    ] as const)
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
  });

  const entries = () => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith(".json")) : []);
  const write = (name: string, text: string) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, text);
    return file;
  };

  test.each([
    ["the default environment", fs.readFileSync(path.join(ROOT, "config", "dithmarschen.yaml"), "utf8")],
    ["the two-tenant example", fs.readFileSync(path.join(ROOT, "config", "dithmarschen-two-tenants.yaml"), "utf8")],
    ["ten generated tenants", stringify(environmentOf(10))],
  ])("%s: the second load comes from the cache and equals a full validation", (_name, text) => {
    const file = write("env.yaml", text);
    expect(cachedEnvironment(text)).toBeUndefined();
    const first = loadEnvironment(file);
    expect(entries()).toHaveLength(1);
    const kept = cachedEnvironment(text);
    expect(kept).toBeDefined();
    expect(kept).toStrictEqual(parseEnvironment(text, file));
    expect(loadEnvironment(file)).toStrictEqual(first);
    expect(fs.statSync(path.join(dir, entries()[0])).mode & 0o777).toBe(0o600);
  });

  test("a bad file is never kept: each load validates it and names the problem", () => {
    const text = fs.readFileSync(path.join(ROOT, "config", "dithmarschen.yaml"), "utf8").replace(/vlan: \d+/, "vlan: 5000");
    const file = write("bad.yaml", text);
    for (let i = 0; i < 2; i++) expect(() => loadEnvironment(file)).toThrow(ConfigError);
    expect(() => loadEnvironment(file)).toThrow(/vlan: 5000 is outside 2\.\.4094/);
    expect(entries()).toEqual([]);
  });

  test("another text is a miss; so is a damaged or foreign entry, which is validated again and replaced", () => {
    const text = fs.readFileSync(path.join(ROOT, "config", "dithmarschen.yaml"), "utf8");
    const file = write("env.yaml", text);
    const environment = loadEnvironment(file);
    expect(cachedEnvironment(`${text}\n# a comment\n`)).toBeUndefined();
    const [entry] = entries();
    // A damaged entry (not JSON), then one that claims another key: both misses.
    fs.writeFileSync(path.join(dir, entry), "{ not json");
    expect(cachedEnvironment(text)).toBeUndefined();
    fs.writeFileSync(path.join(dir, entry), JSON.stringify({ format: "rz-environment-cache/1", key: "0".repeat(64), environment: {} }));
    expect(cachedEnvironment(text)).toBeUndefined();
    expect(loadEnvironment(file)).toStrictEqual(environment);
    expect(cachedEnvironment(text)).toStrictEqual(environment);
  });

  test("RZ_CONFIG_CACHE=off keeps nothing and reads nothing", () => {
    const text = fs.readFileSync(path.join(ROOT, "config", "dithmarschen.yaml"), "utf8");
    const file = write("env.yaml", text);
    loadEnvironment(file);
    expect(entries()).toHaveLength(1);
    process.env.RZ_CONFIG_CACHE = "off";
    expect(cachedEnvironment(text)).toBeUndefined();
    fs.rmSync(dir, { recursive: true });
    loadEnvironment(file);
    expect(entries()).toEqual([]);
  });
});
