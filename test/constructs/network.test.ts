import { Testing } from "cdktf";
import { DistributedPortGroup } from "@cdktf/provider-vsphere/lib/distributed-port-group";
import { DistributedVirtualSwitch } from "@cdktf/provider-vsphere/lib/distributed-virtual-switch";
import { DistributedSwitch } from "../../constructs/distributed-switch";
import { SiteNetworkLink } from "../../constructs/site-network-link";
import { VlanPortGroup } from "../../constructs/vlan-port-group";
import { onlyResource } from "../helpers";

describe("VlanPortGroup", () => {
  test("rejects promiscuous mode, MAC changes and forged transmits, and allows no per-port override", () => {
    const synth = Testing.synthScope((scope) => new VlanPortGroup(scope, "pg", { switchUuid: "uuid", name: "pg-mgmt", vlanId: 10 }));
    expect(synth).toHaveResourceWithProperties(DistributedPortGroup, {
      vlan_id: 10,
      allow_promiscuous: false,
      allow_mac_changes: false,
      allow_forged_transmits: false,
      security_policy_override_allowed: false,
      vlan_override_allowed: false,
    });
    expect(onlyResource(synth, "vsphere_distributed_port_group").egress_shaping_enabled).toBeUndefined();
  });

  test.each([0, 1, 4095, 1.5])("fails when the VLAN is %p", (vlanId) => {
    expect(() => Testing.synthScope((scope) => new VlanPortGroup(scope, "pg", { switchUuid: "u", name: "pg", vlanId }))).toThrow(
      `VlanPortGroup pg: VLAN ${vlanId} is outside 2..4094`,
    );
  });
});

describe("SiteNetworkLink", () => {
  test("shapes egress to the link bandwidth: average and peak in bit/s, burst one second in bytes", () => {
    const synth = Testing.synthScope(
      (scope) =>
        new SiteNetworkLink(scope, "heide", {
          switchUuid: "u",
          name: "pg-di-heide-1",
          vlanId: 120,
          cidr: "10.61.20.0/24",
          linkMbps: 500,
          town: "Heide",
        }),
    );
    expect(synth).toHaveResourceWithProperties(DistributedPortGroup, {
      name: "pg-di-heide-1",
      vlan_id: 120,
      egress_shaping_enabled: true,
      egress_shaping_average_bandwidth: 500_000_000,
      egress_shaping_peak_bandwidth: 500_000_000,
      egress_shaping_burst_size: 62_500_000,
      description: "Heide: 10.61.20.0/24, 500 Mbit/s",
    });
  });
});

describe("DistributedSwitch", () => {
  test("joins every host with one NIC per uplink and locks the default port policy down", () => {
    const synth = Testing.synthScope(
      (scope) =>
        new DistributedSwitch(scope, "dvs", {
          datacenterId: "dc",
          name: "dvs",
          uplinks: ["u1", "u2"],
          hostIds: ["h1", "h2"],
          hostNics: ["vmnic0", "vmnic1"],
        }),
    );
    expect(synth).toHaveResourceWithProperties(DistributedVirtualSwitch, {
      max_mtu: 1500,
      active_uplinks: ["u1", "u2"],
      allow_forged_transmits: false,
      allow_mac_changes: false,
      allow_promiscuous: false,
      host: [
        { host_system_id: "h1", devices: ["vmnic0", "vmnic1"] },
        { host_system_id: "h2", devices: ["vmnic0", "vmnic1"] },
      ],
    });
  });
});
