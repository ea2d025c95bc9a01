import { Construct } from "constructs";
import { DistributedSwitch } from "../constructs/distributed-switch";
import { VlanPortGroup } from "../constructs/vlan-port-group";
import { hostNics } from "../config/derive";
import { adoptionKeys, importIdOf } from "../config/adoption";
import { Environment } from "../config/schema";
import { VsphereStack, VsphereStackProps } from "./vsphere-stack";

export interface NetworkStackProps extends VsphereStackProps {
  readonly datacenterId: string;
  readonly hostIds: readonly string[];
}

/** The distributed switch and the infrastructure networks (management, vMotion, servers, ...). */
export class NetworkStack extends VsphereStack {
  public readonly switch: DistributedSwitch;
  private readonly networks = new Map<string, VlanPortGroup>();

  constructor(scope: Construct, name: string, env: Environment, props: NetworkStackProps) {
    super(scope, name, props);
    this.switch = new DistributedSwitch(this, "switch", {
      datacenterId: props.datacenterId,
      name: env.network.switch.name,
      uplinks: env.network.switch.uplinks,
      mtu: env.network.switch.mtu,
      hostIds: props.hostIds,
      hostNics: hostNics(env),
      protectFromDestroy: env.protectFromDestroy,
    });
    const infrastructure = new Construct(this, "infrastructure");
    for (const network of env.network.infrastructure) {
      this.networks.set(
        network.id,
        new VlanPortGroup(infrastructure, network.id, {
          switchUuid: this.switch.switchUuid,
          name: `pg-${network.id}`,
          vlanId: network.vlan,
          description: `${network.id}: ${network.cidr}`,
          protectFromDestroy: env.protectFromDestroy,
        }),
      );
      this.importExisting(["infrastructure", network.id, "default"], importIdOf(env, adoptionKeys.network(network.id)));
    }
    this.importExisting(["switch", "default"], importIdOf(env, adoptionKeys.switch));
  }

  public infrastructurePortGroupId(id: string): string {
    const network = this.networks.get(id);
    if (!network) throw new Error(`no infrastructure network ${id}`);
    return network.portGroupId;
  }
}
