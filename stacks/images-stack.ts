import { Construct } from "constructs";
import { ImageLibrary } from "../constructs/image-library";
import { WorkstationImage } from "../constructs/workstation-image";
import { contentLibraryName, imageKey, imageOvfUrl, libraryItemConstructId, libraryVersions } from "../config/derive";
import { Environment } from "../config/schema";
import { adoptionKeys, importIdOf } from "../config/adoption";
import { VsphereStack, VsphereStackProps } from "./vsphere-stack";

export interface ImagesStackProps extends VsphereStackProps {
  /** Datastores backing the content library. */
  readonly libraryDatastoreIds: readonly string[];
  readonly versionTagCategoryId: string;
}

/** The content library of golden images: one item and one version tag per image version. */
export class ImagesStack extends VsphereStack {
  private readonly images = new Map<string, WorkstationImage>();

  constructor(scope: Construct, name: string, env: Environment, props: ImagesStackProps) {
    super(scope, name, props);
    const library = new ImageLibrary(this, "library", {
      name: contentLibraryName(env),
      description: `Standardised workstation images of ${env.datacenter}`,
      datastoreIds: props.libraryDatastoreIds,
      protectFromDestroy: env.protectFromDestroy,
    });
    const images = new Construct(this, "images");
    for (const image of env.images) {
      // One item per version in use: versions coexist while waves roll out, and go when no site runs them.
      for (const version of libraryVersions(env, image)) {
        const key = imageKey(image.id, version);
        const item = libraryItemConstructId(image.id, version);
        const adoptedItem = importIdOf(env, adoptionKeys.libraryItem(key));
        this.images.set(
          key,
          new WorkstationImage(images, item, {
            libraryId: library.libraryId,
            imageId: image.id,
            displayName: image.displayName,
            os: image.os,
            version,
            hardware: { cpus: image.cpus, memoryGiB: image.memoryGiB, diskGiB: image.diskGiB },
            ovfUrl: imageOvfUrl(env, { ...image, version, ovfUrl: version === image.version ? image.ovfUrl : undefined }),
            versionTagCategoryId: props.versionTagCategoryId,
            adopted: adoptedItem !== undefined,
          }),
        );
        this.importExisting(["images", item, "item"], adoptedItem);
        this.importExisting(["images", item, "version-tag", "default"], importIdOf(env, adoptionKeys.tag("image-version", key)));
      }
    }
    this.importExisting(["library", "default"], importIdOf(env, adoptionKeys.library));
  }

  public image(id: string, version: string): WorkstationImage {
    const image = this.images.get(imageKey(id, version));
    if (!image) throw new Error(`no image ${id} ${version} in the library`);
    return image;
  }
}
