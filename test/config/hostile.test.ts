/**
 * Hostile and malformed environment files (#18): text is data, never code;
 * every parse and formatting path stays inside the error handling; derived
 * names cannot collide; semantic limits hold. Every bad file gives one
 * printable line per problem naming file, path and an escaped value.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { loadEnvironment, MAX_FILE_BYTES, parseEnvironment } from "../../config/load";
import { ConfigError, show } from "../../config/problems";
import { environmentSchema } from "../../config/schema";
import { foreignText } from "../../compliance/template-syntax";
import { UNPRINTABLE } from "../../domain/text";
import { defaultDocument, envFrom, FILE, problemsOf as problemLines, readTree, smallDocument, synthToDir } from "../helpers";

/**
 * A problem line without its `:line:col` (positions are the subject of
 * test/config/positions tests; here the path, value and rule are).
 */
const withoutPosition = (line: string): string => line.replace(/^(.*?):\d+:\d+: /, "$1: ");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const problemsOf = (doc: any): string[] => problemLines(doc).map(withoutPosition);

/** The problem lines of a YAML text; fails the test when it does not throw a ConfigError. */
function linesOf(text: string, file = FILE): string[] {
  try {
    parseEnvironment(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split("\n").map(withoutPosition);
    throw error;
  }
  throw new Error("expected the text to be refused");
}

/** Every line is printable, starts with the file name and has no raw control, bidi or zero-width character. */
function expectOneLineEach(lines: readonly string[], file = FILE): void {
  for (const line of lines) {
    expect(line.startsWith(`${file}: `)).toBe(true);
    expect(line).not.toMatch(UNPRINTABLE);
    expect(line.length).toBeLessThanOrEqual(401);
  }
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "rz-hostile-"));

describe("text is data, never code", () => {
  const INJECTIONS = [
    '${file("/etc/passwd")}',
    "${var.vsphere_password}",
    "${TfToken[TOKEN.1]}",
    "#{TfToken[TOKEN.2]}",
    "&{TfToken[TOKEN.3]}",
    "%{ if true }x%{ endif }",
    "$${escaped}",
  ];
  // One field of each class the issue lists; each gets every injection.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const FIELDS: [string, (doc: any, value: string) => void][] = [
    ["datacenter", (d, v) => (d.datacenter = v)],
    ["tenants[0].name", (d, v) => (d.tenants[0].name = v)],
    ["tenants[0].sites[0].town", (d, v) => (d.tenants[0].sites[0].town = v)],
    ["images[0].displayName", (d, v) => (d.images[0].displayName = v)],
    ["tenants[0].workloads[0].description", (d, v) => (d.tenants[0].workloads[0].description = v)],
    ["vcenter.hostUser", (d, v) => (d.vcenter.hostUser = v)],
    ["tenants[0].adminGroup", (d, v) => (d.tenants[0].adminGroup = v)],
    ["contentLibrary", (d, v) => (d.contentLibrary = v)],
    ["network.switch.uplinks[0]", (d, v) => (d.network.switch.uplinks[0] = v)],
    ["clusters[0].datastore.nfsPath", (d, v) => (d.clusters[0].datastore = { nfsPath: `/vol/${v}` })],
    ["tenants[0].windows.domainAdminUser", (d, v) => (d.tenants[0].windows = { joinDomain: "ad.example", domainAdminUser: v })],
    ["tenants[0].workloads[0].importFrom", (d, v) => (d.tenants[0].workloads[0].importFrom = `/LAB/vm/x/${v}`)],
    ["images[0].ovfUrl", (d, v) => (d.images[0].ovfUrl = `https://images.example/${v}`)],
    ["imageRepositoryUrl", (d, v) => (d.imageRepositoryUrl = `https://images.example/${v}`)],
    ["backend.directory", (d, v) => (d.backend = { type: "local", directory: v })],
    ["network.switch.hostNics[0]", (d, v) => (d.network.switch.hostNics = [v, "vmnic1"])],
  ];

  test.each(FIELDS.flatMap(([field, set]) => INJECTIONS.map((value) => [field, value, set] as const)))(
    "fails when %s is %p, naming the field",
    (field, value, set) => {
      const doc = smallDocument();
      set(doc, value);
      const lines = problemsOf(doc);
      expect(lines.some((l) => l.startsWith(`${FILE}: ${field}: `) && /template syntax|cdktf token/.test(l))).toBe(true);
      expectOneLineEach(lines);
    },
  );

  test("fails when a tenant name holds a cdktf token literal, which cdktf would resolve into var.vsphere_password", () => {
    const doc = smallDocument();
    doc.tenants[0].name = "Gemeinde ${TfToken[TOKEN.1]}";
    expect(problemsOf(doc)).toEqual([
      `${FILE}: tenants[0].name: "Gemeinde \${TfToken[TOKEN.1]}" looks like a cdktf token: text is data, not a reference`,
    ]);
  });

  test("fails when a key carries template syntax", () => {
    expect(linesOf('environment: test\n"${x}": 1\n')).toEqual([
      `${FILE}: key "\${x}" contains Terraform template syntax "\${": text is data, not code`,
    ]);
  });

  test("the schema itself refuses template text in any string, however the value was read", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].town = "${path.root}";
    const parsed = environmentSchema.safeParse(doc);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toContain("tenants.0.sites.0.town");
  });

  test("fails when a number is a cdktf number-token encoding", () => {
    const lines = linesOf("environment: test\nx: -1.8881545897087626e+289\n");
    expect(lines).toEqual([`${FILE}: x: -1.8881545897087626e+289 is a cdktf token encoding, not a number`]);
  });

  test("the default environment's synthesised output has only the template syntax the code produces, and no unprintable text", () => {
    const out = synthToDir(envFrom(defaultDocument()));
    const findings = [...readTree(out)].filter(([f]) => f.endsWith(".json")).flatMap(([, text]) => foreignText(JSON.parse(text)));
    expect(findings).toEqual([]);
  });

  test("the output check finds template syntax the code did not produce", () => {
    expect(foreignText({ resource: { x: { y: { name: '${file("/etc/passwd")}', id: "${vsphere_host.h.id}" } } } })).toEqual([
      expect.objectContaining({ path: "resource.x.y.name" }),
    ]);
  });
});

describe("characters and sizes", () => {
  test.each([
    ["a right-to-left override", "Kreis\u202eX", "bidirectional control character (U+202E)", "\\u202e"],
    ["a zero-width space", "Kreis\u200bX", "invisible character (U+200B)", "\\u200b"],
    ["an escape sequence", "Kreis\u001b[31mX", "control character (U+001B)", "\\u001b"],
    ["a newline", "Kreis\nfake.yaml: x: forged", "control character (U+000A)", "\\n"],
  ])("fails when a name holds %s, escaped in the message", (_what, value, rule, escaped) => {
    const doc = smallDocument();
    doc.tenants[0].name = value;
    const lines = problemsOf(doc);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`tenants[0].name: `);
    expect(lines[0]).toContain(rule);
    expect(lines[0]).toContain(escaped);
    expectOneLineEach(lines);
  });

  test("fails when an id holds an invisible character", () => {
    const doc = smallDocument();
    doc.tenants[0].id = "gemeinde\u200d-a";
    expect(problemsOf(doc)).toEqual([`${FILE}: tenants[0].id: "gemeinde\\u200d-a" contains a invisible character (U+200D) at character 9`]);
  });

  test("fails when a key holds a newline, without forging a second problem line", () => {
    const lines = linesOf('environment: test\n"a\\nconfig/test.yaml: fake problem": 1\n');
    expect(lines).toHaveLength(1);
    expectOneLineEach(lines);
  });

  test("fails when a name is a megabyte, quoting a cut value", () => {
    const doc = smallDocument();
    doc.datacenter = "x".repeat(1024 * 1024);
    const lines = problemsOf(doc);
    expect(lines).toEqual([
      expect.stringMatching(/^config\/test\.yaml: datacenter: "x{100}…" \(1048576 characters\) is longer than 1024 characters$/),
    ]);
  });

  test("fails when a datacenter name is longer than vSphere's 80 characters", () => {
    const doc = smallDocument();
    doc.datacenter = "D".repeat(81);
    expect(problemsOf(doc)).toEqual([expect.stringMatching(/datacenter: "D{81}" is longer than 80 characters$/)]);
  });

  test("a binary file is refused with one short line", () => {
    const dir = tmp();
    const file = path.join(dir, "binary.yaml");
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 80_000 }, (_, i) => (i * 7919) % 256)));
    const lines = (() => {
      try {
        loadEnvironment(file);
      } catch (error) {
        return (error as ConfigError).message.split("\n");
      }
      return [];
    })();
    expect(lines).toEqual([expect.stringMatching(/is not UTF-8 text \(invalid byte 0x[0-9a-f]{2} at offset \d+\)$/)]);
  });

  test("NaN and infinity are shown as written, not as null", () => {
    expect(linesOf("environment: test\nx: .NaN\ny: -.Inf\n")).toEqual([
      `${FILE}: x: .NaN is not a finite number`,
      `${FILE}: y: -.Inf is not a finite number`,
    ]);
    expect(show(Number.NaN)).toBe(".nan");
  });

  test("circular, binary and long values are shown safely", () => {
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(show(cycle)).toBe("[<circular>]");
    expect(show(new Uint8Array(3))).toBe("<binary, 3 bytes>");
    expect(show(Array.from({ length: 1000 }, () => "abcdef")).length).toBeLessThan(300);
  });
});

describe("YAML inside the error handling", () => {
  test("fails when a value is tagged, naming the tag (a !vault secret is not silently a string)", () => {
    expect(linesOf("environment: !vault secret/rz\n")).toEqual([
      `${FILE}: environment: is tagged !vault: YAML tags are not supported; write the plain value`,
    ]);
    expect(linesOf("environment: !!binary aGk=\n")).toEqual([
      `${FILE}: environment: is tagged !!binary: YAML tags are not supported; write the plain value`,
    ]);
    expect(linesOf("environment: !!set {a, b}\n")).toEqual([
      `${FILE}: environment: is tagged !!set: YAML tags are not supported; write the plain value`,
    ]);
  });

  test("fails when an alias has no anchor", () => {
    expect(linesOf("environment: *nowhere\n")).toEqual([`${FILE}: environment: alias *nowhere has no anchor before it`]);
  });

  test("fails when an alias refers to a value that contains it", () => {
    expect(linesOf("environment: test\nclusters: &c [*c]\n")).toEqual([
      `${FILE}: clusters[0]: alias *c refers to a value that contains it (circular)`,
    ]);
  });

  test("fails on an alias bomb within milliseconds", () => {
    let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n";
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      bomb += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(",")}]\n`;
    }
    const started = Date.now();
    expect(linesOf(bomb)).toEqual([`${FILE}: expands aliases more than 100 times (an alias bomb?)`]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test.each([
    ["flow lists", `x: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`],
    ["block lists on one line", `x: ${"- ".repeat(20_000)}y\n`],
    ["maps", `x: ${"{a: ".repeat(5_000)}1${"}".repeat(5_000)}\n`],
    ["lists just past the limit", `x: ${"[".repeat(40)}${"]".repeat(40)}\n`],
  ])("fails when %s nest deeply, without a stack overflow", (_what, text) => {
    const lines = linesOf(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/nests (too deeply for the YAML parser|deeper than 32 levels)/);
  });

  test("fails when a key is a list", () => {
    expect(linesOf("environment: test\n? [a]\n: 1\n")).toEqual([`${FILE}: has a key that is a mapping or list; keys are plain names`]);
  });
});

describe("environment files that are not files", () => {
  const refuse = (file: string): string[] => {
    try {
      loadEnvironment(file);
    } catch (error) {
      return (error as ConfigError).message.split("\n");
    }
    return [];
  };

  test("fails at once when RZ_CONFIG names a FIFO (no reader blocks)", () => {
    const fifo = path.join(tmp(), "env.yaml");
    if (spawnSync("mkfifo", [fifo]).status !== 0) return;
    const started = Date.now();
    expect(refuse(fifo)).toEqual([`${fifo}: is a FIFO, not a regular file`]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("fails at once for /dev/zero and a directory", () => {
    expect(refuse("/dev/zero")).toEqual(["/dev/zero: is a character device, not a regular file"]);
    expect(refuse(os.tmpdir())).toEqual([`${os.tmpdir()}: is a directory, not a regular file`]);
  });

  test("fails when a file is larger than 10 MB", () => {
    const file = path.join(tmp(), "big.yaml");
    fs.writeFileSync(file, "");
    fs.truncateSync(file, MAX_FILE_BYTES + 1);
    expect(refuse(file)).toEqual([`${file}: is 10.0 MB; an environment file is at most 10.0 MB`]);
  });

  test("RZ_CONFIG set but empty is an error, not the production default", () => {
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", 'require("./scripts/cli").configFile()'], {
      cwd: path.resolve(__dirname, "../.."),
      env: { ...process.env, RZ_CONFIG: "" },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^RZ_CONFIG: "" is set but empty/);
  });
});

describe("derived names never collide", () => {
  test("fails when two sites derive the same stack name (tenant a-b site c, tenant a site b-c)", () => {
    const doc = smallDocument();
    const other = structuredClone(doc.tenants[0]);
    doc.tenants[0].id = "a-b";
    doc.tenants[0].sites[0].id = "c";
    other.id = "a";
    other.code = "GB";
    other.sites = [{ ...other.sites[0], id: "b-c", vlan: 300, cidr: "10.3.0.0/24" }];
    other.workloads = [];
    doc.tenants.push(other);
    expect(problemsOf(doc)).toEqual([
      `${FILE}: tenants[1].sites[0].id: "b-c" gives tenant "a" the stack name "site-a-b-c", which tenant "a-b" site "c" at tenants[0].sites[0] already has; rename one of the sites`,
    ]);
  });

  test("fails when an image version and a rollout version map to the same library item (2026.11 vs 2026-11)", () => {
    const doc = smallDocument();
    doc.images[0].version = "2026.11";
    doc.rollout = [{ wave: 1, image: "standard", version: "2026-11" }];
    expect(problemsOf(doc)).toContain(
      `${FILE}: rollout[0].version: "2026-11" gives image standard the library item address "images_standard_2026-11" of version "2026.11" at images[0].version; versions must differ in more than '.' and '-'`,
    );
  });

  test("fails when host names differ only in '.' and '-'", () => {
    const doc = smallDocument();
    doc.clusters[0].hosts[1].name = "esx-01-lab.example";
    doc.clusters[0].hosts[0].name = "esx-01.lab.example";
    expect(problemsOf(doc)).toEqual([expect.stringContaining('clusters[0].hosts[1].name: "esx-01-lab.example" gives the host id')]);
  });
});

describe("semantic limits", () => {
  test.each([
    ["images[0].ovfUrl", "file:///etc/passwd", "is not an http(s) URL without credentials"],
    ["images[0].ovfUrl", "javascript:alert(1)", "is not"],
    ["imageRepositoryUrl", "ftp://images.example/golden", "is not an http(s) URL without credentials"],
    ["imageRepositoryUrl", "https://user:secret@images.example/golden", "is not an http(s) URL without credentials"],
  ])("fails when %s is %p", (field, url, rule) => {
    const doc = smallDocument();
    if (field === "imageRepositoryUrl") doc.imageRepositoryUrl = url;
    else doc.images[0].ovfUrl = url;
    expect(problemsOf(doc)).toEqual([
      expect.stringMatching(new RegExp(`^${FILE}: ${field.replace(/[[\]]/g, "\\$&")}: .*${rule.replace(/[()]/g, "\\$&")}`)),
    ]);
  });

  test("http image URLs only outside production", () => {
    const doc = smallDocument();
    doc.imageRepositoryUrl = "http://images.lab.example/golden";
    expect(problemsOf(doc)).toEqual([]);
    doc.environment = "production";
    doc.vcenter.allowUnverifiedSsl = false;
    expect(problemsOf(doc)).toContain(
      `${FILE}: imageRepositoryUrl: "http://images.lab.example/golden" is not https: production fetches images over https only`,
    );
  });

  test("fails when the vCenter port is 99999", () => {
    const doc = smallDocument();
    doc.vcenter.server = "vcenter.lab.example:99999";
    expect(problemsOf(doc)).toEqual([`${FILE}: vcenter.server: "vcenter.lab.example:99999" has a port outside 1..65535`]);
  });

  test("fails when a CPU reservation is above its limit", () => {
    const doc = smallDocument();
    doc.tenants[0].resources = { cpuReservationMhz: 5000, cpuLimitMhz: 1000 };
    expect(problemsOf(doc)).toEqual([`${FILE}: tenants[0].resources.cpuReservationMhz: 5000 is above the cpuLimitMhz 1000`]);
  });

  test.each(["0.0.0.0/24", "127.0.0.0/24", "224.0.0.0/24", "169.254.0.0/24"])("fails when a site subnet is reserved: %s", (cidr) => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].cidr = cidr;
    expect(problemsOf(doc)).toEqual([
      expect.stringMatching(new RegExp(`tenants\\[0\\]\\.sites\\[0\\]\\.cidr: "${cidr}" is in the reserved range`)),
    ]);
  });

  test("site subnets outside the private and documentation ranges need network.siteRanges", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].cidr = "91.0.0.0/24";
    expect(problemsOf(doc)).toEqual([expect.stringContaining('tenants[0].sites[0].cidr: "91.0.0.0/24" is outside the site ranges')]);
    doc.network.siteRanges = ["10.0.0.0/8", "91.0.0.0/16"];
    expect(problemsOf(doc)).toEqual([]);
  });

  test.each(["/etc", "../../..", "state/../../x"])("fails when the state directory %p leaves the project", (directory) => {
    const doc = smallDocument();
    doc.backend = { type: "local", directory };
    expect(problemsOf(doc)).toEqual([
      expect.stringMatching(/^config\/test\.yaml: backend\.directory: .* (is outside the project|has a '\.\.' segment)/),
    ]);
    doc.backend.allowOutsideProject = true;
    expect(problemsOf(doc)).toEqual([]);
  });

  test("fails on '..' in NFS and import paths", () => {
    const doc = smallDocument();
    doc.clusters[0].datastore = { nfsPath: "/vol/../etc" };
    doc.tenants[0].workloads[0].importFrom = "/LAB/vm/../x";
    expect(problemsOf(doc)).toEqual([
      `${FILE}: clusters[0].datastore.nfsPath: "/vol/../etc" has a '.' or '..' segment`,
      `${FILE}: tenants[0].workloads[0].importFrom: "/LAB/vm/../x" has a '.' or '..' segment`,
    ]);
  });

  test("fails on duplicate uplinks", () => {
    const doc = smallDocument();
    doc.network.switch.uplinks = ["uplink1", "uplink1"];
    expect(problemsOf(doc)).toEqual([`${FILE}: network.switch.uplinks[1]: "uplink1" duplicates the uplink at network.switch.uplinks[0]`]);
  });

  test("the default environment passes every rule", () => {
    expect(problemsOf(defaultDocument())).toEqual([]);
    expect(stringify(defaultDocument())).not.toMatch(/[$%]\{/);
  });
});
