/**
 * A throwaway PostgreSQL server on 127.0.0.1 for the state-backend tests:
 * Debian's `postgresql` binaries, a fresh data directory, a free port, a
 * password-protected role that owns one database. Missing binaries are an
 * error naming the package (`.ci/run` installs it), never a skip.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export interface Postgres {
  /** `postgres://user:password@127.0.0.1:port/database`, for PG_CONN_STR. */
  readonly connStr: string;
  readonly user: string;
  readonly password: string;
  /** Run SQL as the state role; returns psql's unaligned, tuples-only output. */
  query(sql: string): string;
  stop(): Promise<void>;
}

/** Directory with initdb/postgres: PATH first, else Debian's /usr/lib/postgresql/<major>/bin (newest). */
function serverBinDir(): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "postgres"))) return dir;
  }
  const debian = "/usr/lib/postgresql";
  const majors = fs.existsSync(debian)
    ? fs
        .readdirSync(debian)
        .filter((v) => fs.existsSync(path.join(debian, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) {
    throw new Error("PostgreSQL server binaries (initdb, postgres) not found: install Debian's 'postgresql' package (.ci/run does)");
  }
  return path.join(debian, majors[0], "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * PostgreSQL refuses to run as root; as root the server runs as the
 * `postgres` account the Debian package creates.
 */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error("running as root but there is no 'postgres' account to run the server: install Debian's 'postgresql' package");
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function run(command: string, args: string[], options: { uid?: number; gid?: number } = {}): string {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 120_000, maxBuffer: 256 * 1024 * 1024, ...options });
  if (result.error || result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed: ${result.error ?? (result.stderr || result.stdout)}`);
  return result.stdout;
}

export async function startPostgres(logFile: string): Promise<Postgres> {
  const bin = serverBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rz-pg-"));
  const data = path.join(dir, "data");
  fs.mkdirSync(data, { mode: 0o700 });
  const owner = serverUser();
  if (owner.uid !== undefined && owner.gid !== undefined) {
    for (const d of [dir, data]) fs.chownSync(d, owner.uid, owner.gid);
  }
  const port = await freePort();
  const user = "rz_state";
  const password = `pw-${Math.random().toString(36).slice(2, 12)}-${process.pid}`;
  const database = "terraform_state";

  run(
    path.join(bin, "initdb"),
    ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8"],
    owner,
  );
  const serverArgs = [
    "-D",
    data,
    "-p",
    String(port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    `unix_socket_directories=${data}`,
    "-c",
    "fsync=off",
  ];
  const child: ChildProcess = spawn(path.join(bin, "postgres"), serverArgs, {
    ...owner,
    stdio: ["ignore", "ignore", fs.openSync(logFile, "a")],
  });
  const psql = (db: string, sql: string, asUser = "postgres") =>
    run("psql", ["-X", "-v", "ON_ERROR_STOP=1", "-At", "-h", data, "-p", String(port), "-U", asUser, "-d", db, "-c", sql]);

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode} (log: ${logFile})`);
    if (spawnSync("psql", ["-X", "-h", data, "-p", String(port), "-U", "postgres", "-d", "postgres", "-c", "select 1"]).status === 0) break;
    if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 60 s (log: ${logFile})`);
    await new Promise((r) => setTimeout(r, 250));
  }
  psql("postgres", `CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
  psql("postgres", `CREATE DATABASE ${database} OWNER ${user}`);

  return {
    connStr: `postgres://${user}:${password}@127.0.0.1:${port}/${database}?sslmode=disable`,
    user,
    password,
    query: (sql) => psql(database, sql, user).trim(),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => {
          fs.rmSync(dir, { recursive: true, force: true });
          done();
        });
        child.kill("SIGINT"); // fast shutdown
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}
