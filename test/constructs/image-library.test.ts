import { TerraformOutput, Testing } from "cdktf";
import { ContentLibrary } from "@cdktf/provider-vsphere/lib/content-library";
import { ImageLibrary, ImageLibraryProps } from "../../constructs/image-library";
import { VsphereStack } from "../../stacks/vsphere-stack";
import { onlyResource, ROOT } from "../helpers";

/** A stack as the environment builds them: its logical ids are the construct path, the addresses in the deployed state. */
const vsphereStack = (name: string) =>
  new VsphereStack(Testing.stubVersion(Testing.app()), name, {
    vcenterServer: "vcenter.lab.example",
    state: { type: "local", directory: "terraform-state" },
    projectRoot: ROOT,
  });

const props: ImageLibraryProps = { name: "rz-images", datastoreIds: ["datastore-1", "datastore-2"] };
const library = (extra: Partial<ImageLibraryProps> = {}) =>
  Testing.synthScope((scope) => new ImageLibrary(scope, "library", { ...props, ...extra }));

describe("ImageLibrary", () => {
  test("is a local content library of the given name backed by the given datastores", () => {
    expect(library()).toHaveResourceWithProperties(ContentLibrary, {
      name: "rz-images",
      storage_backing: ["datastore-1", "datastore-2"],
    });
  });

  test("has no description unless one is given", () => {
    expect(onlyResource(library(), "vsphere_content_library")).not.toHaveProperty("description");
    expect(library({ description: "Standardised workstation images of LAB" })).toHaveResourceWithProperties(ContentLibrary, {
      description: "Standardised workstation images of LAB",
    });
  });

  test("is one library: no subscription, no publication, nothing besides the content library", () => {
    const resource = JSON.parse(library()).resource;
    expect(Object.keys(resource)).toEqual(["vsphere_content_library"]);
    expect(Object.keys(resource.vsphere_content_library)).toHaveLength(1);
    const content = onlyResource(library(), "vsphere_content_library");
    expect(content).not.toHaveProperty("subscription");
    expect(content).not.toHaveProperty("publication");
  });

  test("is protected from destroy unless switched off", () => {
    expect(onlyResource(library(), "vsphere_content_library").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(library({ protectFromDestroy: true }), "vsphere_content_library").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(library({ protectFromDestroy: false }), "vsphere_content_library").lifecycle).toEqual({ prevent_destroy: false });
  });

  test("is addressed by its construct id alone in a stack of the environment", () => {
    const stack = vsphereStack("images");
    new ImageLibrary(stack, "library", props);
    expect(Object.keys(JSON.parse(Testing.synth(stack)).resource.vsphere_content_library)).toEqual(["library"]);
  });

  test("gives the library's id to the images that import into it", () => {
    const stack = vsphereStack("images");
    new TerraformOutput(stack, "library-id", { value: new ImageLibrary(stack, "library", props).libraryId });
    expect(JSON.parse(Testing.synth(stack)).output["library-id"].value).toBe("${vsphere_content_library.library.id}");
  });
});
