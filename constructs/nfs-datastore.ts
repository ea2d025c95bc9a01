import { Construct } from "constructs";
import { NasDatastore } from "@cdktf/provider-vsphere/lib/nas-datastore";
import { DestroyProtectionProps, protectedLifecycle } from "./protection";

export interface NfsDatastoreProps extends DestroyProtectionProps {
  /** Datastore name in vCenter. */
  readonly name: string;
  /** Hosts that mount the datastore (every host of its cluster). */
  readonly hostIds: readonly string[];
  /** NFS servers exporting the volume. */
  readonly remoteHosts: readonly string[];
  /** Absolute export path on the NFS servers. */
  readonly remotePath: string;
}

/**
 * A shared NFS 4.1 datastore, mounted read-write on every given host.
 * It is the `vsphere_nas_datastore` resource itself (not a wrapper around
 * one), so its address is the construct's own path: placed in a cluster's
 * scope as `datastore`, it is `clusters_<cluster>_datastore`.
 */
export class NfsDatastore extends NasDatastore {
  public readonly datastoreId: string;

  constructor(scope: Construct, id: string, props: NfsDatastoreProps) {
    super(scope, id, {
      name: props.name,
      hostSystemIds: [...props.hostIds],
      type: "NFS41",
      remoteHosts: [...props.remoteHosts],
      remotePath: props.remotePath,
      accessMode: "readWrite",
      lifecycle: protectedLifecycle(props),
    });
    this.datastoreId = this.id;
  }
}
