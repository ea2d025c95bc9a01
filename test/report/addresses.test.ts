/** The address plan in every format, parsed back: the default and a two-tenant environment. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import {
  AddressPlan,
  addressPlan,
  NETBOX_ADDRESS_COLUMNS,
  NETBOX_RANGE_COLUMNS,
  renderAddressesCsv,
  renderDnsZone,
  renderRangesCsv,
  reverseName,
} from "../../report/addresses";
import { defaultDocument, envFrom, ROOT } from "../helpers";

/** Two tenants on the shared servers network: one with set addresses, one allocated. */
function twoTenantDocument() {
  const doc = defaultDocument();
  doc.tenants.push({
    id: "stadt-heide",
    name: "Stadt Heide",
    code: "HEI",
    sites: [
      {
        id: "rathaus",
        town: "Heide",
        vlan: 210,
        cidr: "10.62.10.0/24",
        gateway: "10.62.10.254",
        dnsServers: ["10.60.0.53"],
        linkMbps: 200,
        workstations: { count: 20, image: "verwaltung-standard", wave: 3 },
      },
    ],
    workloads: [
      { id: "einwohner", cpus: 2, memoryGiB: 8, diskGiB: 80, cluster: "rz-cluster-1", network: "servers" },
      { id: "gewerbe", cpus: 2, memoryGiB: 8, diskGiB: 80, cluster: "rz-cluster-1", network: "servers", ip: "10.60.20.61" },
    ],
  });
  return doc;
}

/** A minimal CSV reader (quoted fields with doubled quotes) so the test does not trust the writer. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  for (const line of text.trimEnd().split("\n")) {
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted && ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = !quoted;
      } else if (ch === "," && !quoted) {
        fields.push(field);
        field = "";
      } else {
        field += ch;
      }
    }
    fields.push(field);
    rows.push(fields);
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Zone file records: name, ttl, class, type, data. */
function parseZone(text: string) {
  return text
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith(";"))
    .map((l) => {
      const [name, ttl, klass, type, data] = l.split(/\s+/);
      return { name, ttl: Number(ttl), klass, type, data };
    });
}

const servers = (plan: AddressPlan) => plan.networks.flatMap((n) => n.uses.filter((u) => u.kind === "server"));

describe.each([
  ["the default environment", defaultDocument, 7],
  ["a two-tenant environment", twoTenantDocument, 9],
])("address plan of %s", (_name, document, serverCount) => {
  const env = envFrom(document());
  const plan = addressPlan(env);

  test("lists every network with CIDR, gateway and DNS, and counts used and free addresses", () => {
    const servers = plan.networks.find((n) => n.id === "servers")!;
    expect(servers).toMatchObject({ cidr: "10.60.20.0/24", gateway: "10.60.20.1", dnsServers: ["10.60.0.53", "10.60.0.54"], size: 254 });
    expect(servers.used).toBe(serverCount + 1);
    expect(servers.free).toBe(254 - serverCount - 1);
    expect(plan.networks.map((n) => n.id)).toEqual([
      "management",
      "vmotion",
      "servers",
      ...env.tenants.flatMap((t) => t.sites.map((s) => `${t.id}/${s.id}`)),
    ]);
    for (const n of plan.networks) expect(n.used + n.free).toBe(n.size);
  });

  test("JSON: parsed back, it is the plan, with every server's owner and address once", () => {
    const back = JSON.parse(JSON.stringify(plan)) as AddressPlan;
    expect(back).toEqual(plan);
    const addresses = servers(back).map((s) => s.address);
    expect(addresses).toHaveLength(serverCount);
    expect(new Set(addresses).size).toBe(serverCount);
    expect(servers(back).find((s) => s.owner === "di-app-finanzwesen")).toMatchObject({
      address: "10.60.20.21",
      dnsName: "di-app-finanzwesen.srv.dithmarschen.example",
      tenant: "kreis-dithmarschen",
      allocated: false,
    });
  });

  test("CSV: NetBox's IP address columns, one row per gateway and server, addresses with their prefix length", () => {
    const rows = parseCsv(renderAddressesCsv(plan));
    expect(Object.keys(rows[0])).toEqual([...NETBOX_ADDRESS_COLUMNS]);
    expect(rows).toHaveLength(plan.networks.length + serverCount);
    expect(rows).toContainEqual({
      address: "10.60.20.21/24",
      status: "active",
      dns_name: "di-app-finanzwesen.srv.dithmarschen.example",
      description: "di-app-finanzwesen on servers",
      tenant: "kreis-dithmarschen",
    });
    expect(rows).toContainEqual({
      address: "10.60.20.1/24",
      status: "active",
      dns_name: "",
      description: "gateway of servers",
      tenant: "",
    });
  });

  test("CSV ranges: each site's DHCP range in NetBox's IP range columns", () => {
    const rows = parseCsv(renderRangesCsv(plan));
    expect(Object.keys(rows[0])).toEqual([...NETBOX_RANGE_COLUMNS]);
    expect(rows).toHaveLength(env.tenants.flatMap((t) => t.sites).length);
    expect(rows[0]).toEqual({
      start_address: "10.61.10.2/24",
      end_address: "10.61.10.254/24",
      status: "reserved",
      description: "DHCP for the 160 desktops of meldorf-1",
      tenant: "kreis-dithmarschen",
    });
  });

  test("DNS: an A and a matching PTR record per server", () => {
    const records = parseZone(renderDnsZone(plan));
    const a = records.filter((r) => r.type === "A");
    const ptr = records.filter((r) => r.type === "PTR");
    expect(a).toHaveLength(serverCount);
    expect(ptr).toHaveLength(serverCount);
    for (const r of a) {
      expect(r).toMatchObject({ ttl: 3600, klass: "IN" });
      expect(r.name.endsWith(".")).toBe(true);
      expect(ptr).toContainEqual({ name: reverseName(r.data), ttl: 3600, klass: "IN", type: "PTR", data: r.name });
    }
    expect(a).toContainEqual({ name: "di-app-bauamt.srv.dithmarschen.example.", ttl: 3600, klass: "IN", type: "A", data: "10.60.20.42" });
  });
});

describe("the second tenant", () => {
  const plan = addressPlan(envFrom(twoTenantDocument()));
  test("an allocated address is marked as such, a set one is not; the site's DHCP range lies below its gateway", () => {
    const einwohner = servers(plan).find((s) => s.owner === "hei-app-einwohner")!;
    expect(einwohner.allocated).toBe(true);
    expect(servers(plan).find((s) => s.owner === "hei-app-gewerbe")).toMatchObject({ address: "10.60.20.61", allocated: false });
    const rathaus = plan.networks.find((n) => n.id === "stadt-heide/rathaus")!;
    expect(rathaus.uses.map((u) => u.address)).toEqual(["10.62.10.1-10.62.10.253", "10.62.10.254"]);
  });
});

describe("npm run addresses", () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync(process.execPath, [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "scripts/addresses.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: "utf8",
    });

  test("prints the JSON of RZ_CONFIG, parsed back equal to the library's plan", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rz-addresses-"));
    const file = path.join(dir, "two.yaml");
    fs.writeFileSync(file, stringify(twoTenantDocument()));
    expect(JSON.parse(run(["--json"], { RZ_CONFIG: file }))).toEqual(JSON.parse(JSON.stringify(addressPlan(envFrom(twoTenantDocument())))));
  });

  test("prints the text plan with owners and free counts", () => {
    const text = run([]);
    expect(text).toContain("network servers  VLAN 20  10.60.20.0/24  gateway 10.60.20.1  DNS 10.60.0.53, 10.60.0.54");
    expect(text).toContain("8 of 254 addresses used, 246 free");
    expect(text).toMatch(/10\.60\.20\.21 +server +di-app-finanzwesen/);
  });
});
