import { Construct } from "constructs";
import { DistributedPortGroup } from "@cdktf/provider-vsphere/lib/distributed-port-group";

export interface VlanPortGroupProps {
  readonly switchUuid: string;
  readonly name: string;
  /** 802.1Q VLAN id, 1..4094 (no trunking, no guest tagging). */
  readonly vlanId: number;
  /**
   * Egress traffic shaping average bandwidth in Mbit/s; peak is the same,
   * burst one second of it.
   * @default no shaping
   */
  readonly egressMbps?: number;
  /** @default none */
  readonly description?: string;
  /** Refuse to destroy this (Terraform `prevent_destroy`); only test environments turn it off. @default true */
  readonly protectFromDestroy?: boolean;
}

/**
 * A VLAN-backed distributed port group with the locked-down security policy:
 * promiscuous mode, MAC address changes and forged transmits are rejected,
 * and neither security, VLAN nor shaping may be overridden per port.
 */
export class VlanPortGroup extends Construct {
  public readonly portGroupId: string;
  public readonly name: string;
  public readonly vlanId: number;

  constructor(scope: Construct, id: string, props: VlanPortGroupProps) {
    super(scope, id);
    if (!Number.isInteger(props.vlanId) || props.vlanId < 1 || props.vlanId > 4094) {
      throw new Error(`VlanPortGroup ${props.name}: VLAN ${props.vlanId} is outside 1..4094`);
    }
    const bitsPerSecond = props.egressMbps === undefined ? undefined : Math.round(props.egressMbps * 1_000_000);
    const portGroup = new DistributedPortGroup(this, "default", {
      name: props.name,
      description: props.description,
      distributedVirtualSwitchUuid: props.switchUuid,
      vlanId: props.vlanId,
      type: "earlyBinding",
      autoExpand: true,
      allowPromiscuous: false,
      allowMacChanges: false,
      allowForgedTransmits: false,
      securityPolicyOverrideAllowed: false,
      vlanOverrideAllowed: false,
      shapingOverrideAllowed: false,
      lifecycle: { preventDestroy: props.protectFromDestroy ?? true },
      ...(bitsPerSecond === undefined
        ? {}
        : {
            egressShapingEnabled: true,
            egressShapingAverageBandwidth: bitsPerSecond,
            egressShapingPeakBandwidth: bitsPerSecond,
            egressShapingBurstSize: Math.round(bitsPerSecond / 8),
          }),
    });
    this.portGroupId = portGroup.id;
    this.name = props.name;
    this.vlanId = props.vlanId;
  }
}
