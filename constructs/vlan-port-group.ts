import { Construct } from "constructs";
import { DistributedPortGroup } from "@cdktf/provider-vsphere/lib/distributed-port-group";
import { inRange, showRange, VLAN_RANGE } from "../domain/ranges";
import { DestroyProtectionProps, protectedLifecycle } from "./protection";

export interface VlanPortGroupProps extends DestroyProtectionProps {
  readonly switchUuid: string;
  readonly name: string;
  /** 802.1Q VLAN id in `VLAN_RANGE`, 2..4094 (no native VLAN 1, no trunking, no guest tagging). */
  readonly vlanId: number;
  /**
   * Egress traffic shaping average bandwidth in Mbit/s; peak is the same,
   * burst one second of it.
   * @default no shaping
   */
  readonly egressMbps?: number;
  /** @default none */
  readonly description?: string;
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
    if (!inRange(VLAN_RANGE, props.vlanId)) {
      throw new Error(`VlanPortGroup ${props.name}: VLAN ${props.vlanId} is outside ${showRange(VLAN_RANGE)}`);
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
      lifecycle: protectedLifecycle(props),
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
