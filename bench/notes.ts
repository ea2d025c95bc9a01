/**
 * The closing section of docs/benchmarks.md: the targets, what changed and what bounds the numbers
 * (from `node --cpu-prof` on dist/); kept in code so every regenerated report says it.
 */
export const NOTES: string[] = [
  "## What the targets are and what bounds them",
  "",
  "Targets of issue #20 (those of #8, plus parse and validation): full synth ≤ 1.3 × floor at 1, 10 and 100 tenants; one-tenant synth " +
    "at 100 tenants ≤ 1.5 × at 1 tenant; peak memory ≤ 1.3 × floor; the 100-tenant file parsed and validated in ≤ 0.2 s CPU; drift of " +
    "the 3-tenant environment ≥ 1.5 × faster in parallel than one stack at a time, with identical findings. Compare the ratio columns " +
    "with them; where the wall-time and CPU-time ratios disagree, other load on the machine moved the wall times.",
  "",
  "What #20 changed (in-process CPU times from `node --cpu-prof` and `process.cpuUsage` on dist/, the generated 100-tenant file, 400 KB):",
  "",
  "- Reading the file: the generated files share objects, which `yaml`'s `stringify` writes as about 1,300 anchors and aliases; the " +
    "hostile-input checks resolved each alias by walking the whole document (`Alias.resolve`), about 15 s at 100 tenants. A fast " +
    "reader for the plain subset environment files use (`config/fast-yaml.ts`: block maps and lists, one-line flow collections and " +
    "scalars, anchors, aliases; scalars resolved by the `yaml` package's own core-schema tags) reads it in about 0.06–0.08 s and " +
    "answers only where the precise path would give the same value without a problem; every other file, every bad one included, is " +
    "read by the `yaml` Document as before, so problems and positions come from there (`test/config/fast-path.test.ts` compares " +
    "both on handwritten, value-mutated and text-mutated files). The precise path finds alias targets in one walk now (a bad " +
    "100-tenant file: 16 s → 1 s).",
  "- Validation: the capacity rule listed every tenant's demand once per cluster (quadratic; 0.09 s at 100 tenants, now under 0.01 s); " +
    "the schema's second text-policy walk is skipped for values read from a file (both readers apply the same policy to every key and " +
    "scalar while reading).",
  "- Earlier (#8): one `terraform version` per process instead of one per site stack, one preparation and one Terraform JSON per " +
    "stack shared by the compliance pack and synth, and partial synths that build the shared stacks with the selected tenants only.",
  "- A cache of validated environments (`config/cache.ts`): cold, in a fresh process, parse and validation stay at about 0.25–0.35 s " +
    "CPU at 100 tenants whatever the reader (zod's and the rules' first-call costs below), above the 0.2 s target. Operators run " +
    "several commands on one file (synth, then `cdktf deploy`, which synthesises again, report, drift, capacity), so a file that " +
    "validated is kept as its validated result, keyed by a SHA-256 over the text, the validation code (every file of config/ and " +
    "domain/ as loaded) and the yaml and zod versions; only valid files are kept, so every problem still comes from a full parse. The " +
    "second command reads it in about 0.01 s. The table shows both: *cached* for the second and later commands, *not cached* for a " +
    "command's first read of a file (`RZ_CONFIG_CACHE=off`).",
  "- Drift and every engine command: OpenTofu's pbkdf2 key provider derives the state key for every state, plan file and remote " +
    "state it reads or writes, at 600,000 iterations of HMAC-SHA-512 by default (OWASP's figure for SHA-256); that was most of an " +
    "`init` (2.0 s of 2.1 s CPU for a site stack) and of the CPU that bounds parallel plans on 2 cores. The stacks now use OWASP's " +
    "figure for SHA-512, 210,000 (`init` 0.5 s CPU); states keep their own count for reading.",
  "",
  "What bounds the rest:",
  "",
  "- *parse + validate*: zod's schema parse, cold in a fresh process, about 0.10–0.13 s at 100 tenants (2,000 objects; about a third " +
    "of it garbage collection and first-call compilation), the cross-field rules about 0.06 s (address, network and rollout rules, " +
    "the first use of ICU's collator for version order), the fast reader 0.06–0.08 s with the text policy on every string.",
  "- *full / floor*: the floor reads JSON and builds a few attributes per resource. The product also parses and validates, loads more " +
    "modules (yaml, zod, constructs, rules: about 70 ms) and synthesises resources with more attributes (hardening, tags, lifecycle), " +
    "which cdktf resolves twice (prepare and synth) like the floor's; the compliance rules are under 100 ms at 10 tenants. At 1 tenant " +
    "the fixed costs dominate; at 100 the per-resource work does.",
  "- *one tenant at 100 / at 1*: the selected stacks and the pruned shared stacks do not grow with other tenants; the whole file is " +
    "still read and validated (or read from the cache) so that a partial synth reports exactly the errors a full synth does, which is " +
    "the difference.",
  "- *drift in parallel*: each stack's check starts the engine three times (init, plan, show), the provider for the plan and for " +
    "`show -json`'s schemas, and derives the state key several times; the simulator answers every stack's refresh in one process. " +
    "With 2 cores, that CPU, not waiting on vCenter, bounds how far more plans at once help.",
  "",
];
