/**
 * The default environment, synthesised: one snapshot per stack, each paired
 * with the properties it protects.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ComputeCluster } from "@cdktf/provider-vsphere/lib/compute-cluster";
import { DistributedVirtualSwitch } from "@cdktf/provider-vsphere/lib/distributed-virtual-switch";
import { VirtualMachine } from "@cdktf/provider-vsphere/lib/virtual-machine";
import { VsphereProvider } from "@cdktf/provider-vsphere/lib/provider";
import { loadEnvironment, DEFAULT_CONFIG } from "../../config/load";
import { buildApp, defaultDocument, synthStack, envFrom, readTree, ROOT, stackJson, synthToDir, twoTenantDocument } from "../helpers";
import { buildEnvironment } from "../../stacks/environment";
import { environmentOf } from "../../bench/generate";

const env = loadEnvironment(path.join(ROOT, DEFAULT_CONFIG));
const { app, stacks } = buildApp(env);
const allStacks = [stacks.platform, stacks.network, stacks.images, ...stacks.tenants.values(), ...stacks.sites.values()];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const synthesized = new Map(allStacks.map((s) => [s.node.id, JSON.parse(synthStack(s)) as any]));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const resources = (type: string): [string, any][] =>
  [...synthesized.values()].flatMap((json) => Object.entries(json.resource?.[type] ?? {}));

describe("the default environment", () => {
  test("splits into platform, network, images, one tenant and one stack per site", () => {
    expect(app.node.children.map((c) => c.node.id).sort()).toEqual([
      "images",
      "network",
      "platform",
      "site-kreis-dithmarschen-brunsbuettel-1",
      "site-kreis-dithmarschen-heide-1",
      "site-kreis-dithmarschen-heide-2",
      "site-kreis-dithmarschen-meldorf-1",
      "site-kreis-dithmarschen-meldorf-2",
      "tenant-kreis-dithmarschen",
    ]);
  });

  test.each(allStacks.map((s) => [s.node.id, s] as const))("stack %s matches its snapshot", (_name, stack) => {
    expect(synthStack(stack)).toMatchSnapshot();
  });

  test("has at least 430 desktops, spread over five site stacks", () => {
    const desktops = resources("vsphere_virtual_machine").filter(([, vm]) => vm.count !== undefined); // desktops are pools; servers are cloned too;
    expect(desktops).toHaveLength(5);
    expect(desktops.reduce((n, [, vm]) => n + vm.count, 0)).toBeGreaterThanOrEqual(430);
  });

  test("every site has its own port group with a distinct VLAN", () => {
    const sitePortGroups = resources("vsphere_distributed_port_group").filter(([id]) => id.startsWith("sites_"));
    expect(sitePortGroups).toHaveLength(5);
    const vlans = resources("vsphere_distributed_port_group").map(([, pg]) => pg.vlan_id);
    expect(new Set(vlans).size).toBe(vlans.length);
  });

  test("every port group rejects promiscuous mode, MAC changes and forged transmits without per-port override", () => {
    for (const [, pg] of resources("vsphere_distributed_port_group")) {
      expect(pg).toMatchObject({
        allow_promiscuous: false,
        allow_mac_changes: false,
        allow_forged_transmits: false,
        security_policy_override_allowed: false,
      });
    }
  });

  test("site port groups shape egress to the site's link bandwidth", () => {
    const tenant = synthesized.get("tenant-kreis-dithmarschen");
    expect(tenant.resource.vsphere_distributed_port_group["sites_meldorf-1_link"]).toMatchObject({
      vlan_id: 110,
      egress_shaping_enabled: true,
      egress_shaping_average_bandwidth: 1_000_000_000,
    });
  });

  test("both clusters have HA with admission control for one host failure, and DRS", () => {
    const platform = synthStack(stacks.platform);
    expect(resources("vsphere_compute_cluster")).toHaveLength(2);
    expect(platform).toHaveResourceWithProperties(ComputeCluster, {
      name: "rz-cluster-1",
      ha_enabled: true,
      ha_admission_control_policy: "resourcePercentage",
      ha_admission_control_host_failure_tolerance: 1,
      drs_enabled: true,
      drs_automation_level: "fullyAutomated",
    });
    expect(platform).toHaveResourceWithProperties(ComputeCluster, {
      name: "kreishaus-cluster",
      ha_enabled: true,
      drs_automation_level: "partiallyAutomated",
    });
  });

  test("one distributed switch with both uplinks and jumbo frames", () => {
    expect(synthStack(stacks.network)).toHaveResourceWithProperties(DistributedVirtualSwitch, {
      name: "dvs-rz-nord",
      uplinks: ["uplink1", "uplink2"],
      max_mtu: 9000,
    });
  });

  test("desktops are named <code>-<site>-<nnn>, cloned from their image and tagged", () => {
    const heide = synthStack(stacks.sites.get("site-kreis-dithmarschen-heide-2")!);
    expect(heide).toHaveResourceWithProperties(VirtualMachine, {
      count: 50,
      name: 'di-heide-2-${format("%03d", sum([count.index, 1]))}',
      num_cpus: 2,
      memory: 8192,
      firmware: "efi",
    });
    const vm = JSON.parse(heide).resource.vsphere_virtual_machine.desktops;
    expect(vm.clone.template_uuid).toMatch(/verwaltung-standard/);
    expect(vm.clone.customize.windows_options).toMatchObject({
      time_zone: 110,
      workgroup: "DITHMARSCHEN",
      admin_password: "${var.windows_admin_password}",
    });
    expect(vm.tags).toHaveLength(5);
  });

  test("migrated applications carry their HA restart priority and the DMS nodes never share a host", () => {
    const tenant = synthesized.get("tenant-kreis-dithmarschen");
    expect(tenant.resource.vsphere_ha_vm_override["workloads_finanzwesen_ha-override"].ha_vm_restart_priority).toBe("high");
    expect(Object.keys(tenant.resource.vsphere_compute_cluster_vm_anti_affinity_rule)).toEqual(["anti-affinity_dms"]);
  });

  test("application servers, clusters, hosts, datastores, the switch, port groups and the content library refuse destruction; desktops do not", () => {
    const protectedTypes = [
      "vsphere_datacenter",
      "vsphere_compute_cluster",
      "vsphere_host",
      "vsphere_nas_datastore",
      "vsphere_distributed_virtual_switch",
      "vsphere_distributed_port_group",
      "vsphere_content_library",
    ];
    for (const type of protectedTypes) {
      expect(resources(type).length).toBeGreaterThan(0);
      for (const [name, body] of resources(type))
        expect({ name, preventDestroy: body.lifecycle?.prevent_destroy }).toEqual({ name, preventDestroy: true });
    }
    for (const [name, vm] of resources("vsphere_virtual_machine")) {
      expect({ name, prevent_destroy: vm.lifecycle?.prevent_destroy ?? false }).toEqual({ name, prevent_destroy: vm.count === undefined });
    }
  });

  test("every stack's provider takes its credentials from sensitive variables", () => {
    for (const stack of allStacks) {
      const json = synthStack(stack);
      expect(json).toHaveProviderWithProperties(VsphereProvider, {
        user: "${var.vsphere_user}",
        password: "${var.vsphere_password}",
        allow_unverified_ssl: false,
      });
      const variables = JSON.parse(json).variable;
      for (const name of ["vsphere_user", "vsphere_password"]) {
        expect(variables[name]).toEqual(expect.objectContaining({ sensitive: true }));
        expect(variables[name].default).toBeUndefined();
      }
    }
  });

  test("synthesising twice gives byte-identical output", () => {
    const first = readTree(synthToDir(env));
    const second = readTree(synthToDir(loadEnvironment(path.join(ROOT, DEFAULT_CONFIG))));
    expect(first.size).toBeGreaterThan(9);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, content] of first) expect(second.get(file)).toBe(content);
  });

  test("reordering sites, tenants, clusters and workloads leaves every resource address unchanged", () => {
    const addresses = (outdir: string) =>
      fs
        .readdirSync(path.join(outdir, "stacks"))
        .sort()
        .flatMap((stack) => {
          const json = stackJson(outdir, stack);
          return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
            Object.keys(byName as object).map((name) => `${stack}/${type}.${name}`),
          );
        })
        .sort();
    const doc = defaultDocument();
    doc.tenants.push({ id: "amt-marne", name: "Amt Marne-Nordsee", code: "MN", sites: [], workloads: [] });
    const reordered = defaultDocument();
    reordered.tenants.push({ id: "amt-marne", name: "Amt Marne-Nordsee", code: "MN", sites: [], workloads: [] });
    reordered.tenants.reverse();
    reordered.tenants[1].sites.reverse();
    reordered.tenants[1].workloads.reverse();
    reordered.clusters.reverse();
    reordered.images.reverse();
    reordered.network.infrastructure.reverse();
    const before = addresses(synthToDir(envFrom(doc)));
    expect(before.length).toBeGreaterThan(50);
    expect(addresses(synthToDir(envFrom(reordered)))).toEqual(before);
  });
});

describe("renaming a workload", () => {
  test("emits moved blocks from the old addresses instead of replacing the VM", () => {
    const doc = defaultDocument();
    const workload = doc.tenants[0].workloads.find((w: { id: string }) => w.id === "gis");
    workload.id = "geoinformation";
    workload.renamedFrom = "gis";
    const out = synthToDir(envFrom(doc));
    const json = stackJson(out, "tenant-kreis-dithmarschen");
    expect(json.moved).toEqual(
      expect.arrayContaining([
        { from: "vsphere_virtual_machine.workloads_gis_vm", to: "vsphere_virtual_machine.workloads_geoinformation_vm" },
        { from: "vsphere_ha_vm_override.workloads_gis_ha-override", to: "vsphere_ha_vm_override.workloads_geoinformation_ha-override" },
      ]),
    );
    expect(json.resource.vsphere_virtual_machine.workloads_gis_vm).toBeUndefined();
  });
});

describe("selecting stacks", () => {
  test("builds only the selected site stacks and their tenant, platform, network and images", () => {
    const { app } = (() => {
      const { App } = jest.requireActual("cdktf");
      const selected = new App({ outdir: path.join(ROOT, "cdktf.out") });
      buildEnvironment(selected, env, { projectRoot: ROOT, stacks: ["site-*-heide-*"] });
      return { app: selected };
    })();
    expect(app.node.children.map((c: { node: { id: string } }) => c.node.id).sort()).toEqual([
      "images",
      "network",
      "platform",
      "site-kreis-dithmarschen-heide-1",
      "site-kreis-dithmarschen-heide-2",
      "tenant-kreis-dithmarschen",
    ]);
  });

  test("a selected site stack synthesises exactly as in the full environment", () => {
    const { App } = jest.requireActual("cdktf");
    const selected = new App({ outdir: path.join(ROOT, "cdktf.out") });
    const partial = buildEnvironment(selected, env, { projectRoot: ROOT, stacks: ["site-kreis-dithmarschen-heide-2"] });
    expect(synthStack(partial.sites.get("site-kreis-dithmarschen-heide-2")!)).toBe(
      synthStack(stacks.sites.get("site-kreis-dithmarschen-heide-2")!),
    );
  });
});

describe("a partial synth of one tenant among three", () => {
  const three = envFrom(environmentOf(3));
  const full = synthToDir(three);
  const partial = synthToDir(three, ["tenant-gemeinde-002"]);
  const stackFiles = (dir: string) => [...readTree(dir)].filter(([file]) => file.endsWith("cdk.tf.json"));

  test("writes the selected tenant's tenant and site stacks byte-identical to a full synth", () => {
    const selected = stackFiles(partial).filter(([file]) => /stacks\/(tenant|site)-gemeinde-002/.test(file));
    expect(selected.map(([file]) => file)).toEqual([
      "stacks/site-gemeinde-002-brunsbuettel-1/cdk.tf.json",
      "stacks/site-gemeinde-002-heide-1/cdk.tf.json",
      "stacks/site-gemeinde-002-heide-2/cdk.tf.json",
      "stacks/site-gemeinde-002-meldorf-1/cdk.tf.json",
      "stacks/site-gemeinde-002-meldorf-2/cdk.tf.json",
      "stacks/tenant-gemeinde-002/cdk.tf.json",
    ]);
    const fullFiles = new Map(stackFiles(full));
    for (const [file, content] of selected) expect({ file, content }).toEqual({ file, content: fullFiles.get(file) });
  });

  test("builds the shared stacks with only the clusters the tenant uses and the library's cluster", () => {
    const platform = stackJson(partial, "platform");
    expect(Object.keys(platform.resource.vsphere_compute_cluster).sort()).toEqual([
      "clusters_kreishaus-cluster_cluster",
      "clusters_rz-cluster-1_cluster",
      "clusters_rz-cluster-t2_cluster",
    ]);
    const hosts = Object.values(platform.resource.vsphere_host).map((h) => (h as { hostname: string }).hostname);
    expect(hosts.some((h) => h.startsWith("esx-t1-"))).toBe(false);
    expect(stackJson(full, "platform").resource.vsphere_host).toHaveProperty([
      "clusters_rz-cluster-t1_hosts_esx-t1-1-rz-nord-dataport-example",
    ]);
    const switchHosts = stackJson(partial, "network").resource.vsphere_distributed_virtual_switch.switch.host;
    expect(switchHosts).toHaveLength(hosts.length);
  });

  test("makes its pruned shared stacks refuse a plan or deploy (they would remove the other tenants' objects)", () => {
    for (const stack of ["platform", "network", "images"]) {
      const guard = stackJson(partial, stack).variable.partial_synth;
      expect({ stack, condition: guard.validation[0].condition }).toEqual({ stack, condition: '${var.partial_synth == ""}' });
      expect(guard.default).toBe(guard.validation[0].error_message);
      expect(guard.default).toContain("partial synth (RZ_STACKS=tenant-gemeinde-002)");
      expect(stackJson(full, stack).variable.partial_synth).toBeUndefined();
    }
    expect(stackJson(partial, "tenant-gemeinde-002").variable.partial_synth).toBeUndefined();
  });

  test("builds a shared stack in full when a pattern names it", () => {
    const out = synthToDir(three, ["platform", "tenant-gemeinde-002"]);
    expect(Object.keys(stackJson(out, "platform").resource.vsphere_compute_cluster)).toHaveLength(4);
  });
});

describe("onboarding a second tenant", () => {
  test("is one YAML block and leaves the first tenant's synthesised stacks byte-identical", () => {
    const before = synthToDir(env);
    const doc = twoTenantDocument();
    const after = synthToDir(envFrom(doc));
    const first = (dir: string) => [...readTree(dir)].filter(([file]) => /stacks\/(tenant|site)-kreis-dithmarschen/.test(file));
    expect(first(before).length).toBeGreaterThan(5);
    expect(first(after)).toEqual(first(before));
    const pool = stackJson(after, "tenant-amt-marne-nordsee").resource.vsphere_resource_pool["tenant_resource-pools_rz-cluster-1"];
    expect(pool).toMatchObject({ cpu_reservation: 20000, memory_reservation: 262144, memory_limit: 1048576 });
  });
});
