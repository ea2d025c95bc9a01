/**
 * The order in which `npm run deploy` may run a selection of stacks side by
 * side: shared stacks before tenant stacks before site stacks, read from the
 * dependencies cdktf records in the synthesised `manifest.json`. cdktf keeps
 * that order itself when every stack is deployed; for a selection it needs
 * `--ignore-missing-stack-dependencies`, which also drops the order between
 * the selected stacks. So a selection is deployed in waves: each wave's stacks
 * depend on none of each other (also not through stacks left out), and every
 * stack's selected dependencies are in earlier waves.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Each stack's direct dependencies, from `<outdir>/manifest.json`. */
export function stackDependencies(outdir: string): Map<string, readonly string[]> {
  const file = path.join(outdir, "manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { stacks?: Record<string, { dependencies?: string[] }> };
  return new Map(Object.entries(manifest.stacks ?? {}).map(([name, stack]) => [name, [...(stack.dependencies ?? [])].sort()]));
}

/**
 * The selected stacks in waves, each wave sorted by name: a stack's wave is
 * one after the latest wave of any selected stack it depends on, directly or
 * through stacks that are not selected. Throws on a dependency cycle.
 */
export function deployWaves(dependencies: ReadonlyMap<string, readonly string[]>, selected: readonly string[]): string[][] {
  const chosen = new Set(selected);
  const below = new Map<string, number>();
  const visiting = new Set<string>();
  // The latest wave of any selected stack that `stack` depends on, directly or through others; -1 for none.
  const latestBelow = (stack: string): number => {
    const known = below.get(stack);
    if (known !== undefined) return known;
    if (visiting.has(stack)) throw new Error(`stack dependency cycle through ${stack}`);
    visiting.add(stack);
    let latest = -1;
    for (const dependency of dependencies.get(stack) ?? []) {
      latest = Math.max(latest, chosen.has(dependency) ? latestBelow(dependency) + 1 : latestBelow(dependency));
    }
    visiting.delete(stack);
    below.set(stack, latest);
    return latest;
  };
  const waves: string[][] = [];
  for (const stack of [...chosen].sort()) (waves[latestBelow(stack) + 1] ??= []).push(stack);
  return waves.filter((w) => w !== undefined);
}

/**
 * Run the waves one after another, announcing each (`wave 2/3: a, b`) when
 * there is more than one; a failed wave stops the ones after it, whose
 * stacks come back as `notRun`.
 */
export async function runWaves(
  waves: readonly (readonly string[])[],
  say: (line: string) => void,
  run: (wave: readonly string[], index: number) => Promise<boolean>,
): Promise<{ readonly failedWave?: number; readonly notRun: readonly string[] }> {
  for (const [i, wave] of waves.entries()) {
    if (waves.length > 1) say(`wave ${i + 1}/${waves.length}: ${wave.join(", ")}`);
    if (!(await run(wave, i))) return { failedWave: i + 1, notRun: waves.slice(i + 1).flat() };
  }
  return { notRun: [] };
}
