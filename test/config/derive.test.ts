/**
 * Derived values: computed once in config/derive.ts, and what the stacks
 * synthesise agrees with them (a second copy of a rule would disagree).
 */
import { desktopClusterId, desktopName, desktopNamePrefix, libraryCluster, siteImageKey, siteImageVersion } from "../../config/derive";
import { envFrom, smallDocument, stackJson, synthToDir } from "../helpers";

function withRollout() {
  const doc = smallDocument();
  doc.images[0].version = "2026.11";
  doc.tenants[0].sites[1].workstations.wave = 2;
  doc.rollout = [{ wave: 1, image: "standard", version: "2026.12" }];
  return envFrom(doc);
}

describe("derived values", () => {
  test("a site's image version is its wave's rollout pin, else the image's own version", () => {
    const env = withRollout();
    const [pinned, unpinned] = env.tenants[0].sites;
    expect(siteImageVersion(env, pinned)).toBe("2026.12");
    expect(siteImageVersion(env, unpinned)).toBe("2026.11");
    expect(siteImageKey(env, pinned)).toBe("standard@2026.12");
  });

  test("the stacks deploy the version and desktop names derive.ts computes", () => {
    const env = withRollout();
    const tenant = env.tenants[0];
    const out = synthToDir(env);
    for (const site of tenant.sites) {
      const stack = stackJson(out, `site-${tenant.id}-${site.id}`);
      const pins = Object.values(stack.resource.terraform_data) as { triggers_replace: { image: string } }[];
      expect(pins.map((p) => p.triggers_replace.image)).toEqual([siteImageKey(env, site)]);
      const [desktops] = Object.values(stack.resource.vsphere_virtual_machine) as { name: string }[];
      expect(desktops.name).toBe(`${desktopNamePrefix(tenant, site)}-\${format("%03d", sum([count.index, 1]))}`);
    }
    expect(desktopName(tenant, tenant.sites[0], 7)).toBe("ga-rathaus-007");
  });

  test("desktops and the content library default to the first data-centre cluster, the library to the first cluster without one", () => {
    const doc = smallDocument();
    doc.clusters.unshift({
      ...doc.clusters[0],
      id: "kh-cluster",
      location: "kreishaus",
      hosts: [{ name: "esx-kh.lab.example", cpuCores: 8, memoryGiB: 64 }],
      ha: { hostFailuresTolerated: 0 },
    });
    const env = envFrom(doc);
    expect(desktopClusterId(env, env.tenants[0].sites[0])).toBe("lab-cluster");
    expect(libraryCluster(env).id).toBe("lab-cluster");
    const onlyKreishaus = { ...env, clusters: env.clusters.filter((c) => c.id === "kh-cluster") };
    expect(desktopClusterId(onlyKreishaus, env.tenants[0].sites[0])).toBeUndefined();
    expect(libraryCluster(onlyKreishaus).id).toBe("kh-cluster");
  });
});
