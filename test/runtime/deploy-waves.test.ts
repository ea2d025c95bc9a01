/**
 * A selection of stacks is deployed in waves (#20): shared stacks before
 * tenant stacks before site stacks, also when the stack in between is left
 * out, and stacks that do not depend on each other side by side.
 */
import { deployWaves, runWaves, stackDependencies } from "../../runtime/deploy-waves";
import { defaultDocument, envFrom, synthToDir } from "../helpers";

// The shape of the default environment's manifest: platform; network and images on it; the tenant on
// all three (its servers are cloned from the library); each site on platform, its tenant and images.
const DEPENDENCIES = new Map<string, readonly string[]>([
  ["platform", []],
  ["network", ["platform"]],
  ["images", ["platform"]],
  ["tenant-a", ["images", "network", "platform"]],
  ["tenant-b", ["images", "network", "platform"]],
  ["site-a-1", ["images", "platform", "tenant-a"]],
  ["site-a-2", ["images", "platform", "tenant-a"]],
  ["site-b-1", ["images", "platform", "tenant-b"]],
]);

describe("deploy waves", () => {
  test("every stack: shared, then network and images, then tenants, then sites", () => {
    expect(deployWaves(DEPENDENCIES, [...DEPENDENCIES.keys()])).toEqual([
      ["platform"],
      ["images", "network"],
      ["tenant-a", "tenant-b"],
      ["site-a-1", "site-a-2", "site-b-1"],
    ]);
  });

  test("a tenant and its sites: the tenant first, its sites side by side", () => {
    expect(deployWaves(DEPENDENCIES, ["site-a-2", "tenant-a", "site-a-1"])).toEqual([["tenant-a"], ["site-a-1", "site-a-2"]]);
  });

  test("a dependency through a stack left out still orders the selection", () => {
    // site-a-1 needs tenant-a, which needs network: network first although tenant-a is not deployed now.
    expect(deployWaves(DEPENDENCIES, ["site-a-1", "network"])).toEqual([["network"], ["site-a-1"]]);
  });

  test("stacks that do not depend on each other form one wave", () => {
    expect(deployWaves(DEPENDENCIES, ["site-b-1", "site-a-1", "images"])).toEqual([["images"], ["site-a-1", "site-b-1"]]);
    expect(deployWaves(DEPENDENCIES, ["tenant-b", "tenant-a", "network", "images"])).toEqual([
      ["images", "network"],
      ["tenant-a", "tenant-b"],
    ]);
  });

  test("a cycle is refused", () => {
    const cyclic = new Map<string, readonly string[]>([
      ["a", ["b"]],
      ["b", ["a"]],
    ]);
    expect(() => deployWaves(cyclic, ["a"])).toThrow(/cycle/);
  });

  test("the dependencies come from the synthesised manifest", () => {
    const outdir = synthToDir(envFrom(defaultDocument()));
    const dependencies = stackDependencies(outdir);
    expect(dependencies.get("platform")).toEqual([]);
    expect(dependencies.get("tenant-kreis-dithmarschen")).toEqual(["images", "network", "platform"]);
    const sites = [...dependencies.keys()].filter((s) => s.startsWith("site-")).sort();
    expect(sites.length).toBe(5);
    expect(deployWaves(dependencies, ["tenant-kreis-dithmarschen", ...sites])).toEqual([["tenant-kreis-dithmarschen"], sites]);
  });
});

describe("running waves", () => {
  test("one after another, each announced; a failed wave stops the ones after it and names their stacks", async () => {
    const said: string[] = [];
    const ran: string[] = [];
    const waves = [["platform"], ["images", "network"], ["tenant-a"], ["site-a-1"]];
    const result = await runWaves(
      waves,
      (line) => said.push(line),
      async (wave) => {
        ran.push(wave.join("+"));
        return !wave.includes("network");
      },
    );
    expect(ran).toEqual(["platform", "images+network"]);
    expect(said).toEqual(["wave 1/4: platform", "wave 2/4: images, network"]);
    expect(result).toEqual({ failedWave: 2, notRun: ["tenant-a", "site-a-1"] });
  });

  test("a single wave is not announced; all succeeding leaves nothing not run", async () => {
    const said: string[] = [];
    expect(
      await runWaves(
        [["a", "b"]],
        (l) => said.push(l),
        async () => true,
      ),
    ).toEqual({ notRun: [] });
    expect(said).toEqual([]);
  });
});
