/**
 * The passphrases the synthesised stacks encrypt their state and plans with
 * (OpenTofu's pbkdf2 key providers, `${var.<name>}` read from
 * `TF_VAR_<name>`), checked before any engine runs: without one the engine
 * prints four errors per stack about a "static value" it cannot compute; this
 * says in one line which variable is missing and where it is documented.
 * A wrong passphrase is the engine's to find (it cannot be known without
 * decrypting): it stops at the first state with "decryption failed".
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** OpenTofu's pbkdf2 key provider refuses shorter passphrases. */
export const MINIMUM_PASSPHRASE_LENGTH = 16;

/** The `TF_VAR_*` names the selected stacks' key providers read, sorted. */
export function passphraseVariables(outdir: string, stacks: readonly string[]): string[] {
  const names = new Set<string>();
  for (const stack of stacks) {
    const file = path.join(outdir, "stacks", stack, "cdk.tf.json");
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as {
      terraform?: { encryption?: { key_provider?: { pbkdf2?: Record<string, { passphrase?: string }> } } };
    };
    for (const provider of Object.values(json.terraform?.encryption?.key_provider?.pbkdf2 ?? {})) {
      const match = /^\$\{var\.(\w+)\}$/.exec(provider.passphrase ?? "");
      if (match) names.add(`TF_VAR_${match[1]}`);
    }
  }
  return [...names].sort();
}

/** One line per passphrase that is not set or too short for the engine; empty when all are usable. */
export function passphraseProblems(outdir: string, stacks: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return passphraseVariables(outdir, stacks).flatMap((name) => {
    const value = env[name];
    const where = `the stacks encrypt their state and plans with it (docs/operations.md, "State and plan encryption")`;
    if (value === undefined || value === "") return [`${name} is not set: ${where}; nothing was run`];
    if ([...value].length < MINIMUM_PASSPHRASE_LENGTH)
      return [
        `${name} has ${[...value].length} characters, fewer than the ${MINIMUM_PASSPHRASE_LENGTH} OpenTofu requires; nothing was run`,
      ];
    return [];
  });
}
