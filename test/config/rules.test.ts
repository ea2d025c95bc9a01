/** Cross-field rules, one "fails when" per rule, checked through the real parser. */
import { envFrom, problemsOf, smallDocument } from "../helpers";
import { clusterCapacity, clusterDemand } from "../../config/capacity";

describe("cross-field rules", () => {
  test("the small environment breaks no rule", () => {
    expect(problemsOf(smallDocument())).toEqual([]);
  });

  test("fails when two clusters share an id", () => {
    const doc = smallDocument();
    doc.clusters.push({
      ...doc.clusters[0],
      hosts: [{ name: "esx-09.lab.example", cpuCores: 8, memoryGiB: 64 }],
      ha: { hostFailuresTolerated: 0 },
    });
    expect(problemsOf(doc)).toContain('config/test.yaml:15:5: clusters[1].id: "lab-cluster" duplicates the cluster id at clusters[0].id');
  });

  test("fails when two images share an id", () => {
    const doc = smallDocument();
    doc.images.push({ ...doc.images[0], version: "2.0" });
    expect(problemsOf(doc)).toContain('config/test.yaml:36:5: images[1].id: "standard" duplicates the image id at images[0].id');
  });

  test("fails when two tenants share an id", () => {
    const doc = smallDocument();
    doc.tenants.push({ id: "gemeinde-a", name: "Copy", code: "GB" });
    expect(problemsOf(doc)).toContain('config/test.yaml:65:5: tenants[1].id: "gemeinde-a" duplicates the tenant id at tenants[0].id');
  });

  test("fails when two tenants share a code", () => {
    const doc = smallDocument();
    doc.tenants.push({ id: "gemeinde-b", name: "B", code: "GA" });
    expect(problemsOf(doc)).toContain('config/test.yaml:67:5: tenants[1].code: "GA" duplicates the tenant code at tenants[0].code');
  });

  test("fails when two sites of a tenant share an id", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[1].id = "rathaus";
    expect(problemsOf(doc)).toContain(
      'config/test.yaml:49:9: tenants[0].sites[1].id: "rathaus" duplicates the site id at tenants[0].sites[0].id',
    );
  });

  test("fails when two workloads of a tenant share an id", () => {
    const doc = smallDocument();
    doc.tenants[0].workloads.push({ ...doc.tenants[0].workloads[0] });
    expect(problemsOf(doc)).toContain(
      'config/test.yaml:65:9: tenants[0].workloads[1].id: "kasse" duplicates the workload id at tenants[0].workloads[0].id',
    );
  });

  test("fails when two infrastructure networks share an id", () => {
    const doc = smallDocument();
    doc.network.infrastructure[1].id = "management";
    expect(problemsOf(doc)).toContain(
      'config/test.yaml:25:7: network.infrastructure[1].id: "management" duplicates the network id at network.infrastructure[0].id',
    );
  });

  test("fails when a host is in two clusters", () => {
    const doc = smallDocument();
    doc.clusters.push({
      id: "second",
      location: "kreishaus",
      hosts: [{ name: "ESX-01.lab.example", cpuCores: 8, memoryGiB: 64 }],
      ha: { hostFailuresTolerated: 0 },
    });
    expect(problemsOf(doc)).toContain(
      'config/test.yaml:18:9: clusters[1].hosts[0].name: "esx-01.lab.example" duplicates the host name at clusters[0].hosts[0].name',
    );
  });

  test("fails when two sites share a VLAN", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[1].vlan = 100;
    expect(problemsOf(doc)).toEqual(["config/test.yaml:51:9: tenants[0].sites[1].vlan: 100 is already used by tenants[0].sites[0].vlan"]);
  });

  test("fails when a site reuses an infrastructure VLAN", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].vlan = 20;
    expect(problemsOf(doc)).toEqual([
      "config/test.yaml:43:9: tenants[0].sites[0].vlan: 20 is already used by network.infrastructure[1].vlan",
    ]);
  });

  test("fails when sites of different tenants share a VLAN", () => {
    const doc = smallDocument();
    doc.tenants.push({
      id: "gemeinde-b",
      name: "B",
      code: "GB",
      sites: [{ id: "amt", town: "B", vlan: 101, cidr: "10.2.0.0/24", linkMbps: 10, workstations: { count: 1, image: "standard" } }],
    });
    expect(problemsOf(doc)).toEqual(["config/test.yaml:71:9: tenants[1].sites[0].vlan: 101 is already used by tenants[0].sites[1].vlan"]);
  });

  test("fails when two subnets overlap", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[1].cidr = "10.1.0.128/25";
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:52:9: tenants[0].sites[1].cidr: "10.1.0.128/25" overlaps "10.1.0.0/24" at tenants[0].sites[0].cidr',
    ]);
  });

  test("fails when a site subnet overlaps an infrastructure network", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].cidr = "10.0.0.0/16";
    expect(problemsOf(doc)).toContain(
      'config/test.yaml:44:9: tenants[0].sites[0].cidr: "10.0.0.0/16" overlaps "10.0.0.0/24" at network.infrastructure[0].cidr',
    );
  });

  test("fails when a site names an unknown image", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].workstations.image = "luxus";
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:48:11: tenants[0].sites[0].workstations.image: "luxus" is not a defined image (one of standard)',
    ]);
  });

  test("fails when a site names an unknown cluster", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[0].cluster = "elsewhere";
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:49:9: tenants[0].sites[0].cluster: "elsewhere" is not a defined cluster (one of lab-cluster)',
    ]);
  });

  test("fails when desktops have no cluster to default to", () => {
    const doc = smallDocument();
    doc.clusters[0].location = "kreishaus";
    expect(problemsOf(doc)).toContain(
      "config/test.yaml:41:9: tenants[0].sites[0].cluster: is not set and there is no rechenzentrum cluster to default to",
    );
  });

  test("fails when a workload names an unknown cluster", () => {
    const doc = smallDocument();
    doc.tenants[0].workloads[0].cluster = "kreishaus";
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:63:9: tenants[0].workloads[0].cluster: "kreishaus" is not a defined cluster (one of lab-cluster)',
    ]);
  });

  test("fails when a workload names an unknown network", () => {
    const doc = smallDocument();
    doc.tenants[0].workloads[0].network = "dmz";
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:64:9: tenants[0].workloads[0].network: "dmz" is not a defined infrastructure network (one of management, servers)',
    ]);
  });

  test("fails when HA tolerates as many host failures as the cluster has hosts", () => {
    const doc = smallDocument();
    doc.clusters[0].ha = { hostFailuresTolerated: 2 };
    expect(problemsOf(doc)).toEqual([
      "config/test.yaml:16:7: clusters[0].ha.hostFailuresTolerated: 2 must be less than the cluster's 2 host(s)",
    ]);
  });

  test("fails when desktops need more vCPU than a cluster holds with a host down", () => {
    const doc = smallDocument();
    // one 16-core host at 4 vCPU/core = 64 vCPU; 30 desktops x 2 vCPU + 2 = 62 fits, 32 do not
    doc.tenants[0].sites[0].workstations.count = 32;
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:6:5: clusters[0]: "lab-cluster" needs 70 vCPU for 34 desktops and 1 workloads but holds 64 with 1 host(s) down at 4 vCPU per core',
    ]);
    doc.tenants[0].sites[0].workstations.count = 28;
    expect(problemsOf(doc)).toEqual([]);
  });

  test("fails when desktops and workloads need more memory than a cluster holds with a host down", () => {
    const doc = smallDocument();
    doc.tenants[0].workloads[0].memoryGiB = 240;
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:6:5: clusters[0]: "lab-cluster" needs 260 GiB memory for 5 desktops and 1 workloads but holds 256 GiB with 1 host(s) down (memory is not overcommitted)',
    ]);
  });

  test("capacity assumes the largest hosts fail", () => {
    const env = envFrom(smallDocument());
    const cluster = { ...env.clusters[0], hosts: [...env.clusters[0].hosts, { name: "big.lab.example", cpuCores: 64, memoryGiB: 1024 }] };
    expect(clusterCapacity(cluster)).toEqual({ vcpus: 128, memoryGiB: 512 });
    expect(clusterDemand(env, env.clusters[0])).toEqual({ vcpus: 12, memoryGiB: 28, desktops: 5, workloads: 1 });
  });

  test("fails when a site subnet has fewer addresses than desktops", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[1].cidr = "10.1.1.0/30";
    doc.tenants[0].sites[1].workstations.count = 2;
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:52:9: tenants[0].sites[1].cidr: "10.1.1.0/30" has 2 addresses but the site needs 3 (desktops + gateway)',
    ]);
  });

  test("fails when two sites would get the same computer names", () => {
    const doc = smallDocument();
    doc.tenants[0].sites[1].computerNamePrefix = "GA-RATHAUS";
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:58:9: tenants[0].sites[1].computerNamePrefix: "GA-RATHAUS" is already the computer name prefix of tenants[0].sites[0]; set a distinct computerNamePrefix',
    ]);
  });

  test("fails when an anti-affinity group has one workload", () => {
    const doc = smallDocument();
    doc.tenants[0].workloads[0].antiAffinityGroup = "kasse";
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:65:9: tenants[0].workloads[0].antiAffinityGroup: "kasse" has only one workload; an anti-affinity group needs at least two',
    ]);
  });

  test("fails when an anti-affinity group has more workloads than the cluster has hosts", () => {
    const doc = smallDocument();
    const w = doc.tenants[0].workloads[0];
    doc.tenants[0].workloads = ["a", "b", "c"].map((id) => ({ ...w, id, cpus: 1, memoryGiB: 1, antiAffinityGroup: "db" }));
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:79:9: tenants[0].workloads[2].antiAffinityGroup: "db" has 3 workloads but cluster "lab-cluster" has only 2 host(s)',
    ]);
  });

  test("fails when an anti-affinity group spans clusters", () => {
    const doc = smallDocument();
    doc.clusters.push({
      id: "other",
      location: "kreishaus",
      hosts: [{ name: "esx-09.lab.example", cpuCores: 8, memoryGiB: 64 }],
      ha: { hostFailuresTolerated: 0 },
    });
    const w = doc.tenants[0].workloads[0];
    doc.tenants[0].workloads = [
      { ...w, id: "a", antiAffinityGroup: "db" },
      { ...w, id: "b", cluster: "other", antiAffinityGroup: "db" },
    ];
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:80:9: tenants[0].workloads[1].antiAffinityGroup: "db" spans clusters lab-cluster, other; its workloads must share one cluster',
    ]);
  });

  test("fails when a tenant sets both a workgroup and a domain", () => {
    const doc = smallDocument();
    doc.tenants[0].windows = { workgroup: "GA", joinDomain: "ga.example", domainAdminUser: "join" };
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:65:5: tenants[0].windows: sets both workgroup "GA" and joinDomain "ga.example"; choose one',
    ]);
  });

  test("fails when a domain join names no user", () => {
    const doc = smallDocument();
    doc.tenants[0].windows = { joinDomain: "ga.example" };
    expect(problemsOf(doc)).toEqual(["config/test.yaml:65:5: tenants[0].windows.domainAdminUser: is required when joinDomain is set"]);
  });

  test("fails when host NICs do not match the uplinks", () => {
    const doc = smallDocument();
    doc.network.switch.hostNics = ["vmnic4"];
    expect(problemsOf(doc)).toEqual([
      "config/test.yaml:21:5: network.switch.hostNics: lists 1 NIC(s) for 2 uplink(s); give one per uplink",
    ]);
  });

  test("fails when a workload is renamed from an id another workload still has", () => {
    const doc = smallDocument();
    doc.tenants[0].workloads.push({ ...doc.tenants[0].workloads[0], id: "kasse-neu", renamedFrom: "kasse" });
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:71:9: tenants[0].workloads[1].renamedFrom: "kasse" is still the id of another workload',
    ]);
  });

  test("fails when Meldorf-1's desktops exceed its link", () => {
    const doc = smallDocument();
    doc.images[0].linkKbps = 40_000;
    doc.tenants[0].sites[1].linkMbps = 1000;
    expect(problemsOf(doc)).toEqual([
      "config/test.yaml:46:9: tenants[0].sites[0].linkMbps: 100 Mbit/s is below the 120 Mbit/s that 3 desktops of standard need",
    ]);
  });
});
