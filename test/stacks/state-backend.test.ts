/**
 * Where the state lives: local files by default, one PostgreSQL schema per
 * stack with `backend: { type: pg }`. The connection string (with the
 * database user and password) comes only from PG_CONN_STR at deploy time and
 * is never part of the synthesised output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { envFrom, problemsOf, readTree, smallDocument, stackJson, synthToDir } from "../helpers";

function pgDocument(schemaPrefix = "rz_lab") {
  return { ...smallDocument(), backend: { type: "pg", schemaPrefix } };
}

describe("state backend", () => {
  test("by default every stack keeps a local state file under state/", () => {
    const outdir = synthToDir(envFrom(smallDocument()));
    const stack = stackJson(outdir, "site-gemeinde-a-rathaus");
    const file = path.resolve(outdir, "stacks", "site-gemeinde-a-rathaus", stack.terraform.backend.local.path);
    expect(path.basename(path.dirname(file))).toBe("state");
    expect(path.basename(file)).toBe("site-gemeinde-a-rathaus.tfstate");
  });

  describe("pg", () => {
    let outdir: string;
    beforeAll(() => {
      const previous = process.env.PG_CONN_STR;
      // Even when the operator's shell has a connection string, synth must not copy it anywhere.
      process.env.PG_CONN_STR = "postgres://rz_state_owner:S3cret-pg-Pa55@db.rz.example:5432/terraform";
      try {
        outdir = synthToDir(envFrom(pgDocument()));
      } finally {
        if (previous === undefined) delete process.env.PG_CONN_STR;
        else process.env.PG_CONN_STR = previous;
      }
    });

    test("each stack has its own schema <prefix>_<stack> and no connection string", () => {
      const stacks = fs.readdirSync(path.join(outdir, "stacks")).sort();
      expect(stacks).toEqual(["images", "network", "platform", "site-gemeinde-a-bauhof", "site-gemeinde-a-rathaus", "tenant-gemeinde-a"]);
      const schemas = stacks.map((s) => stackJson(outdir, s).terraform.backend);
      expect(schemas).toEqual(stacks.map((s) => ({ pg: { schema_name: `rz_lab_${s.replace(/-/g, "_")}` } })));
    });

    test("cross-stack references read the producer's schema, also without a connection string", () => {
      const site = stackJson(outdir, "site-gemeinde-a-rathaus");
      const remote = Object.values(site.data.terraform_remote_state) as { backend: string; config: Record<string, unknown> }[];
      for (const state of remote) {
        expect(state.backend).toBe("pg");
        expect(Object.keys(state.config)).toEqual(["schema_name"]);
      }
      expect(remote.map((r) => r.config.schema_name).sort()).toEqual(["rz_lab_images", "rz_lab_platform", "rz_lab_tenant_gemeinde_a"]);
    });

    test("no file of the synthesised output names the database user, password or host", () => {
      for (const [file, text] of readTree(outdir)) {
        for (const secret of ["rz_state_owner", "S3cret-pg-Pa55", "db.rz.example", "conn_str", "postgres://"]) {
          expect({ file, found: text.includes(secret) }).toEqual({ file, found: false });
        }
      }
    });
  });

  describe("validation", () => {
    test("rejects a pg backend without a schema prefix", () => {
      const doc = { ...smallDocument(), backend: { type: "pg" } };
      expect(problemsOf(doc)).toEqual(["config/test.yaml:65:1: backend.schemaPrefix: is missing (required string)"]);
    });

    test("rejects an unknown backend type", () => {
      const doc = { ...smallDocument(), backend: { type: "s3", bucket: "x" } };
      expect(problemsOf(doc)).toEqual(['config/test.yaml:66:3: backend.type: "s3" is not one of "local", "pg"']);
    });

    test("rejects a connection string in the file: it belongs in PG_CONN_STR", () => {
      const doc = { ...smallDocument(), backend: { type: "pg", schemaPrefix: "rz", connStr: "postgres://u:p@db/x" } };
      expect(problemsOf(doc)).toEqual(["config/test.yaml:68:3: backend.connStr: is not a known field"]);
    });

    test("rejects a prefix that is not a PostgreSQL identifier", () => {
      expect(problemsOf(pgDocument("RZ-Lab"))).toEqual([
        'config/test.yaml:67:3: backend.schemaPrefix: "RZ-Lab" is not a PostgreSQL schema prefix: use lower-case letters, digits and underscores, not starting with a digit',
      ]);
    });

    test("rejects schema names PostgreSQL would truncate", () => {
      const doc = pgDocument("rz_dataport_dithmarschen_prod");
      doc.tenants[0].id = "gemeinde-mit-langem-namen";
      const problems = problemsOf(doc);
      expect(problems).toContain(
        'config/test.yaml:67:3: backend.schemaPrefix: "rz_dataport_dithmarschen_prod" gives stack site-gemeinde-mit-langem-namen-rathaus the state schema "rz_dataport_dithmarschen_prod_site_gemeinde_mit_langem_namen_rathaus" of 68 characters; PostgreSQL allows 63: shorten the prefix or the ids',
      );
      expect(problems.every((p) => p.includes("backend.schemaPrefix"))).toBe(true);
    });
  });
});
