import { Testing } from "cdktf";
import { Datacenter } from "@cdktf/provider-vsphere/lib/datacenter";
import { DataCentre } from "../../constructs/data-centre";
import { onlyResource } from "../helpers";

describe("DataCentre", () => {
  test("is the named vSphere datacenter, protected from destroy unless switched off", () => {
    const synth = Testing.synthScope((scope) => new DataCentre(scope, "datacenter", { name: "RZ-Nord" }));
    expect(synth).toHaveResourceWithProperties(Datacenter, { name: "RZ-Nord", lifecycle: { prevent_destroy: true } });
    const open = Testing.synthScope((scope) => new DataCentre(scope, "datacenter", { name: "LAB", protectFromDestroy: false }));
    expect(onlyResource(open, "vsphere_datacenter").lifecycle).toEqual({ prevent_destroy: false });
  });
});
