import { Construct } from "constructs";
import { ComputeClusterVmAntiAffinityRule } from "@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule";

export interface AntiAffinityGroupProps {
  readonly clusterId: string;
  /** Rule name in vCenter. */
  readonly name: string;
  /** VMs that must never share a host; at least two. */
  readonly virtualMachineIds: readonly string[];
}

/** A DRS rule that keeps VMs (e.g. the nodes of a clustered application) on different hosts. */
export class AntiAffinityGroup extends Construct {
  constructor(scope: Construct, id: string, props: AntiAffinityGroupProps) {
    super(scope, id);
    if (props.virtualMachineIds.length < 2) {
      throw new Error(`AntiAffinityGroup ${props.name}: needs at least two VMs, got ${props.virtualMachineIds.length}`);
    }
    new ComputeClusterVmAntiAffinityRule(this, "default", {
      computeClusterId: props.clusterId,
      name: props.name,
      virtualMachineIds: [...props.virtualMachineIds],
      enabled: true,
      mandatory: true,
    });
  }
}
