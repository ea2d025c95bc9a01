import * as fs from "node:fs";
import * as path from "node:path";

/** The reviewed provider lock file at the project root. */
export const PROVIDER_LOCK_FILE = ".terraform.lock.hcl";

/**
 * The lock file synth installs into every stack: `RZ_PROVIDER_LOCK` when set
 * (a test workspace's lock for the provider build it really uses, or an
 * operator's lock for their own mirror), else the committed one.
 */
export function providerLockFile(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.RZ_PROVIDER_LOCK ? path.resolve(projectRoot, env.RZ_PROVIDER_LOCK) : path.join(projectRoot, PROVIDER_LOCK_FILE);
}

/**
 * Copy a provider lock file into every synthesised stack, so that `init` in
 * any stack checks the provider package against the versions (and checksums,
 * once recorded) reviewers saw, and cdktf does not run `providers lock`
 * against the public registry after `init`.
 */
export function installProviderLock(lockFile: string, outdir: string): void {
  if (!fs.existsSync(lockFile)) throw new Error(`provider lock ${lockFile} does not exist`);
  const stacks = path.join(outdir, "stacks");
  for (const stack of fs.readdirSync(stacks)) {
    fs.copyFileSync(lockFile, path.join(stacks, stack, PROVIDER_LOCK_FILE));
  }
}
