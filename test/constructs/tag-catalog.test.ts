import { TerraformOutput, Testing } from "cdktf";
import { Tag } from "@cdktf/provider-vsphere/lib/tag";
import { TagCategory } from "@cdktf/provider-vsphere/lib/tag-category";
import { CatalogTag, TagCatalog, TagKind } from "../../constructs/tag-catalog";
import { VsphereStack } from "../../stacks/vsphere-stack";
import { onlyResource, ROOT } from "../helpers";

/** A stack as the environment builds them: its logical ids are the construct path, the addresses in the deployed state. */
const vsphereStack = (name: string) =>
  new VsphereStack(Testing.stubVersion(Testing.app()), name, {
    vcenterServer: "vcenter.lab.example",
    state: { type: "local", directory: "terraform-state" },
    projectRoot: ROOT,
  });

const KINDS = [TagKind.TENANT, TagKind.SITE, TagKind.ROLE, TagKind.IMAGE_VERSION, TagKind.WAVE];

describe("TagCatalog", () => {
  test("has one category per kind: tenant, site, role, image-version, wave", () => {
    expect(Object.values(TagKind)).toEqual(["tenant", "site", "role", "image-version", "wave"]);
    const synth = Testing.synthScope((scope) => new TagCatalog(scope, "tags"));
    expect(Object.keys(JSON.parse(synth).resource)).toEqual(["vsphere_tag_category"]);
    for (const kind of KINDS) {
      expect(synth).toHaveResourceWithProperties(TagCategory, {
        name: `rz-${kind}`,
        description: `rz-dithmarschen: ${kind} of a virtual machine`,
      });
    }
  });

  test("classifies virtual machines only, one tag per category and VM", () => {
    const synth = Testing.synthScope((scope) => new TagCatalog(scope, "tags"));
    const categories = Object.values(JSON.parse(synth).resource.vsphere_tag_category);
    expect(categories).toHaveLength(5);
    for (const category of categories) expect(category).toMatchObject({ cardinality: "SINGLE", associable_types: ["VirtualMachine"] });
  });

  test("prefixes the category names with rz unless another prefix is given, so several platforms can share a vCenter", () => {
    const synth = Testing.synthScope((scope) => new TagCatalog(scope, "tags", { prefix: "lab" }));
    expect(synth).toHaveResourceWithProperties(TagCategory, { name: "lab-tenant" });
    expect(synth).toHaveResourceWithProperties(TagCategory, { name: "lab-image-version" });
    expect(synth).not.toHaveResourceWithProperties(TagCategory, { name: "rz-tenant" });
  });

  test("addresses each category as <catalog id>_<kind> in a stack of the environment", () => {
    const stack = vsphereStack("platform");
    new TagCatalog(stack, "tag-catalog");
    expect(Object.keys(JSON.parse(Testing.synth(stack)).resource.vsphere_tag_category).sort()).toEqual([
      "tag-catalog_image-version",
      "tag-catalog_role",
      "tag-catalog_site",
      "tag-catalog_tenant",
      "tag-catalog_wave",
    ]);
  });

  test("gives each kind's category id to the constructs that create tags in it", () => {
    const stack = vsphereStack("platform");
    const catalog = new TagCatalog(stack, "tag-catalog");
    for (const kind of KINDS) new TerraformOutput(stack, kind, { value: catalog.categoryId(kind) });
    const output = JSON.parse(Testing.synth(stack)).output;
    for (const kind of KINDS) expect(output[kind].value).toBe(`\${vsphere_tag_category.tag-catalog_${kind}.id}`);
  });

  test("fails when asked for a category it does not have", () => {
    Testing.synthScope((scope) => {
      const catalog = new TagCatalog(scope, "tags");
      expect(() => catalog.categoryId("owner" as TagKind)).toThrow("no tag category for owner");
      return catalog;
    });
  });
});

describe("CatalogTag", () => {
  test("is a tag of the given name in the given category", () => {
    const synth = Testing.synthScope(
      (scope) => new CatalogTag(scope, "tag", { categoryId: "urn:category-1", name: "meldorf-1", description: "Meldorf 1" }),
    );
    expect(synth).toHaveResourceWithProperties(Tag, { category_id: "urn:category-1", name: "meldorf-1", description: "Meldorf 1" });
  });

  test("has no description unless one is given", () => {
    const synth = Testing.synthScope((scope) => new CatalogTag(scope, "tag", { categoryId: "urn:category-1", name: "wave-2" }));
    expect(onlyResource(synth, "vsphere_tag")).toEqual({ category_id: "urn:category-1", name: "wave-2" });
  });

  test("is addressed by its construct id alone and gives its tag id to the VMs that carry it", () => {
    const stack = vsphereStack("tenant");
    const tag = new CatalogTag(stack, "site-tag", { categoryId: "urn:category-1", name: "heide" });
    new TerraformOutput(stack, "tag-id", { value: tag.tagId });
    const synth = JSON.parse(Testing.synth(stack));
    expect(Object.keys(synth.resource.vsphere_tag)).toEqual(["site-tag"]);
    expect(synth.output["tag-id"].value).toBe("${vsphere_tag.site-tag.id}");
  });
});
