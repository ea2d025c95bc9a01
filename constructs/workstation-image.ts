import { Construct } from "constructs";
import { ContentLibraryItem } from "@cdktf/provider-vsphere/lib/content-library-item";
import { CatalogTag } from "./tag-catalog";
import { GuestOs, guestIdOf, isWindows } from "../domain/vsphere";
import { imageKey } from "../domain/names";

/** The fixed hardware profile every desktop of an image gets. */
export interface HardwareProfile {
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly diskGiB: number;
}

export interface WorkstationImageProps {
  readonly libraryId: string;
  /** Image id, e.g. `verwaltung-standard`. */
  readonly imageId: string;
  readonly displayName: string;
  readonly os: GuestOs;
  /** Patch level, e.g. `2026.11`. */
  readonly version: string;
  readonly hardware: HardwareProfile;
  /** Where the image's OVF is published (the build pipeline's output). */
  readonly ovfUrl: string;
  /** Category of the image-version tags. */
  readonly versionTagCategoryId: string;
  /**
   * The item exists already and is taken over (npm run adopt): vCenter does not report the URL an item was
   * read from, so the item keeps whatever it holds and a different `ovfUrl` does not rebuild it (without
   * this, taking it over would replace it).
   * @default false
   */
  readonly adopted?: boolean;
}

/**
 * One version of a standardised workstation image: a content library item
 * imported from the image pipeline's OVF, the hardware profile its desktops
 * get, and a tag `<image>@<version>` every desktop cloned from it carries.
 */
export class WorkstationImage extends Construct {
  /** Id of the content library item desktops are cloned from. */
  public readonly libraryItemId: string;
  public readonly versionTagId: string;
  public readonly imageId: string;
  public readonly version: string;
  public readonly os: GuestOs;
  /** vSphere guest id of the image's operating system. */
  public readonly guestId: string;
  public readonly isWindows: boolean;
  public readonly hardware: HardwareProfile;

  constructor(scope: Construct, id: string, props: WorkstationImageProps) {
    super(scope, id);
    this.imageId = props.imageId;
    this.version = props.version;
    this.os = props.os;
    this.guestId = guestIdOf(props.os);
    this.isWindows = isWindows(props.os);
    this.hardware = props.hardware;
    const itemName = `${props.imageId}-${props.version}`;
    this.libraryItemId = new ContentLibraryItem(this, "item", {
      libraryId: props.libraryId,
      name: itemName,
      description: `${props.displayName}, patch level ${props.version}`,
      type: "ovf",
      fileUrl: props.ovfUrl,
      lifecycle: props.adopted ? { ignoreChanges: ["file_url"] } : undefined,
    }).id;
    this.versionTagId = new CatalogTag(this, "version-tag", {
      categoryId: props.versionTagCategoryId,
      name: imageKey(props.imageId, props.version),
      description: `${props.displayName} ${props.version}`,
    }).tagId;
  }
}
