import * as fs from "node:fs";
import * as path from "node:path";

/** The reviewed provider lock file at the project root. */
export const PROVIDER_LOCK_FILE = ".terraform.lock.hcl";

/**
 * Copy the committed provider lock file into every synthesised stack, so
 * `init` in any stack accepts only the provider build whose hash reviewers
 * saw, instead of recording whatever binary it finds.
 */
export function installProviderLock(projectRoot: string, outdir: string): void {
  const lock = path.join(projectRoot, PROVIDER_LOCK_FILE);
  if (!fs.existsSync(lock)) return;
  const stacks = path.join(outdir, "stacks");
  for (const stack of fs.readdirSync(stacks)) {
    fs.copyFileSync(lock, path.join(stacks, stack, PROVIDER_LOCK_FILE));
  }
}
