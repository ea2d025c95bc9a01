import { Testing } from "cdktf";
import { ComputeCluster } from "@cdktf/provider-vsphere/lib/compute-cluster";
import { Host } from "@cdktf/provider-vsphere/lib/host";
import { HaVmOverride } from "@cdktf/provider-vsphere/lib/ha-vm-override";
import { VirtualMachine } from "@cdktf/provider-vsphere/lib/virtual-machine";
import { HostCluster } from "../../constructs/host-cluster";
import { ApplicationServer } from "../../constructs/application-server";
import { AntiAffinityGroup } from "../../constructs/anti-affinity-group";
import { RestartPriority } from "../../domain/vsphere";

const cluster = (extra: object = {}) =>
  Testing.synthScope(
    (scope) =>
      new HostCluster(scope, "c", {
        datacenterId: "dc",
        name: "c1",
        hosts: [{ hostname: "esx-1.example" }, { hostname: "esx-2.example", thumbprint: "AA:BB" }],
        hostPassword: "${var.esxi_password}",
        ...extra,
      }),
  );

describe("HostCluster", () => {
  test("defaults to HA with admission control for one host failure, fully automated DRS and hosts in lockdown", () => {
    const synth = cluster();
    expect(synth).toHaveResourceWithProperties(ComputeCluster, {
      ha_enabled: true,
      ha_host_monitoring: "enabled",
      ha_admission_control_policy: "resourcePercentage",
      ha_admission_control_host_failure_tolerance: 1,
      drs_enabled: true,
      drs_automation_level: "fullyAutomated",
      host_managed: true,
    });
    expect(synth).toHaveResourceWithProperties(Host, {
      hostname: "esx-1.example",
      username: "root",
      password: "${var.esxi_password}",
      lockdown: "normal",
    });
    expect(synth).toHaveResourceWithProperties(Host, { hostname: "esx-2.example", thumbprint: "AA:BB" });
  });

  test("configures NTP on every host when servers are given", () => {
    expect(cluster({ ntpServers: ["ntp.example"] })).toHaveResourceWithProperties(Host, {
      services: [{ ntpd: { enabled: true, policy: "on", ntp_servers: ["ntp.example"] } }],
    });
  });
});

describe("ApplicationServer", () => {
  const synth = Testing.synthScope(
    (scope) =>
      new ApplicationServer(scope, "finanzwesen", {
        name: "di-app-finanzwesen",
        guestId: "windows2019srvNext_64Guest",
        cpus: 4,
        memoryGiB: 16,
        diskGiB: 200,
        clusterId: "c1",
        resourcePoolId: "rp",
        datastoreId: "ds",
        folderPath: "t/servers",
        portGroupId: "pg",
        tagIds: ["t1"],
        restartPriority: RestartPriority.HIGH,
      }),
  );

  test("is a hardened EFI VM with secure boot on its network", () => {
    expect(synth).toHaveResourceWithProperties(VirtualMachine, {
      name: "di-app-finanzwesen",
      memory: 16384,
      firmware: "efi",
      efi_secure_boot_enabled: true,
      network_interface: [{ network_id: "pg", adapter_type: "vmxnet3" }],
      extra_config: expect.objectContaining({ "isolation.tools.copy.disable": "TRUE", "tools.guestlib.enableHostInfo": "FALSE" }),
    });
  });

  test("carries its HA restart priority", () => {
    expect(synth).toHaveResourceWithProperties(HaVmOverride, { compute_cluster_id: "c1", ha_vm_restart_priority: "high" });
  });
});

describe("AntiAffinityGroup", () => {
  test("fails when it has fewer than two VMs", () => {
    expect(() =>
      Testing.synthScope((scope) => new AntiAffinityGroup(scope, "g", { clusterId: "c", name: "g", virtualMachineIds: ["a"] })),
    ).toThrow("AntiAffinityGroup g: needs at least two VMs, got 1");
  });
});
