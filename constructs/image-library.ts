import { Construct } from "constructs";
import { ContentLibrary as VsphereContentLibrary } from "@cdktf/provider-vsphere/lib/content-library";
import { DestroyProtectionProps, protectedLifecycle } from "./protection";

export interface ImageLibraryProps extends DestroyProtectionProps {
  readonly name: string;
  /** Datastores that back the library. */
  readonly datastoreIds: readonly string[];
  /** @default none */
  readonly description?: string;
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
      lifecycle: protectedLifecycle(props),
    }).id;
  }
}
