/** Network identity of servers: addresses, gateways and DNS in the environment file, and their rules. */
import { allocatedAddress, siteDhcpRange, workloadAddress } from "../../config/derive";
import { formatIpv4, parseCidr } from "../../config/net";
import { defaultDocument, envFrom, problemsOf, smallDocument } from "../helpers";

/** The problems without their `line:col` (the position tests check those): these tests are about the rules. */
const problemsAt = (doc: unknown): string[] => problemsOf(doc).map((p) => p.replace(/^(config\/test\.yaml):\d+:\d+:/, "$1:"));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
const addressOf = (doc: Doc, tenant: number, workloadId: string) => {
  const env = envFrom(doc);
  const t = env.tenants[tenant];
  return workloadAddress(env, t, t.workloads.find((w) => w.id === workloadId)!)!;
};

describe("server addresses", () => {
  test("the default environment gives every server its address, gateway, DNS servers and suffix", () => {
    const address = addressOf(defaultDocument(), 0, "finanzwesen");
    expect(address).toEqual({
      networkId: "servers",
      ip: "10.60.20.21",
      prefixLength: 24,
      gateway: "10.60.20.1",
      dnsServers: ["10.60.0.53", "10.60.0.54"],
      dnsSuffix: "srv.dithmarschen.example",
      allocated: false,
    });
  });

  test("a network without gateway uses its first host address; without suffix the vCenter's domain", () => {
    const address = addressOf(smallDocument(), 0, "kasse");
    expect(address.gateway).toBe("10.0.20.1");
    expect(address.dnsSuffix).toBe("lab.example");
    expect(address.allocated).toBe(true);
  });

  test("fails when an address lies outside its network", () => {
    const doc = smallDocument();
    doc.tenants[0].workloads[0].ip = "10.0.21.5";
    expect(problemsAt(doc)).toEqual([
      'config/test.yaml: tenants[0].workloads[0].ip: "10.0.21.5" is outside the workload\'s "servers"\'s network "10.0.20.0/24"',
    ]);
  });

  test("fails on the network and the broadcast address", () => {
    for (const [ip, role] of [
      ["10.0.20.0", "network"],
      ["10.0.20.255", "broadcast"],
    ]) {
      const doc = smallDocument();
      doc.tenants[0].workloads[0].ip = ip;
      expect(problemsAt(doc)).toEqual([
        `config/test.yaml: tenants[0].workloads[0].ip: "${ip}" is the ${role} address of "10.0.20.0/24", not a host address`,
      ]);
    }
  });

  test("fails on the gateway's address", () => {
    const doc = smallDocument();
    doc.network.infrastructure[1].gateway = "10.0.20.254";
    doc.tenants[0].workloads[0].ip = "10.0.20.254";
    expect(problemsAt(doc)).toEqual(['config/test.yaml: tenants[0].workloads[0].ip: "10.0.20.254" is the gateway of network "servers"']);
  });

  test("fails when a gateway lies outside its network or is not an address", () => {
    const doc = smallDocument();
    doc.network.infrastructure[1].gateway = "10.0.30.1";
    doc.tenants[0].sites[0].gateway = "10.1.0.0";
    doc.tenants[0].sites[1].gateway = "10.1.1.300";
    expect(problemsAt(doc)).toEqual(['config/test.yaml: tenants[0].sites[1].gateway: "10.1.1.300" is not an IPv4 address (a.b.c.d)']);
    doc.tenants[0].sites[1].gateway = "10.1.1.1";
    expect(problemsAt(doc)).toEqual([
      'config/test.yaml: network.infrastructure[1].gateway: "10.0.30.1" is outside the gateway\'s network "10.0.20.0/24"',
      'config/test.yaml: tenants[0].sites[0].gateway: "10.1.0.0" is the network address of "10.1.0.0/24", not a host address',
    ]);
  });

  test("fails when two servers share an address, also across tenants", () => {
    const doc = smallDocument();
    doc.tenants[0].workloads[0].ip = "10.0.20.50";
    doc.tenants.push({
      id: "gemeinde-b",
      name: "Gemeinde B",
      code: "GB",
      workloads: [{ id: "kasse", cpus: 2, memoryGiB: 8, diskGiB: 80, cluster: "lab-cluster", network: "servers", ip: "10.0.20.50" }],
    });
    expect(problemsAt(doc)).toEqual([
      'config/test.yaml: tenants[1].workloads[0].ip: "10.0.20.50" is already used by the workload at tenants[0].workloads[0]',
    ]);
  });

  test("fails when a server takes a site's gateway on another tenant's overlapping network", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].cidr = "10.0.20.0/24"; // overlaps the servers network by mistake
    doc.tenants[0].workloads[0].ip = "10.0.20.1";
    expect(problemsAt(doc)).toEqual(
      expect.arrayContaining([
        'config/test.yaml: tenants[0].workloads[0].ip: "10.0.20.1" is the gateway of network "servers"',
        'config/test.yaml: tenants[0].sites[0].cidr: "10.0.20.0/24" overlaps "10.0.20.0/24" at network.infrastructure[1].cidr',
      ]),
    );
  });

  test("fails when more than three DNS servers are listed", () => {
    const doc = smallDocument();
    doc.network.infrastructure[1].dnsServers = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"];
    expect(problemsAt(doc)).toEqual(["config/test.yaml: network.infrastructure[1].dnsServers: has 4 item(s); at most 3 allowed"]);
  });
});

describe("stable allocation of servers without ip", () => {
  const range = parseCidr("10.0.20.0/24").range!;

  test("depends on tenant and workload id only, above the reserved low hosts and below the broadcast address", () => {
    const a = allocatedAddress("gemeinde-a", "kasse", range);
    expect(allocatedAddress("gemeinde-a", "kasse", range)).toBe(a);
    for (const id of ["a", "kasse", "dms-1", "dms-2", "x".repeat(40)]) {
      const v = allocatedAddress("gemeinde-a", id, range);
      expect(v).toBeGreaterThan(range.first + 10);
      expect(v).toBeLessThan(range.last);
    }
  });

  test("adding, removing or reordering other workloads never moves an existing server", () => {
    const doc = smallDocument();
    const before = addressOf(doc, 0, "kasse").ip;
    const added = smallDocument();
    added.tenants[0].workloads.unshift({ id: "melde", cpus: 2, memoryGiB: 4, diskGiB: 60, cluster: "lab-cluster", network: "servers" });
    added.tenants[0].workloads.push({ id: "wahl", cpus: 2, memoryGiB: 4, diskGiB: 60, cluster: "lab-cluster", network: "servers" });
    expect(addressOf(added, 0, "kasse").ip).toBe(before);
    const reordered = smallDocument();
    reordered.tenants[0].workloads = [...added.tenants[0].workloads].reverse();
    expect(addressOf(reordered, 0, "kasse").ip).toBe(before);
    expect(addressOf(reordered, 0, "melde").ip).toBe(addressOf(added, 0, "melde").ip);
    const removed = smallDocument();
    removed.tenants[0].workloads = added.tenants[0].workloads.filter((w: { id: string }) => w.id !== "melde");
    expect(addressOf(removed, 0, "kasse").ip).toBe(before);
  });

  test("a collision is reported with the fix, never resolved by moving a server", () => {
    const doc = smallDocument();
    const taken = formatIpv4(allocatedAddress("gemeinde-a", "kasse", range));
    doc.tenants[0].workloads.unshift({
      id: "melde",
      cpus: 2,
      memoryGiB: 4,
      diskGiB: 60,
      cluster: "lab-cluster",
      network: "servers",
      ip: taken,
    });
    expect(problemsAt(doc)).toEqual([
      `config/test.yaml: tenants[0].workloads[1].ip: allocated address "${taken}" is already used by the workload at tenants[0].workloads[0]; set ip on this workload to a free address (npm run addresses lists them)`,
    ]);
  });
});

describe("migration keeps a server's identity", () => {
  test("a workload relocated from the Kreishaus to the data centre keeps its address: its network spans both", () => {
    const doc = defaultDocument();
    doc.migration = { completedWaves: 0 };
    const before = addressOf(doc, 0, "finanzwesen");
    doc.migration = { completedWaves: 2 };
    expect(addressOf(doc, 0, "finanzwesen")).toEqual(before);
    expect(problemsAt(doc)).toEqual([]);
  });

  test("fails when the network does not span the cluster a workload migrates from: the move needs a new address", () => {
    const doc = defaultDocument();
    doc.network.infrastructure[2].clusters = ["rz-cluster-1"];
    doc.tenants[0].workloads = doc.tenants[0].workloads.filter((w: { id: string }) => ["finanzwesen"].includes(w.id));
    expect(problemsAt(doc)).toEqual([
      'config/dithmarschen.yaml: tenants[0].workloads[0].migrateFrom: "kreishaus-cluster" is not reached by network "servers" (it reaches rz-cluster-1): the move to rz-cluster-1 needs a new address (re-address the server on a network of both clusters first, see docs/operations.md)'.replace(
        "config/dithmarschen.yaml",
        "config/test.yaml",
      ),
    ]);
  });

  test("fails when a network names an unknown cluster", () => {
    const doc = smallDocument();
    doc.network.infrastructure[1].clusters = ["lab-cluster", "nowhere"];
    expect(problemsAt(doc)).toEqual(['config/test.yaml: network.infrastructure[1].clusters[1]: "nowhere" is not a defined cluster']);
  });
});

describe("server images", () => {
  test("servers default to the first image of their os; an image of another os or a larger disk fails", () => {
    const doc = defaultDocument();
    doc.tenants[0].workloads[6].image = "server-windows2022";
    doc.tenants[0].workloads[5].diskGiB = 10;
    expect(problemsAt(doc)).toEqual([
      "config/test.yaml: tenants[0].workloads[5].diskGiB: 10 is smaller than the 60 GiB disk of image server-windows2022",
      'config/test.yaml: tenants[0].workloads[6].image: "server-windows2022" runs windows2022srv, but the workload\'s os is ubuntu2404',
    ]);
  });
});

describe("site DHCP ranges", () => {
  test("a site leaves the addresses on the larger side of its gateway to DHCP", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[1].gateway = "10.1.1.254";
    const env = envFrom(doc);
    expect(siteDhcpRange(env.tenants[0].sites[0])).toEqual({ first: "10.1.0.2", last: "10.1.0.254", size: 253 });
    expect(siteDhcpRange(env.tenants[0].sites[1])).toEqual({ first: "10.1.1.1", last: "10.1.1.253", size: 253 });
  });
});
