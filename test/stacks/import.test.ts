/** Taking over an existing VM: `importFrom` on a workload becomes a Terraform import block for its VM, nothing else. */
import { envFrom, problemsOf, smallDocument, stackJson, synthToDir } from "../helpers";

const PATH = "/LAB/vm/altbestand/kasse-alt";

describe("importing an existing VM into code", () => {
  test("importFrom adds one import block for the workload's VM and changes nothing else in the stack", () => {
    const plain = stackJson(synthToDir(envFrom(smallDocument())), "tenant-gemeinde-a");
    const doc = smallDocument();
    doc.tenants[0].workloads[0].importFrom = PATH;
    const imported = stackJson(synthToDir(envFrom(doc)), "tenant-gemeinde-a");

    expect(imported.import).toEqual([{ to: "vsphere_virtual_machine.workloads_kasse_vm", id: PATH }]);
    expect(plain.import).toBeUndefined();
    expect(imported["//"].metadata.imports).toEqual({ vsphere_virtual_machine: ["workloads_kasse_vm"] });
    delete imported.import;
    delete imported["//"].metadata.imports;
    expect(imported).toEqual(plain);
  });

  test("rejects an importFrom that is not a VM inventory path", () => {
    const doc = smallDocument();
    doc.tenants[0].workloads[0].importFrom = "kasse-alt";
    expect(problemsOf(doc)).toEqual([
      'config/test.yaml:65:9: tenants[0].workloads[0].importFrom: "kasse-alt" is not a VM inventory path: /<datacenter>/vm/<folder>/<vm name>',
    ]);
  });
});
