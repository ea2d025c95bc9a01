import { App, Aspects } from "cdktf";
import { RzCompliancePack } from "../compliance/pack";
import { desktopClusterId, stackNames, stateSchemaName } from "../config/derive";
import { globToRegExp } from "../config/glob";
import { Environment } from "../config/schema";
import { ClusterLocation } from "../constructs/enums";
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
  /** The compliance pack applied to every stack; its findings are available after synth. */
  readonly compliance: RzCompliancePack;
}

/** Does a stack name match one of the glob patterns (`*` matches anything)? No patterns select everything. */
export function stackSelected(name: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns || patterns.length === 0) return true;
  return patterns.some((p) => globToRegExp(p).test(name));
}

export interface BuildOptions {
  /** Project root for relative state paths. @default process.cwd() */
  readonly projectRoot?: string;
  /** Reference date of the compliance pack (image patch age), yyyy-mm-dd. @default today */
  readonly complianceDate?: string;
  /**
   * Build only the tenant and site stacks whose names match these globs (plus
   * platform, network and images, which they reference). Only the selected
   * stacks should be deployed from such a partial synth.
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

/** Build every stack of one environment into the app and wire them together. */
export function buildEnvironment(app: App, env: Environment, options: BuildOptions = {}): EnvironmentStacks {
  const common: VsphereStackProps = {
    vcenterServer: env.vcenter.server,
    allowUnverifiedSsl: env.vcenter.allowUnverifiedSsl,
    state: stateBackend(env),
    projectRoot: options.projectRoot ?? process.cwd(),
  };
  const platform = new PlatformStack(app, stackNames.platform, env, common);
  const network = new NetworkStack(app, stackNames.network, env, {
    ...common,
    datacenterId: platform.datacenter.datacenterId,
    hostIds: platform.allHostIds,
  });
  const libraryCluster = env.clusters.find((c) => c.location === ClusterLocation.RECHENZENTRUM) ?? env.clusters[0];
  const images = new ImagesStack(app, stackNames.images, env, {
    ...common,
    libraryDatastoreIds: [platform.cluster(libraryCluster.id).datastoreId],
    versionTagCategoryId: platform.tags.categoryId(TagKind.IMAGE_VERSION),
  });

  const tenants = new Map<string, TenantStack>();
  const sites = new Map<string, SiteStack>();
  for (const tenant of env.tenants) {
    const siteNames = tenant.sites.map((s) => stackNames.site(tenant.id, s.id));
    if (!stackSelected(stackNames.tenant(tenant.id), options.stacks) && !siteNames.some((n) => stackSelected(n, options.stacks))) continue;
    const tenantStack = new TenantStack(app, stackNames.tenant(tenant.id), env, tenant, { ...common, platform, network });
    tenants.set(tenant.id, tenantStack);
    for (const site of tenant.sites) {
      if (site.workstations.count === 0 || desktopClusterId(env, site) === undefined) continue;
      const name = stackNames.site(tenant.id, site.id);
      if (!stackSelected(name, options.stacks) && !stackSelected(stackNames.tenant(tenant.id), options.stacks)) continue;
      sites.set(name, new SiteStack(app, name, env, tenant, site, { ...common, platform, images, tenant: tenantStack }));
    }
  }
  const compliance = new RzCompliancePack({
    environment: env.environment,
    today: options.complianceDate,
    maxPatchAgeDays: env.compliance.maxPatchAgeDays,
    suppressions: env.compliance.suppressions,
  });
  for (const stack of [platform, network, images, ...tenants.values(), ...sites.values()]) Aspects.of(stack).add(compliance);
  return { platform, network, images, tenants, sites, compliance };
}
