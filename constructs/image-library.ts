import { Construct } from "constructs";
import { ContentLibrary as VsphereContentLibrary } from "@cdktf/provider-vsphere/lib/content-library";

export interface ImageLibraryProps {
  readonly name: string;
  /** Datastores that back the library. */
  readonly datastoreIds: readonly string[];
  /** @default none */
  readonly description?: string;
  /** Refuse to destroy this (Terraform `prevent_destroy`); only test environments turn it off. @default true */
  readonly protectFromDestroy?: boolean;
}

/** The local content library that holds the golden images, one item per image version. */
export class ImageLibrary extends Construct {
  public readonly libraryId: string;

  constructor(scope: Construct, id: string, props: ImageLibraryProps) {
    super(scope, id);
    this.libraryId = new VsphereContentLibrary(this, "default", {
      name: props.name,
      description: props.description,
      storageBacking: [...props.datastoreIds],
      lifecycle: { preventDestroy: props.protectFromDestroy ?? true },
    }).id;
  }
}
