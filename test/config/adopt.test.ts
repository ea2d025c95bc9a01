/** npm run adopt's mapping: a reader document becomes an environment file with import ids; the stacks import them. */
import { parse } from "yaml";
import { adoptedYaml, adoptInventory, idFromName, VcenterInventory } from "../../config/adopt";
import { parseEnvironment } from "../../config/load";
import { stackJson, synthToDir } from "../helpers";

const host = (name: string, moid: string) => ({ name, moid, cpuCores: 16, memoryBytes: 256 * 2 ** 30 });
const vm = (name: string, path: string, extra: Record<string, unknown> = {}) => ({
  name,
  path,
  moid: `vm-${name}`,
  folder: path.slice(0, path.lastIndexOf("/")),
  cluster: "lab-cluster",
  template: false,
  guestId: "windows11_64Guest",
  cpus: 2,
  memoryMB: 4096,
  disksGiB: [60],
  networks: ["pg-ga-rathaus"],
  snapshots: false,
  tags: ["rz-image-version/standard@1.0", "rz-wave/wave-1"],
  ...extra,
});

function inventory(): VcenterInventory {
  return {
    server: "127.0.0.1:8989",
    warnings: [],
    tagCategories: [{ id: "c1", name: "rz-wave", cardinality: "SINGLE", types: ["VirtualMachine"] }],
    tags: [
      { id: "t1", name: "wave-1", category: "rz-wave" },
      { id: "t2", name: "standard@1.0", category: "rz-image-version", description: "Standard 1.0" },
    ],
    libraries: [{ id: "lib-1", name: "LAB-golden-images", items: [{ id: "item-1", name: "standard-1.0", type: "ovf" }] }],
    datacenters: [
      {
        name: "LAB",
        path: "/LAB",
        clusters: [
          {
            name: "lab-cluster",
            path: "/LAB/host/lab-cluster",
            moid: "domain-c1",
            haEnabled: true,
            admissionControl: "resourcePercentage",
            hostFailuresTolerated: 1,
            drsEnabled: true,
            drsBehavior: "fullyAutomated",
            hosts: [host("esx-01.lab.example", "host-1"), host("esx-02.lab.example", "host-2")],
            restartPriorities: { "ga-app-kasse": "high" },
            rules: [],
          },
        ],
        standaloneHosts: [],
        datastores: [
          {
            name: "ds-lab-cluster",
            moid: "datastore-1",
            type: "NFS41",
            remoteHosts: ["nas.lab"],
            remotePath: "/vol/lab",
            hosts: ["esx-01.lab.example", "esx-02.lab.example"],
          },
        ],
        switches: [
          {
            name: "dvs-lab",
            path: "/LAB/network/dvs-lab",
            uuid: "u",
            mtu: 1500,
            uplinks: ["uplink1", "uplink2"],
            hostNics: {},
            portGroups: [
              {
                name: "pg-servers",
                path: "/LAB/network/pg-servers",
                description: "servers: 10.0.20.0/24",
                vlan: 20,
                vlanKind: "id",
                uplink: false,
              },
              {
                name: "pg-ga-rathaus",
                path: "/LAB/network/pg-ga-rathaus",
                description: "A-Dorf: 10.1.0.0/24, 100 Mbit/s",
                vlan: 100,
                vlanKind: "id",
                uplink: false,
              },
              { name: "dvs-lab-uplinks", path: "/LAB/network/dvs-lab-uplinks", vlan: 0, vlanKind: "trunk", uplink: true },
            ],
          },
        ],
        standardNetworks: ["VM Network"],
        folders: [
          { path: "/LAB/vm", type: "vm", moid: "f0" },
          { path: "/LAB/vm/gemeinde-a", type: "vm", moid: "f1" },
          { path: "/LAB/vm/gemeinde-a/desktops", type: "vm", moid: "f2" },
          { path: "/LAB/vm/gemeinde-a/servers", type: "vm", moid: "f3" },
        ],
        resourcePools: [],
        vms: [
          vm("ga-rathaus-001", "/LAB/vm/gemeinde-a/desktops/ga-rathaus-001"),
          vm("ga-rathaus-002", "/LAB/vm/gemeinde-a/desktops/ga-rathaus-002"),
          vm("ga-app-kasse", "/LAB/vm/gemeinde-a/servers/ga-app-kasse", { networks: ["pg-servers"], disksGiB: [80], tags: [] }),
          vm("old-ftp", "/LAB/vm/gemeinde-a/servers/old-ftp", { networks: ["pg-servers", "VM Network"], tags: [] }),
        ],
      },
    ],
  };
}

describe("adopting a vCenter inventory", () => {
  test("ids come from names: lower-case, runs of other characters as one hyphen, a letter first", () => {
    expect(["DC0_C0", "Kreis Haus--Cluster", "1st pool"].map(idFromName)).toEqual(["dc0-c0", "kreis-haus-cluster", "x-1st-pool"]);
  });

  test("the written file validates, and maps clusters, networks, sites, desktops, workloads and images", () => {
    const result = adoptInventory(inventory());
    const text = adoptedYaml(result);
    const env = parseEnvironment(text, "adopted.yaml");
    expect(env.clusters.map((c) => [c.id, c.hosts.length, c.datastore.name])).toEqual([["lab-cluster", 2, "ds-lab-cluster"]]);
    // vCenter knows no DNS servers or gateway: the schema's defaults apply (no DNS servers, the CIDR's first address).
    expect(env.network.infrastructure).toEqual([{ id: "servers", vlan: 20, cidr: "10.0.20.0/24", dnsServers: [] }]);
    const tenant = env.tenants[0];
    expect([tenant.id, tenant.code, tenant.sites[0].id, tenant.sites[0].workstations.count]).toEqual(["gemeinde-a", "GA", "rathaus", 2]);
    expect(tenant.workloads.map((w) => [w.id, w.diskGiB, w.restartPriority])).toEqual([["kasse", 80, "high"]]);
    expect(env.images.map((i) => [i.id, i.version, i.displayName])).toEqual([["standard", "1.0", "Standard"]]);
    expect(env.adopt?.imports["desktops/gemeinde-a/rathaus"]).toEqual([
      "/LAB/vm/gemeinde-a/desktops/ga-rathaus-001",
      "/LAB/vm/gemeinde-a/desktops/ga-rathaus-002",
    ]);
    expect(text).toMatch(/location: rechenzentrum # guessed:/);
  });

  test("what cannot be mapped is reported, never dropped", () => {
    const { report } = adoptInventory(inventory());
    expect(report.notMapped).toEqual(
      expect.arrayContaining([
        { object: "/LAB/vm/gemeinde-a/servers/old-ftp", reason: "has 2 NICs (a workload has one)" },
        { object: "network VM Network", reason: "a standard vSwitch port group (only distributed port groups are managed)" },
      ]),
    );
    expect(report.adopted).toBeGreaterThan(10);
  });

  test("is deterministic: the same inventory gives the same file", () => {
    expect(adoptedYaml(adoptInventory(inventory()))).toBe(adoptedYaml(adoptInventory(inventory())));
  });

  test("the stacks import every adopted object, the desktops per count index", () => {
    const doc = parse(adoptedYaml(adoptInventory(inventory())));
    const out = synthToDir(parseEnvironment(JSON.stringify(doc), "adopted.yaml"));
    expect(stackJson(out, "site-gemeinde-a-rathaus").import).toEqual([
      { to: "vsphere_virtual_machine.desktops[0]", id: "/LAB/vm/gemeinde-a/desktops/ga-rathaus-001" },
      { to: "vsphere_virtual_machine.desktops[1]", id: "/LAB/vm/gemeinde-a/desktops/ga-rathaus-002" },
    ]);
    const platform = stackJson(out, "platform").import;
    expect(platform).toEqual(
      expect.arrayContaining([
        { to: "vsphere_datacenter.datacenter", id: "/LAB" },
        { to: "vsphere_host.clusters_lab-cluster_hosts_esx-01-lab-example", id: "host-1" },
        { to: "vsphere_nas_datastore.clusters_lab-cluster_datastore", id: "datastore-1" },
      ]),
    );
    expect(stackJson(out, "tenant-gemeinde-a").import).toEqual(
      expect.arrayContaining([
        { to: "vsphere_virtual_machine.workloads_kasse_vm", id: "/LAB/vm/gemeinde-a/servers/ga-app-kasse" },
        { to: "vsphere_folder.tenant_desktop-folder", id: "/LAB/vm/gemeinde-a/desktops" },
      ]),
    );
  });
});
