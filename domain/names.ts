/**
 * Names that both the configuration's derivations and the constructs build.
 * A leaf module: it imports nothing.
 */

/** The key of one image version, `<image id>@<version>`: library lookups, version tags, the desktops' image pin. */
export function imageKey(imageId: string, version: string): string {
  return `${imageId}@${version}`;
}

/** The version part of an image key (`verwaltung-standard@2026.11` → `2026.11`), if the name is one. */
export function versionOfImageKey(name: string): string | undefined {
  const at = name.indexOf("@");
  return at < 0 ? undefined : name.slice(at + 1);
}

/**
 * A construct id as it appears in a Terraform logical id: every character
 * outside `A-Za-z0-9_-` becomes `-` (`2026.11` → `2026-11`). Distinct config
 * values can map to the same part; config/rules.ts refuses such collisions.
 */
export function logicalIdPart(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "-");
}

/** The construct id of an ESXi host: its name with dots as hyphens (`esx-01.rz.example` → `esx-01-rz-example`). */
export function hostConstructId(hostname: string): string {
  return hostname.replace(/\./g, "-");
}

/** The construct id of one image version's library item below the `images` scope: `<image id>_<version>`. */
export function libraryItemConstructId(imageId: string, version: string): string {
  return `${imageId}_${version}`;
}
