/**
 * No credential is readable at rest. A small environment (desktops that join a
 * domain, an application server) is deployed into the vCenter simulator with a
 * sentinel value for every credential: vCenter user and password, ESXi root,
 * Windows local admin, domain join, the state passphrase and the PostgreSQL
 * password. After deploy, `cdktf diff` (which leaves a plan file), `npm run
 * drift` and `npm run report`, every file below the work directory (output
 * directories with `.terraform/`, local states, logs, reports; zip members
 * inflated) and every state row in PostgreSQL is searched: no sentinel.
 *
 * The same search after the same steps with `engine: terraform`, which cannot
 * encrypt, finds the sentinels (in the states and inside the plan zip): the
 * search can see, and encryption is what hides them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  cdktf,
  makeWorkdir,
  runScript,
  Simulator,
  simulatorConfig,
  startSimulator,
  terraformTools,
  ToolEnv,
  toolEnv,
  useSecrets,
} from "../../runtime/harness";
import { Postgres, startPostgres } from "../../runtime/postgres";
import { Hit, searchBuffer, searchTree } from "../../runtime/search";
import { smallDocument } from "../helpers";
import { describeWithProvider } from "./provider";

jest.setTimeout(30 * 60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SENTINELS = {
  TF_VAR_state_passphrase: "sentinel-state-passphrase-5be1c0d2",
  TF_VAR_vsphere_user: "sentinel-vcenter-user-29ab",
  TF_VAR_vsphere_password: "sentinel-vcenter-password-7c13",
  TF_VAR_esxi_password: "sentinel-esxi-root-e4f0",
  TF_VAR_windows_admin_password: "sentinel-windows-admin-91d2",
  TF_VAR_domain_join_password: "sentinel-domain-join-3a77",
};
const DEPLOY = ["--auto-approve", "--skip-provider-lock"];
const TENANT_STACK = "tenant-gemeinde-a";

/** One site of two desktops joining a domain, one application server. */
function environmentDoc(engine: "opentofu" | "terraform"): Json {
  const doc = smallDocument();
  doc.engine = engine;
  const tenant = doc.tenants[0];
  tenant.sites = [{ ...tenant.sites[0], workstations: { count: 2, image: "standard" } }];
  tenant.windows = { joinDomain: "ad.gemeinde-a.example", domainAdminUser: "svc-domain-join" };
  return doc;
}

describeWithProvider("no credential readable at rest", () => {
  let tools: ToolEnv;
  let pg: Postgres;
  let workdir: string;
  let needles: string[];

  beforeAll(async () => {
    tools = toolEnv();
    useSecrets(SENTINELS);
    workdir = makeWorkdir();
    pg = await startPostgres(path.join(workdir, "postgres.log"));
    process.env.PG_CONN_STR = pg.connStr;
    needles = [...Object.values(SENTINELS), pg.password];
  });

  afterAll(async () => {
    await pg?.stop();
    delete process.env.PG_CONN_STR;
    process.stdout.write(`e2e work directory (logs): ${workdir}\n`);
  });

  /** In a simulator of its own: deploy, diff (leaves a plan file), drift and report in `dir`, `inspectAtRest`, destroy. */
  async function operate(engineTools: ToolEnv, name: string, doc: Json, backend: Json, inspectAtRest: () => void): Promise<void> {
    const dir = path.join(workdir, name);
    fs.mkdirSync(dir);
    const sim: Simulator = await startSimulator(tools, path.join(dir, "vcsim.log"));
    try {
      await operateIn(sim, engineTools, dir, doc, backend, inspectAtRest);
    } finally {
      await sim.stop();
    }
  }

  async function operateIn(sim: Simulator, engineTools: ToolEnv, dir: string, doc: Json, backend: Json, inspectAtRest: () => void) {
    const log = path.join(dir, "e2e.log");
    const config = simulatorConfig(doc, sim, dir, backend);
    const outdir = path.join(dir, "cdktf.out");
    const ok = (run: { status: number | null; output: string }) =>
      expect({ status: run.status, tail: run.status === 0 ? "" : run.output.slice(-3000) }).toEqual({ status: 0, tail: "" });

    ok(await cdktf(engineTools, config, outdir, ["deploy", "*", ...DEPLOY], log));
    ok(await cdktf(engineTools, config, outdir, ["diff", TENANT_STACK, "--skip-synth", "--skip-provider-lock"], log));
    expect(fs.existsSync(path.join(outdir, "stacks", TENANT_STACK, "plan"))).toBe(true);

    const script = (file: string, args: string[]) =>
      runScript(engineTools, config, file, args, log, { RZ_OUTDIR: path.join(dir, "drift.out") });
    expect(script("scripts/drift.ts", ["--out", path.join(dir, "drift-report.md")]).status).toBe(0);
    expect(
      script("scripts/report.ts", ["--base-config", config, "--head-config", config, "--out", path.join(dir, "plan-report.md")]).status,
    ).toBe(0);

    inspectAtRest();
    ok(await cdktf(engineTools, config, outdir, ["destroy", "*", ...DEPLOY], log));
  }

  /** Every state row in PostgreSQL, as stored. */
  const stateRows = (): { schema: string; data: string }[] =>
    pg
      .query("SELECT table_schema FROM information_schema.tables WHERE table_name = 'states' ORDER BY 1")
      .split("\n")
      .filter(Boolean)
      .flatMap((schema) =>
        pg
          .query(`SELECT data FROM ${schema}.states`)
          .split("\n")
          .filter(Boolean)
          .map((data) => ({ schema, data })),
      );
  const rowHits = (): Hit[] => stateRows().flatMap((row) => searchBuffer(Buffer.from(row.data), `pg:${row.schema}.states`, needles));
  const describeHits = (hits: Hit[]) => hits.map((h) => `${path.relative(workdir, h.where)}: ${h.needle}`);

  test("OpenTofu, local state: deploy, diff, drift and report leave no sentinel in any file", async () => {
    let files = 0;
    await operate(tools, "tofu-local", environmentDoc("opentofu"), undefined, () => {
      const found = searchTree(workdir, needles);
      files = found.files;
      expect(describeHits(found.hits)).toEqual([]);
      const state = fs.readFileSync(path.join(workdir, "tofu-local", "state", `${TENANT_STACK}.tfstate`), "utf8");
      expect(JSON.parse(state)).toHaveProperty("encrypted_data");
    });
    expect(files).toBeGreaterThan(20);
  });

  test("OpenTofu, PostgreSQL state: no sentinel in any file or state row; every row is encrypted", async () => {
    await operate(tools, "tofu-pg", environmentDoc("opentofu"), { type: "pg", schemaPrefix: "rzsecrets" }, () => {
      expect(describeHits(searchTree(workdir, needles).hits)).toEqual([]);
      const rows = stateRows();
      expect(rows.length).toBeGreaterThanOrEqual(5);
      for (const row of rows)
        expect({ schema: row.schema, encrypted: "encrypted_data" in JSON.parse(row.data) }).toEqual({
          schema: row.schema,
          encrypted: true,
        });
      expect(rowHits()).toEqual([]);
    });
  });

  test("with encryption off (engine terraform) the same search finds the credentials in states and inside the plan zip", async () => {
    await operate(terraformTools(tools), "terraform-local", environmentDoc("terraform"), undefined, () => {
      const hits = searchTree(path.join(workdir, "terraform-local"), needles).hits;
      const where = (needle: string) => hits.filter((h) => h.needle === needle).map((h) => path.relative(workdir, h.where));
      // The desktops' customisation passwords and the ESXi root password sit in clear text in the states.
      expect(where(SENTINELS.TF_VAR_windows_admin_password)).toContain(
        path.join("terraform-local", "state", "site-gemeinde-a-rathaus.tfstate"),
      );
      expect(where(SENTINELS.TF_VAR_esxi_password)).toContain(path.join("terraform-local", "state", "platform.tfstate"));
      // The plan file cdktf diff leaves is a zip whose members hold every variable value, the vCenter password among them.
      expect(
        where(SENTINELS.TF_VAR_vsphere_password).some((w) =>
          w.startsWith(path.join("terraform-local", "cdktf.out", "stacks", TENANT_STACK, "plan!")),
        ),
      ).toBe(true);
    });
  });
});
