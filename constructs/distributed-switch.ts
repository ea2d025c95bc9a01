import { Construct } from "constructs";
import { DistributedVirtualSwitch } from "@cdktf/provider-vsphere/lib/distributed-virtual-switch";
import { DestroyProtectionProps, protectedLifecycle } from "./protection";

export interface DistributedSwitchProps extends DestroyProtectionProps {
  readonly datacenterId: string;
  readonly name: string;
  /** Uplink names, in order; all are active. */
  readonly uplinks: readonly string[];
  /** Maximum MTU in bytes. @default 1500 */
  readonly mtu?: number;
  /** ESXi hosts that join the switch. */
  readonly hostIds: readonly string[];
  /** Physical NICs of every host bound to the uplinks, one per uplink. */
  readonly hostNics: readonly string[];
}

/**
 * The one distributed switch of the RZ. Its default port policy rejects
 * promiscuous mode, MAC changes and forged transmits, and port groups may
 * not override it.
 */
export class DistributedSwitch extends Construct {
  public readonly switchUuid: string;

  constructor(scope: Construct, id: string, props: DistributedSwitchProps) {
    super(scope, id);
    const dvs = new DistributedVirtualSwitch(this, "default", {
      datacenterId: props.datacenterId,
      name: props.name,
      uplinks: [...props.uplinks],
      activeUplinks: [...props.uplinks],
      standbyUplinks: [],
      maxMtu: props.mtu ?? 1500,
      allowPromiscuous: false,
      allowMacChanges: false,
      allowForgedTransmits: false,
      lifecycle: protectedLifecycle(props),
      host: props.hostIds.map((hostSystemId) => ({ hostSystemId, devices: [...props.hostNics] })),
    });
    this.switchUuid = dvs.id;
  }
}
