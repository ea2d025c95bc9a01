import { Construct } from "constructs";
import { TagCategory } from "@cdktf/provider-vsphere/lib/tag-category";
import { Tag } from "@cdktf/provider-vsphere/lib/tag";

/** The tag categories every VM of the platform is classified by. */
export enum TagKind {
  /** Gebietskörperschaft that owns the VM. */
  TENANT = "tenant",
  /** Standort of a desktop. */
  SITE = "site",
  /** Role of a VM: desktop or application server. */
  ROLE = "role",
  /** Golden image and version a desktop was cloned from. */
  IMAGE_VERSION = "image-version",
  /** Rollout wave of a desktop. */
  WAVE = "wave",
}

export interface TagCatalogProps {
  /** Prefix of the category names, so several platforms can share a vCenter. @default "rz" */
  readonly prefix?: string;
}

/**
 * One single-cardinality tag category per {@link TagKind}. Tags themselves
 * are created by the construct that owns the concept ({@link CatalogTag}).
 */
export class TagCatalog extends Construct {
  private readonly categoryIds = new Map<TagKind, string>();

  constructor(scope: Construct, id: string, props: TagCatalogProps = {}) {
    super(scope, id);
    const prefix = props.prefix ?? "rz";
    for (const kind of Object.values(TagKind)) {
      const category = new TagCategory(this, kind, {
        name: `${prefix}-${kind}`,
        description: `rz-dithmarschen: ${kind} of a virtual machine`,
        cardinality: "SINGLE",
        associableTypes: ["VirtualMachine"],
      });
      this.categoryIds.set(kind, category.id);
    }
  }

  public categoryId(kind: TagKind): string {
    const id = this.categoryIds.get(kind);
    if (id === undefined) throw new Error(`no tag category for ${kind}`);
    return id;
  }
}

export interface CatalogTagProps {
  readonly categoryId: string;
  readonly name: string;
  /** @default none */
  readonly description?: string;
}

/** A tag in one of the {@link TagCatalog}'s categories. */
export class CatalogTag extends Construct {
  public readonly tagId: string;

  constructor(scope: Construct, id: string, props: CatalogTagProps) {
    super(scope, id);
    this.tagId = new Tag(this, "default", { categoryId: props.categoryId, name: props.name, description: props.description }).id;
  }
}
