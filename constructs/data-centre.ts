import { Construct } from "constructs";
import { Datacenter as VsphereDatacenter } from "@cdktf/provider-vsphere/lib/datacenter";
import { DestroyProtectionProps, protectedLifecycle } from "./protection";

export interface DataCentreProps extends DestroyProtectionProps {
  /** Name of the vSphere datacenter, e.g. `RZ-Nord`. */
  readonly name: string;
}

/** The vSphere datacenter object that holds clusters, networks and VMs of the RZ. */
export class DataCentre extends Construct {
  /** Managed object id of the datacenter. */
  public readonly datacenterId: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: DataCentreProps) {
    super(scope, id);
    const datacenter = new VsphereDatacenter(this, "default", {
      name: props.name,
      lifecycle: protectedLifecycle(props),
    });
    this.datacenterId = datacenter.moid;
    this.name = props.name;
  }
}
