import { Construct } from "constructs";
import { VlanPortGroup } from "./vlan-port-group";
import { DestroyProtectionProps } from "./protection";

export interface SiteNetworkLinkProps extends DestroyProtectionProps {
  readonly switchUuid: string;
  /** Port group name, e.g. `pg-di-meldorf-1`. */
  readonly name: string;
  readonly vlanId: number;
  /** Subnet of the site, for documentation on the port group. */
  readonly cidr: string;
  /** Bandwidth of the site's WAN link in Mbit/s; egress to the site is shaped to it. */
  readonly linkMbps: number;
  /** Town of the site (Standort), e.g. `Meldorf`. */
  readonly town: string;
}

/**
 * The data-centre end of one site's WAN link: the site's desktops sit on a
 * locked-down VLAN port group whose egress is shaped to the link bandwidth.
 */
export class SiteNetworkLink extends Construct {
  public readonly portGroupId: string;
  public readonly vlanId: number;

  constructor(scope: Construct, id: string, props: SiteNetworkLinkProps) {
    super(scope, id);
    const portGroup = new VlanPortGroup(this, "default", {
      switchUuid: props.switchUuid,
      name: props.name,
      vlanId: props.vlanId,
      egressMbps: props.linkMbps,
      description: `${props.town}: ${props.cidr}, ${props.linkMbps} Mbit/s`,
      protectFromDestroy: props.protectFromDestroy,
    });
    this.portGroupId = portGroup.portGroupId;
    this.vlanId = props.vlanId;
  }
}
