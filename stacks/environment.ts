import { App } from "cdktf";
import { desktopClusterId, libraryCluster, stackNames, stateSchemaName } from "../config/derive";
import { globToRegExp } from "../config/glob";
import { Environment, SiteConfig, TenantConfig } from "../config/schema";
import { TagKind } from "../constructs/tag-catalog";
import { ImagesStack } from "./images-stack";
import { NetworkStack } from "./network-stack";
import { PlatformStack } from "./platform-stack";
import { SiteStack } from "./site-stack";
import { TenantStack } from "./tenant-stack";
import { StateBackend, VsphereStackProps } from "./vsphere-stack";

export { stackNames };

export interface EnvironmentStacks {
  readonly platform: PlatformStack;
  readonly network: NetworkStack;
  readonly images: ImagesStack;
  readonly tenants: ReadonlyMap<string, TenantStack>;
  /** Keyed by stack name. */
  readonly sites: ReadonlyMap<string, SiteStack>;
}

/** Does a stack name match one of the glob patterns (`*` matches anything)? No patterns select everything. */
export function stackSelected(name: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns || patterns.length === 0) return true;
  return patterns.some((p) => globToRegExp(p).test(name));
}

export interface BuildOptions {
  /** Project root for relative state paths. @default process.cwd() */
  readonly projectRoot?: string;
  /**
   * Build only the tenant and site stacks whose names match these globs, plus
   * platform, network and images, which they reference. Unless a pattern
   * names one of those shared stacks, they hold only what the selected
   * stacks need (their clusters with hosts and datastores, the library
   * cluster, their waves and image versions), so a partial synth does not
   * grow with unrelated tenants. The selected stacks are the same as in a
   * full synth; only they should be deployed from a partial synth.
   * @default every stack
   */
  readonly stacks?: readonly string[];
}

function stateBackend(env: Environment): StateBackend {
  const backend = env.backend;
  return backend.type === "pg"
    ? { type: "pg", schemaName: (stack) => stateSchemaName(backend.schemaPrefix, stack) }
    : { type: "local", directory: backend.directory };
}

/** The tenants a selection builds, and which of their site stacks. */
function selectTenants(env: Environment, patterns: readonly string[] | undefined): { tenant: TenantConfig; sites: SiteConfig[] }[] {
  const chosen: { tenant: TenantConfig; sites: SiteConfig[] }[] = [];
  for (const tenant of env.tenants) {
    const tenantSelected = stackSelected(stackNames.tenant(tenant.id), patterns);
    const siteSelected = (site: SiteConfig) => stackSelected(stackNames.site(tenant.id, site.id), patterns);
    if (!tenantSelected && !tenant.sites.some(siteSelected)) continue;
    const sites = tenant.sites.filter(
      (site) => site.workstations.count > 0 && desktopClusterId(env, site) !== undefined && (tenantSelected || siteSelected(site)),
    );
    chosen.push({ tenant, sites });
  }
  return chosen;
}

/**
 * What the shared stacks hold for a selection: the whole environment, or,
 * when only tenant and site stacks are selected, the selected tenants and the
 * clusters they use (plus the cluster backing the content library). Cluster
 * order is kept, so defaults such as a site's desktop cluster stay the same.
 */
function sharedScope(env: Environment, patterns: readonly string[] | undefined, tenants: readonly TenantConfig[]): Environment {
  if (!patterns || patterns.length === 0) return env;
  if ([stackNames.platform, stackNames.network, stackNames.images].some((name) => stackSelected(name, patterns))) return env;
  const used = new Set([libraryCluster(env).id]);
  for (const tenant of tenants) {
    for (const site of tenant.sites) {
      const clusterId = site.workstations.count > 0 ? desktopClusterId(env, site) : undefined;
      if (clusterId !== undefined) used.add(clusterId);
    }
    for (const workload of tenant.workloads) {
      used.add(workload.cluster);
      if (workload.migrateFrom !== undefined) used.add(workload.migrateFrom);
    }
  }
  return { ...env, clusters: env.clusters.filter((c) => used.has(c.id)), tenants: [...tenants] };
}

/** Build every stack of one environment into the app and wire them together. */
export function buildEnvironment(app: App, env: Environment, options: BuildOptions = {}): EnvironmentStacks {
  const common: VsphereStackProps = {
    vcenterServer: env.vcenter.server,
    allowUnverifiedSsl: env.vcenter.allowUnverifiedSsl,
    state: stateBackend(env),
    stateEncryption: env.engine === "opentofu" ? (env.stateEncryption ?? { keyId: "rz" }) : undefined,
    projectRoot: options.projectRoot ?? process.cwd(),
  };
  const selected = selectTenants(env, options.stacks);
  const shared = sharedScope(
    env,
    options.stacks,
    selected.map((s) => s.tenant),
  );
  const platform = new PlatformStack(app, stackNames.platform, shared, common);
  const network = new NetworkStack(app, stackNames.network, shared, {
    ...common,
    datacenterId: platform.datacenter.datacenterId,
    hostIds: platform.allHostIds,
  });
  const images = new ImagesStack(app, stackNames.images, shared, {
    ...common,
    libraryDatastoreIds: [platform.datastoreId(libraryCluster(env).id)],
    versionTagCategoryId: platform.tags.categoryId(TagKind.IMAGE_VERSION),
  });

  if (shared !== env) {
    const reason =
      `This stack comes from a partial synth (RZ_STACKS=${(options.stacks ?? []).join(",")}) and holds only the selected ` +
      "tenants' shared objects: deploy only the selected tenant and site stacks from it, and this stack from a full synth.";
    for (const stack of [platform, network, images]) stack.refuseDeployment(reason);
  }

  const tenants = new Map<string, TenantStack>();
  const sites = new Map<string, SiteStack>();
  for (const { tenant, sites: tenantSites } of selected) {
    const tenantStack = new TenantStack(app, stackNames.tenant(tenant.id), env, tenant, { ...common, platform, network, images });
    tenants.set(tenant.id, tenantStack);
    for (const site of tenantSites) {
      const name = stackNames.site(tenant.id, site.id);
      sites.set(name, new SiteStack(app, name, env, tenant, site, { ...common, platform, images, tenant: tenantStack }));
    }
  }
  return { platform, network, images, tenants, sites };
}
