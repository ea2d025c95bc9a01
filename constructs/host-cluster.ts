import { Construct } from "constructs";
import { ComputeCluster } from "@cdktf/provider-vsphere/lib/compute-cluster";
import { Host } from "@cdktf/provider-vsphere/lib/host";
import { hostConstructId } from "../domain/names";
import { DrsAutomationLevel, LockdownMode } from "../domain/vsphere";
import { DestroyProtectionProps, protectedLifecycle } from "./protection";

export interface ClusterHostProps {
  /** Host name as vCenter registers it (FQDN). */
  readonly hostname: string;
  /**
   * SHA-1 thumbprint of the host's certificate.
   * @default none: vCenter must trust the host certificate
   */
  readonly thumbprint?: string;
}

export interface HostClusterProps extends DestroyProtectionProps {
  readonly datacenterId: string;
  /** Cluster name in vCenter. */
  readonly name: string;
  readonly hosts: readonly ClusterHostProps[];
  /** User vCenter uses to add the hosts. @default "root" */
  readonly hostUser?: string;
  /** Host password: pass a reference to a sensitive variable, never a literal. */
  readonly hostPassword: string;
  /** Host failures HA keeps capacity for (admission control). @default 1 */
  readonly hostFailuresTolerated?: number;
  /** @default DrsAutomationLevel.FULLY_AUTOMATED */
  readonly drsAutomationLevel?: DrsAutomationLevel;
  /** @default LockdownMode.NORMAL */
  readonly lockdownMode?: LockdownMode;
  /** NTP servers of every host. @default no NTP configured by this construct */
  readonly ntpServers?: readonly string[];
}

/**
 * A vSphere HA/DRS cluster with its ESXi hosts (its shared datastore is an
 * {@link NfsDatastore} mounted on `hostIds`).
 * HA is on with admission control reserving `hostFailuresTolerated` hosts;
 * DRS is on; hosts are in lockdown mode.
 */
export class HostCluster extends Construct {
  public readonly clusterId: string;
  /** Root resource pool of the cluster. */
  public readonly resourcePoolId: string;
  public readonly hostIds: string[];
  public readonly name: string;

  constructor(scope: Construct, id: string, props: HostClusterProps) {
    super(scope, id);
    this.name = props.name;
    const cluster = new ComputeCluster(this, "cluster", {
      name: props.name,
      datacenterId: props.datacenterId,
      hostManaged: true,
      haEnabled: true,
      haHostMonitoring: "enabled",
      haAdmissionControlPolicy: "resourcePercentage",
      haAdmissionControlHostFailureTolerance: props.hostFailuresTolerated ?? 1,
      haAdmissionControlResourcePercentageAutoCompute: true,
      haVmRestartPriority: "medium",
      drsEnabled: true,
      drsAutomationLevel: props.drsAutomationLevel ?? DrsAutomationLevel.FULLY_AUTOMATED,
      forceEvacuateOnDestroy: true,
      // host_managed: the hosts join through vsphere_host's cluster, so the cluster never manages host_system_ids.
      // An imported cluster (npm run adopt) has them in state: planning them away would move every host out.
      lifecycle: { ...protectedLifecycle(props), ignoreChanges: ["host_system_ids"] },
    });
    this.clusterId = cluster.id;
    this.resourcePoolId = cluster.resourcePoolId;

    const hostsScope = new Construct(this, "hosts");
    const hosts = props.hosts.map(
      (host) =>
        new Host(hostsScope, hostConstructId(host.hostname), {
          hostname: host.hostname,
          username: props.hostUser ?? "root",
          password: props.hostPassword,
          thumbprint: host.thumbprint,
          cluster: cluster.id,
          connected: true,
          maintenance: false,
          lockdown: props.lockdownMode ?? LockdownMode.NORMAL,
          lifecycle: protectedLifecycle(props),
          services: props.ntpServers?.length ? [{ ntpd: { enabled: true, policy: "on", ntpServers: [...props.ntpServers] } }] : undefined,
        }),
    );
    this.hostIds = hosts.map((h) => h.id);
  }
}
