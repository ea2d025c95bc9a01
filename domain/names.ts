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
