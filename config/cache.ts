/**
 * Validated environments, cached between commands by content hash (#20).
 *
 * An operator's change runs several commands over the same file (`npm run
 * synth`, then `cdktf deploy`, which synthesises again, the report, drift,
 * capacity, ...), and each is a new process that would parse and validate
 * the whole file again: about a third of a second of CPU at 100 tenants,
 * most of it the first-run cost of the parser and the schema in a fresh
 * process. So a file that validated is kept as its validated result, and the
 * next command with the same text and the same validation code reads that
 * instead.
 *
 * - The key is a SHA-256 over the file's text, the source of the validation
 *   code (every file of config/ and domain/ as loaded) and the versions of
 *   the YAML and schema libraries: any change to either is a miss. The
 *   validation reads nothing but the text (no clock, no environment, no
 *   working directory), so the same key means the same result.
 * - Only valid files are kept. A bad file is always parsed and validated,
 *   so its messages come from the same path every time.
 * - Entries live in `node_modules/.cache/rz-dithmarschen/` (where tools
 *   keep such caches; removed with `node_modules`, never committed), are
 *   written atomically and only by this user (mode 0600), the newest
 *   {@link MAX_ENTRIES} kept. A missing, unreadable or foreign entry is a miss.
 * - `RZ_CONFIG_CACHE=off` turns it off; `RZ_CONFIG_CACHE_DIR` puts it elsewhere.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { Environment } from "./schema";

const FORMAT = "rz-environment-cache/1";
const MAX_ENTRIES = 16;

/** The project root: the nearest folder above this file with a package.json (also from dist/). */
function projectRoot(): string | undefined {
  for (let dir = path.resolve(__dirname, ".."); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "node_modules"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The version in the package.json of the installed `library` (its entry point's nearest one of that name). */
function libraryVersion(library: string): string {
  for (let dir = path.dirname(require.resolve(library)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (!fs.existsSync(manifest)) continue;
    const json = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string; version?: string };
    if (json.name === library && json.version) return json.version;
  }
  return require.resolve(library);
}

let fingerprint: string | undefined;

/** SHA-256 of the validation code as loaded (config/ and domain/) and the parser and schema library versions. */
function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash("sha256").update(FORMAT);
  for (const dir of [__dirname, path.resolve(__dirname, "..", "domain")]) {
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/\.(ts|js)$/.test(name) || name.endsWith(".d.ts")) continue;
      hash.update(`\0${name}\0`).update(fs.readFileSync(path.join(dir, name)));
    }
  }
  for (const library of ["yaml", "zod"]) hash.update(`\0${library}@${libraryVersion(library)}`);
  fingerprint = hash.digest("hex");
  return fingerprint;
}

function cacheDir(): string | undefined {
  if (process.env.RZ_CONFIG_CACHE === "off") return undefined;
  if (process.env.RZ_CONFIG_CACHE_DIR) return process.env.RZ_CONFIG_CACHE_DIR;
  const root = projectRoot();
  return root ? path.join(root, "node_modules", ".cache", "rz-dithmarschen") : undefined;
}

const keyOf = (text: string): string => createHash("sha256").update(codeFingerprint()).update("\0").update(text).digest("hex");

/** The validated environment of `text` if an earlier command kept it, else undefined. */
export function cachedEnvironment(text: string): Environment | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  const key = keyOf(text);
  try {
    const entry = JSON.parse(fs.readFileSync(path.join(dir, `${key}.json`), "utf8")) as {
      format?: string;
      key?: string;
      environment?: Environment;
    };
    return entry.format === FORMAT && entry.key === key && entry.environment ? entry.environment : undefined;
  } catch {
    return undefined;
  }
}

/** Keep the validated environment of `text` for the next command; best effort, never fails the caller. */
export function keepEnvironment(text: string, environment: Environment): void {
  const dir = cacheDir();
  if (!dir) return;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const key = keyOf(text);
    const file = path.join(dir, `${key}.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify({ format: FORMAT, key, environment }), { mode: 0o600 });
    fs.renameSync(temporary, file);
    const entries = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .map((name) => ({ name, time: fs.statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const old of entries.slice(MAX_ENTRIES)) fs.rmSync(path.join(dir, old.name), { force: true });
  } catch {
    // A read-only checkout or a full disk: the next command validates again.
  }
}
