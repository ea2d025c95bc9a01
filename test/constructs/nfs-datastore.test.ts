import { Testing } from "cdktf";
import { NasDatastore } from "@cdktf/provider-vsphere/lib/nas-datastore";
import { NfsDatastore } from "../../constructs/nfs-datastore";
import { onlyResource } from "../helpers";

const datastore = (extra: object = {}) =>
  Testing.synthScope(
    (scope) =>
      new NfsDatastore(scope, "datastore", {
        name: "ds",
        hostIds: ["host-1", "host-2"],
        remoteHosts: ["nas.example"],
        remotePath: "/vol/c1",
        ...extra,
      }),
  );

describe("NfsDatastore", () => {
  test("mounts the NFS 4.1 export read-write on every given host", () => {
    expect(datastore()).toHaveResourceWithProperties(NasDatastore, {
      name: "ds",
      host_system_ids: ["host-1", "host-2"],
      type: "NFS41",
      remote_hosts: ["nas.example"],
      remote_path: "/vol/c1",
      access_mode: "readWrite",
    });
  });

  test("is protected from destroy unless switched off", () => {
    expect(onlyResource(datastore(), "vsphere_nas_datastore").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(datastore({ protectFromDestroy: false }), "vsphere_nas_datastore").lifecycle).toEqual({ prevent_destroy: false });
  });
});
