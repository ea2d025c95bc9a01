import { ComplianceRule, compliant, ElementView, nonCompliant, Severity } from "../rule";

/** RZ-03: management, vMotion, server and tenant networks are separate port groups on separate VLANs. */
export const separateNetworksRule: ComplianceRule = {
  id: "RZ-03",
  title: "Every network is its own port group on its own VLAN",
  requirements: ["SYS.1.5.A9", "NET.1.1.A5"],
  vmwareControl: "vNetwork: isolate management, vMotion and VM traffic",
  severity: Severity.ERROR,
  appliesTo: ["vsphere_distributed_port_group"],
  check(element, context) {
    const vlan = element.attributes.vlan_id;
    const byVlan = context.memo("rz-03:port-groups-by-vlan", () => {
      const map = new Map<unknown, ElementView[]>();
      for (const pg of context.elements.filter((e) => e.type === "vsphere_distributed_port_group"))
        map.set(pg.attributes.vlan_id, [...(map.get(pg.attributes.vlan_id) ?? []), pg]);
      return map;
    });
    const sharing = (byVlan.get(vlan) ?? []).filter((e) => e !== element);
    return sharing.length === 0 ? compliant : nonCompliant(`VLAN ${vlan} is shared with ${sharing.map((e) => e.address).join(", ")}`);
  },
};
