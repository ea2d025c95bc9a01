/**
 * Cross-field rules: checks that need more than one field of the environment.
 *
 * Each rule is a small named function from the defaulted {@link Environment}
 * to a list of problems; `load.ts` runs them all after the schema has passed.
 */
import { ConfigProblem, formatPath, show } from "./problems";
import { addressRole, cidrRange, Ipv4Range, parseCidr, parseIpv4, rangeContains, rangesOverlap, usableHosts } from "./net";
import { clusterCapacity, clusterDemand, demandItems, siteLinkDemandMbps } from "./capacity";
import { Environment, TenantConfig } from "./schema";
import {
  allStackNames,
  compareVersions,
  computerNamePrefix,
  desktopClusterId,
  hostConstructId,
  imageVersionsInUse,
  libraryItemAddress,
  NETBIOS_MAX,
  RESERVED_RANGES,
  siteRanges,
  siteStacks,
  networkClusterIds,
  networkGateway,
  PG_IDENTIFIER_MAX,
  serverImage,
  workloadAddress,
  stateSchemaName,
  waveImageVersion,
  workloadClusterId,
} from "./derive";

export type Rule = (env: Environment) => ConfigProblem[];

function duplicates<T>(items: readonly T[], key: (item: T) => string, path: (index: number) => string, what: string): ConfigProblem[] {
  const seen = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  items.forEach((item, index) => {
    const value = key(item);
    const first = seen.get(value);
    if (first === undefined) {
      seen.set(value, index);
    } else {
      problems.push({ path: path(index), message: `${show(value)} duplicates the ${what} at ${path(first)}` });
    }
  });
  return problems;
}

/** Cluster, image, tenant, network, site and workload ids and tenant codes are unique. */
export const uniqueIds: Rule = (env) => [
  ...duplicates(
    env.clusters,
    (c) => c.id,
    (i) => `clusters[${i}].id`,
    "cluster id",
  ),
  ...duplicates(
    env.images,
    (i) => i.id,
    (i) => `images[${i}].id`,
    "image id",
  ),
  ...duplicates(
    env.network.infrastructure,
    (n) => n.id,
    (i) => `network.infrastructure[${i}].id`,
    "network id",
  ),
  ...duplicates(
    env.tenants,
    (t) => t.id,
    (i) => `tenants[${i}].id`,
    "tenant id",
  ),
  ...duplicates(
    env.tenants,
    (t) => t.code,
    (i) => `tenants[${i}].code`,
    "tenant code",
  ),
  ...env.tenants.flatMap((t, ti) => [
    ...duplicates(
      t.sites,
      (s) => s.id,
      (i) => `tenants[${ti}].sites[${i}].id`,
      "site id",
    ),
    ...duplicates(
      t.workloads,
      (w) => w.id,
      (i) => `tenants[${ti}].workloads[${i}].id`,
      "workload id",
    ),
  ]),
];

/** Host names are unique across all clusters (a host can be in one cluster only). */
export const uniqueHostNames: Rule = (env) => {
  const hosts = env.clusters.flatMap((c, ci) =>
    c.hosts.map((h, hi) => ({ name: h.name.toLowerCase(), path: `clusters[${ci}].hosts[${hi}].name` })),
  );
  return duplicates(
    hosts,
    (h) => h.name,
    (i) => hosts[i].path,
    "host name",
  );
};

interface NetworkUse {
  readonly path: string;
  readonly vlan: number;
  readonly cidr: string;
}

function networkUses(env: Environment): NetworkUse[] {
  return [
    ...env.network.infrastructure.map((n, i) => ({ path: `network.infrastructure[${i}]`, vlan: n.vlan, cidr: n.cidr })),
    ...env.tenants.flatMap((t, ti) => t.sites.map((s, si) => ({ path: `tenants[${ti}].sites[${si}]`, vlan: s.vlan, cidr: s.cidr }))),
  ];
}

/** No two networks (infrastructure or site, of any tenant) share a VLAN. */
export const uniqueVlans: Rule = (env) => {
  const seen = new Map<number, string>();
  const problems: ConfigProblem[] = [];
  for (const use of networkUses(env)) {
    const first = seen.get(use.vlan);
    if (first) {
      problems.push({ path: `${use.path}.vlan`, message: `${use.vlan} is already used by ${first}.vlan` });
    } else {
      seen.set(use.vlan, use.path);
    }
  }
  return problems;
};

/** No two networks (infrastructure or site, of any tenant) overlap. */
export const disjointSubnets: Rule = (env) => {
  const problems: ConfigProblem[] = [];
  const ranges: { path: string; cidr: string; range: Ipv4Range }[] = [];
  for (const use of networkUses(env)) {
    const range = parseCidr(use.cidr).range;
    if (!range) continue;
    const clash = ranges.find((r) => rangesOverlap(r.range, range));
    if (clash) {
      problems.push({ path: `${use.path}.cidr`, message: `${show(use.cidr)} overlaps ${show(clash.cidr)} at ${clash.path}.cidr` });
    }
    ranges.push({ path: use.path, cidr: use.cidr, range });
  }
  return problems;
};

/** Sites name known images and clusters; workloads name known clusters and infrastructure networks. */
export const knownReferences: Rule = (env) => {
  const problems: ConfigProblem[] = [];
  const clusters = env.clusters.map((c) => c.id);
  const images = env.images.map((i) => i.id);
  const networks = env.network.infrastructure.map((n) => n.id);
  const known = (list: string[]) => (list.length ? `one of ${list.join(", ")}` : "none are defined");
  env.tenants.forEach((t, ti) => {
    t.sites.forEach((s, si) => {
      if (!images.includes(s.workstations.image)) {
        problems.push({
          path: `tenants[${ti}].sites[${si}].workstations.image`,
          message: `${show(s.workstations.image)} is not a defined image (${known(images)})`,
        });
      }
      if (s.cluster !== undefined && !clusters.includes(s.cluster)) {
        problems.push({
          path: `tenants[${ti}].sites[${si}].cluster`,
          message: `${show(s.cluster)} is not a defined cluster (${known(clusters)})`,
        });
      }
      if (s.cluster === undefined && s.workstations.count > 0 && desktopClusterId(env, s) === undefined) {
        problems.push({
          path: `tenants[${ti}].sites[${si}].cluster`,
          message: `is not set and there is no rechenzentrum cluster to default to`,
        });
      }
    });
    t.workloads.forEach((w, wi) => {
      if (!clusters.includes(w.cluster)) {
        problems.push({
          path: `tenants[${ti}].workloads[${wi}].cluster`,
          message: `${show(w.cluster)} is not a defined cluster (${known(clusters)})`,
        });
      }
      if (w.migrateFrom !== undefined && !clusters.includes(w.migrateFrom)) {
        problems.push({
          path: `tenants[${ti}].workloads[${wi}].migrateFrom`,
          message: `${show(w.migrateFrom)} is not a defined cluster (${known(clusters)})`,
        });
      }
      if (w.migrateInWave !== undefined && w.migrateFrom === undefined) {
        problems.push({
          path: `tenants[${ti}].workloads[${wi}].migrateFrom`,
          message: `is required with migrateInWave ${w.migrateInWave}`,
        });
      }
      if (!networks.includes(w.network)) {
        problems.push({
          path: `tenants[${ti}].workloads[${wi}].network`,
          message: `${show(w.network)} is not a defined infrastructure network (${known(networks)})`,
        });
      }
    });
  });
  return problems;
};

/** HA can only tolerate fewer host failures than the cluster has hosts. */
export const haFitsHostCount: Rule = (env) =>
  env.clusters.flatMap((c, ci) =>
    c.ha.hostFailuresTolerated >= c.hosts.length
      ? [
          {
            path: `clusters[${ci}].ha.hostFailuresTolerated`,
            message: `${c.ha.hostFailuresTolerated} must be less than the cluster's ${c.hosts.length} host(s)`,
          },
        ]
      : [],
  );

/** Every cluster holds its desktops and workloads with `hostFailuresTolerated` hosts down; memory is not overcommitted. */
export const clusterCapacityHolds: Rule = (env) => {
  const items = demandItems(env); // once, not once per cluster (that was quadratic in tenants)
  return env.clusters.flatMap((c, ci) => {
    if (c.ha.hostFailuresTolerated >= c.hosts.length) return [];
    const demand = clusterDemand(env, c, items);
    const capacity = clusterCapacity(c);
    const down = `with ${c.ha.hostFailuresTolerated} host(s) down`;
    const problems: ConfigProblem[] = [];
    if (demand.vcpus > capacity.vcpus) {
      problems.push({
        path: `clusters[${ci}]`,
        message: `${show(c.id)} needs ${demand.vcpus} vCPU for ${demand.desktops} desktops and ${demand.workloads} workloads but holds ${capacity.vcpus} ${down} at ${c.vcpuPerCore} vCPU per core`,
      });
    }
    if (demand.memoryGiB > capacity.memoryGiB) {
      problems.push({
        path: `clusters[${ci}]`,
        message: `${show(c.id)} needs ${demand.memoryGiB} GiB memory for ${demand.desktops} desktops and ${demand.workloads} workloads but holds ${capacity.memoryGiB} GiB ${down} (memory is not overcommitted)`,
      });
    }
    return problems;
  });
};

/** Every site link carries its desktops' bandwidth. */
export const siteLinkHolds: Rule = (env) =>
  env.tenants.flatMap((t, ti) =>
    t.sites.flatMap((s, si) => {
      const demand = siteLinkDemandMbps(env, s);
      return demand > s.linkMbps
        ? [
            {
              path: `tenants[${ti}].sites[${si}].linkMbps`,
              message: `${s.linkMbps} Mbit/s is below the ${demand} Mbit/s that ${s.workstations.count} desktops of ${s.workstations.image} need`,
            },
          ]
        : [];
    }),
  );

/** A site's subnet has an address for every desktop and its gateway. */
export const siteSubnetFitsDesktops: Rule = (env) =>
  env.tenants.flatMap((t, ti) =>
    t.sites.flatMap((s, si) => {
      const range = parseCidr(s.cidr).range;
      if (!range) return [];
      const needed = s.workstations.count + 1;
      return needed > usableHosts(range)
        ? [
            {
              path: `tenants[${ti}].sites[${si}].cidr`,
              message: `${show(s.cidr)} has ${usableHosts(range)} addresses but the site needs ${needed} (desktops + gateway)`,
            },
          ]
        : [];
    }),
  );

/** Windows computer names (prefix + "-nnn") are at most 15 characters and unique. */
export const uniqueComputerNames: Rule = (env) => {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, string>();
  env.tenants.forEach((t, ti) =>
    t.sites.forEach((s, si) => {
      const path = `tenants[${ti}].sites[${si}]`;
      const prefix = computerNamePrefix(t, s);
      if (prefix.length + 4 > NETBIOS_MAX) {
        problems.push({ path: `${path}.computerNamePrefix`, message: `${show(prefix)} is longer than ${NETBIOS_MAX - 4} characters` });
      }
      const first = seen.get(prefix);
      if (first) {
        problems.push({
          path: `${path}.computerNamePrefix`,
          message: `${show(prefix)} is already the computer name prefix of ${first}; set a distinct computerNamePrefix`,
        });
      } else {
        seen.set(prefix, path);
      }
    }),
  );
  return problems;
};

/** Workloads of one anti-affinity group share a cluster that has a host for each of them. */
export const antiAffinityFits: Rule = (env) => {
  const problems: ConfigProblem[] = [];
  env.tenants.forEach((t: TenantConfig, ti) => {
    const groups = new Map<string, number[]>();
    t.workloads.forEach((w, wi) => {
      if (w.antiAffinityGroup) groups.set(w.antiAffinityGroup, [...(groups.get(w.antiAffinityGroup) ?? []), wi]);
    });
    for (const [group, members] of groups) {
      const path = (wi: number) => `tenants[${ti}].workloads[${wi}].antiAffinityGroup`;
      const clusterIds = new Set(members.map((wi) => workloadClusterId(env, t.workloads[wi])));
      if (members.length < 2) {
        problems.push({
          path: path(members[0]),
          message: `${show(group)} has only one workload; an anti-affinity group needs at least two`,
        });
      } else if (clusterIds.size > 1) {
        problems.push({
          path: path(members[1]),
          message: `${show(group)} spans clusters ${[...clusterIds].join(", ")}; its workloads must share one cluster`,
        });
      } else {
        const cluster = env.clusters.find((c) => c.id === workloadClusterId(env, t.workloads[members[0]]));
        if (cluster && members.length > cluster.hosts.length) {
          problems.push({
            path: path(members[members.length - 1]),
            message: `${show(group)} has ${members.length} workloads but cluster ${show(cluster.id)} has only ${cluster.hosts.length} host(s)`,
          });
        }
      }
    }
  });
  return problems;
};

/** A tenant joins either a workgroup or a domain, and a domain join names its user. */
export const windowsIdentityComplete: Rule = (env) =>
  env.tenants.flatMap((t, ti) => {
    const path = `tenants[${ti}].windows`;
    if (t.windows.workgroup && t.windows.joinDomain) {
      return [
        { path, message: `sets both workgroup ${show(t.windows.workgroup)} and joinDomain ${show(t.windows.joinDomain)}; choose one` },
      ];
    }
    if (t.windows.joinDomain && !t.windows.domainAdminUser) {
      return [{ path: `${path}.domainAdminUser`, message: `is required when joinDomain is set` }];
    }
    return [];
  });

/** When host NICs are listed, there is one per uplink. */
export const hostNicsMatchUplinks: Rule = (env) => {
  const nics = env.network.switch.hostNics;
  return nics && nics.length !== env.network.switch.uplinks.length
    ? [
        {
          path: "network.switch.hostNics",
          message: `lists ${nics.length} NIC(s) for ${env.network.switch.uplinks.length} uplink(s); give one per uplink`,
        },
      ]
    : [];
};

/** A renamed workload's previous id is not also a current workload id. */
export const renamesAreUnambiguous: Rule = (env) =>
  env.tenants.flatMap((t, ti) =>
    t.workloads.flatMap((w, wi) =>
      w.renamedFrom && t.workloads.some((other) => other.id === w.renamedFrom)
        ? [
            {
              path: `tenants[${ti}].workloads[${wi}].renamedFrom`,
              message: `${JSON.stringify(w.renamedFrom)} is still the id of another workload`,
            },
          ]
        : [],
    ),
  );

/** Rollout entries name known images, once per wave and image, and the pilot (lowest) wave is never behind a later one. */
export const rolloutPilotFirst: Rule = (env) => {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  env.rollout.forEach((r, i) => {
    if (!env.images.some((image) => image.id === r.image)) {
      problems.push({ path: `rollout[${i}].image`, message: `${JSON.stringify(r.image)} is not a defined image` });
    }
    const key = `${r.wave}/${r.image}`;
    if (seen.has(key)) problems.push({ path: `rollout[${i}]`, message: `wave ${r.wave} lists image ${r.image} twice` });
    seen.add(key);
  });
  for (const image of env.images) {
    const waves = [
      ...new Set(env.tenants.flatMap((t) => t.sites.filter((s) => s.workstations.image === image.id).map((s) => s.workstations.wave))),
    ].sort((a, b) => a - b);
    const versionOf = (wave: number) => waveImageVersion(env, image.id, wave);
    for (let k = 1; k < waves.length; k++) {
      const earlier = waves[k - 1];
      const later = waves[k];
      if (compareVersions(versionOf(later), versionOf(earlier)) > 0) {
        const index = env.rollout.findIndex((r) => r.wave === later && r.image === image.id);
        problems.push({
          path: index >= 0 ? `rollout[${index}].version` : `images[${env.images.indexOf(image)}].version`,
          message: `${JSON.stringify(versionOf(later))} reaches wave ${later} before wave ${earlier} (still on ${versionOf(earlier)}); roll out to the pilot wave first`,
        });
      }
    }
  }
  return problems;
};

/** With a pg backend, every stack's state schema name fits PostgreSQL's 63-character identifiers. */
export const stateSchemaNamesFit: Rule = (env) => {
  const backend = env.backend;
  if (backend.type !== "pg") return [];
  return allStackNames(env)
    .map((stack) => ({ stack, schema: stateSchemaName(backend.schemaPrefix, stack) }))
    .filter(({ schema }) => schema.length > PG_IDENTIFIER_MAX)
    .map(({ stack, schema }) => ({
      path: "backend.schemaPrefix",
      message: `${show(backend.schemaPrefix)} gives stack ${stack} the state schema ${show(schema)} of ${schema.length} characters; PostgreSQL allows ${PG_IDENTIFIER_MAX}: shorten the prefix or the ids`,
    }));
};

/** State encryption is OpenTofu's: with Terraform it is refused, and a rotation names two different keys, not a migration at once. */
export const stateEncryptionFits: Rule = (env) => {
  const encryption = env.stateEncryption;
  if (!encryption) return [];
  if (env.engine === "terraform") {
    return [{ path: "stateEncryption", message: "is set, but engine terraform cannot encrypt state: use engine opentofu or remove it" }];
  }
  const problems: ConfigProblem[] = [];
  if (encryption.previousKeyId === encryption.keyId) {
    problems.push({
      path: "stateEncryption.previousKeyId",
      message: `${show(encryption.previousKeyId)} is the keyId: a rotation needs a new keyId`,
    });
  }
  if (encryption.previousKeyId && encryption.migrateFromUnencrypted) {
    problems.push({
      path: "stateEncryption.migrateFromUnencrypted",
      message: "true together with previousKeyId: rotate a key or migrate unencrypted states, one at a time",
    });
  }
  return problems;
};

/** Two sites never derive the same stack name (`a-b` + `c` and `a` + `b-c` both give `site-a-b-c`). */
export const uniqueStackNames: Rule = (env) => {
  const seen = new Map<string, { path: string; tenantId: string; siteId: string }>();
  const problems: ConfigProblem[] = [];
  for (const site of siteStacks(env)) {
    const first = seen.get(site.stack);
    if (first) {
      problems.push({
        path: `${site.path}.id`,
        message: `${show(site.siteId)} gives tenant ${show(site.tenantId)} the stack name ${show(site.stack)}, which tenant ${show(first.tenantId)} site ${show(first.siteId)} at ${first.path} already has; rename one of the sites`,
      });
    } else {
      seen.set(site.stack, site);
    }
  }
  return problems;
};

/** With a pg backend, no two stacks share a state schema (PostgreSQL folds names to lower case). */
export const uniqueStateSchemaNames: Rule = (env) => {
  const backend = env.backend;
  if (backend.type !== "pg") return [];
  const seen = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const stack of allStackNames(env)) {
    const schema = stateSchemaName(backend.schemaPrefix, stack).toLowerCase();
    const first = seen.get(schema);
    if (first && first !== stack) {
      problems.push({ path: "backend.schemaPrefix", message: `gives stacks ${first} and ${stack} the same state schema ${show(schema)}` });
    } else {
      seen.set(schema, stack);
    }
  }
  return problems;
};

/** No two versions of an image share a content library item address (`2026.11` and `2026-11` both give `..._2026-11`). */
export const uniqueLibraryItems: Rule = (env) => {
  const problems: ConfigProblem[] = [];
  env.images.forEach((image, ii) => {
    const paths = [`images[${ii}].version`, ...env.rollout.flatMap((r, ri) => (r.image === image.id ? [`rollout[${ri}].version`] : []))];
    const seen = new Map<string, { version: string; path: string }>();
    imageVersionsInUse(env, image).forEach((version, k) => {
      const address = libraryItemAddress(image.id, version);
      const first = seen.get(address);
      if (first && first.version !== version) {
        problems.push({
          path: paths[k],
          message: `${show(version)} gives image ${image.id} the library item address ${show(address)} of version ${show(first.version)} at ${first.path}; versions must differ in more than '.' and '-'`,
        });
      } else if (!first) {
        seen.set(address, { version, path: paths[k] });
      }
    });
  });
  return problems;
};

/** Within a cluster, host names never derive the same host construct id (`esx.01` and `esx-01`). */
export const uniqueHostIds: Rule = (env) =>
  env.clusters.flatMap((c, ci) => {
    const seen = new Map<string, number>();
    const problems: ConfigProblem[] = [];
    c.hosts.forEach((h, hi) => {
      const id = hostConstructId(h.name).toLowerCase();
      const first = seen.get(id);
      if (first !== undefined && c.hosts[first].name.toLowerCase() !== h.name.toLowerCase()) {
        problems.push({
          path: `clusters[${ci}].hosts[${hi}].name`,
          message: `${show(h.name)} gives the host id ${show(id)} of ${show(c.hosts[first].name)} at clusters[${ci}].hosts[${first}].name; host names must differ in more than '.' and '-'`,
        });
      } else if (first === undefined) {
        seen.set(id, hi);
      }
    });
    return problems;
  });

/** Image URLs use https; http only outside production. */
export const urlSchemes: Rule = (env) => {
  if (env.environment !== "production") return [];
  const urls = [
    { path: "imageRepositoryUrl", url: env.imageRepositoryUrl },
    ...env.images.map((image, i) => ({ path: `images[${i}].ovfUrl`, url: image.ovfUrl })),
  ];
  return urls
    .filter((u) => u.url !== undefined && !/^https:/i.test(u.url))
    .map((u) => ({ path: u.path, message: `${show(u.url)} is not https: production fetches images over https only` }));
};

/** A tenant's reservations do not exceed its limits (-1: unlimited). */
export const reservationsWithinLimits: Rule = (env) =>
  env.tenants.flatMap((t, ti) => {
    const r = t.resources;
    const problems: ConfigProblem[] = [];
    if (r.cpuLimitMhz >= 0 && r.cpuReservationMhz > r.cpuLimitMhz) {
      problems.push({
        path: `tenants[${ti}].resources.cpuReservationMhz`,
        message: `${r.cpuReservationMhz} is above the cpuLimitMhz ${r.cpuLimitMhz}`,
      });
    }
    if (r.memoryLimitGiB >= 0 && r.memoryReservationGiB > r.memoryLimitGiB) {
      problems.push({
        path: `tenants[${ti}].resources.memoryReservationGiB`,
        message: `${r.memoryReservationGiB} is above the memoryLimitGiB ${r.memoryLimitGiB}`,
      });
    }
    return problems;
  });

/** No network is in a reserved range (0/8, loopback, link-local, multicast, 240/4); site subnets lie in the site ranges. */
export const subnetsInAllowedRanges: Rule = (env) => {
  const reserved = RESERVED_RANGES.map((cidr) => ({ cidr, range: cidrRange(cidr)! }));
  const allowed = siteRanges(env).flatMap((cidr) => {
    const range = parseCidr(cidr).range;
    return range ? [{ cidr, range }] : [];
  });
  const problems: ConfigProblem[] = [];
  networkUses(env).forEach((use) => {
    const range = parseCidr(use.cidr).range;
    if (!range) return;
    const clash = reserved.find((r) => rangesOverlap(r.range, range));
    if (clash) {
      problems.push({ path: `${use.path}.cidr`, message: `${show(use.cidr)} is in the reserved range ${clash.cidr}` });
    } else if (use.path.startsWith("tenants") && !allowed.some((a) => rangeContains(a.range, range))) {
      problems.push({
        path: `${use.path}.cidr`,
        message: `${show(use.cidr)} is outside the site ranges (${allowed.map((a) => a.cidr).join(", ")}); add its range to network.siteRanges if it is yours`,
      });
    }
  });
  return problems;
};

/** Local state stays inside the project (relative, no '..') unless backend.allowOutsideProject says otherwise. */
export const stateDirectoryInsideProject: Rule = (env) => {
  const backend = env.backend;
  if (backend.type !== "local" || backend.allowOutsideProject) return [];
  const dir = backend.directory;
  if (/^([A-Za-z]:)?[\\/]/.test(dir) || dir.startsWith("~")) {
    return [
      { path: "backend.directory", message: `${show(dir)} is outside the project: use a relative path (or allowOutsideProject: true)` },
    ];
  }
  if (dir.split(/[\\/]/).includes("..")) {
    return [
      {
        path: "backend.directory",
        message: `${show(dir)} has a '..' segment: use a path inside the project (or allowOutsideProject: true)`,
      },
    ];
  }
  return [];
};

/** Uplink names and host NICs are each listed once. */
export const uniqueUplinks: Rule = (env) => [
  ...duplicates(
    env.network.switch.uplinks,
    (u) => u,
    (i) => `network.switch.uplinks[${i}]`,
    "uplink",
  ),
  ...duplicates(
    env.network.switch.hostNics ?? [],
    (n) => n.toLowerCase(),
    (i) => `network.switch.hostNics[${i}]`,
    "host NIC",
  ),
];

/** A price list prices the desktops of every image a site uses, and names only defined images. */
export const pricesCoverImages: Rule = (env) => {
  if (!env.prices) return [];
  const priced = env.prices.desktopEurPerYear;
  const images = env.images.map((i) => i.id);
  const problems: ConfigProblem[] = Object.keys(priced)
    .filter((key) => !images.includes(key))
    .map((key) => ({
      path: formatPath(["prices", "desktopEurPerYear", key]),
      message: `${show(key)} is not a defined image (${images.length ? `one of ${images.join(", ")}` : "none are defined"})`,
    }));
  const reported = new Set<string>();
  env.tenants.forEach((t, ti) =>
    t.sites.forEach((s, si) => {
      const image = s.workstations.image;
      if (!images.includes(image) || Object.hasOwn(priced, image) || reported.has(image)) return;
      reported.add(image);
      problems.push({
        path: `tenants[${ti}].sites[${si}].workstations.image`,
        message: `${show(image)} has no desktop price in prices.desktopEurPerYear`,
      });
    }),
  );
  return problems;
};

/** Where an address may not sit in its network: `"10.0.0.0" is the network address of "10.0.0.0/24"`. */
function misplaced(value: string, cidr: string, what: string): string | undefined {
  const range = parseCidr(cidr).range;
  const address = parseIpv4(value);
  if (!range || address === undefined) return undefined;
  const role = addressRole(range, address);
  if (role === "outside") return `${show(value)} is outside the ${what}'s network ${show(cidr)}`;
  if (role !== "host") return `${show(value)} is the ${role} address of ${show(cidr)}, not a host address`;
  return undefined;
}

/** Every infrastructure network's and site's gateway is a host address inside its CIDR. */
export const gatewaysInsideNetworks: Rule = (env) => {
  const problems: ConfigProblem[] = [];
  const check = (path: string, network: { cidr: string; gateway?: string }) => {
    const problem = network.gateway === undefined ? undefined : misplaced(network.gateway, network.cidr, "gateway");
    if (problem) problems.push({ path: `${path}.gateway`, message: problem });
  };
  env.network.infrastructure.forEach((n, i) => check(`network.infrastructure[${i}]`, n));
  env.tenants.forEach((t, ti) => t.sites.forEach((s, si) => check(`tenants[${ti}].sites[${si}]`, s)));
  return problems;
};

/**
 * A server's address (set or allocated) is a host address of its network,
 * not its gateway, and no other server or gateway in the environment (any
 * tenant, any network, overlapping ones included) has it. A collision of an
 * allocated address is reported, never resolved by moving a server.
 */
export const serverAddressesValid: Rule = (env) => {
  const problems: ConfigProblem[] = [];
  const owners = new Map<number, string>();
  const gateways = [
    ...env.network.infrastructure.map((n, i) => ({ path: `network.infrastructure[${i}].gateway`, gateway: networkGateway(n) })),
    ...env.tenants.flatMap((t, ti) =>
      t.sites.map((s, si) => ({ path: `tenants[${ti}].sites[${si}].gateway`, gateway: networkGateway(s) })),
    ),
  ];
  for (const { path, gateway } of gateways) {
    const value = gateway === undefined ? undefined : parseIpv4(gateway);
    if (value !== undefined && !owners.has(value)) owners.set(value, `the gateway at ${path}`);
  }
  env.tenants.forEach((t, ti) =>
    t.workloads.forEach((w, wi) => {
      const address = workloadAddress(env, t, w);
      const network = env.network.infrastructure.find((n) => n.id === w.network);
      if (!address || !network) return;
      const path = `tenants[${ti}].workloads[${wi}].ip`;
      const shown = address.allocated ? `allocated address ${show(address.ip)}` : show(address.ip);
      const fix = address.allocated ? "; set ip on this workload to a free address (npm run addresses lists them)" : "";
      const placement = misplaced(address.ip, network.cidr, `workload's ${show(network.id)}`);
      if (placement) {
        problems.push({ path, message: placement });
        return;
      }
      const value = parseIpv4(address.ip) as number;
      if (value === parseIpv4(address.gateway)) {
        problems.push({ path, message: `${shown} is the gateway of network ${show(network.id)}${fix}` });
        return;
      }
      const owner = owners.get(value);
      if (owner) {
        problems.push({ path, message: `${shown} is already used by ${owner}${fix}` });
        return;
      }
      owners.set(value, `the workload at tenants[${ti}].workloads[${wi}]`);
    }),
  );
  return problems;
};

/**
 * A workload's network reaches the clusters it runs on; a migration keeps the
 * server's address only when the network spans both clusters.
 */
export const serverNetworksReachClusters: Rule = (env) => {
  const problems: ConfigProblem[] = [];
  env.tenants.forEach((t, ti) =>
    t.workloads.forEach((w, wi) => {
      const network = env.network.infrastructure.find((n) => n.id === w.network);
      if (!network) return;
      const reached = networkClusterIds(env, network);
      const known = (id: string) => env.clusters.some((c) => c.id === id);
      const path = `tenants[${ti}].workloads[${wi}]`;
      const spans = `network ${show(network.id)} (it reaches ${reached.join(", ")})`;
      if (known(w.cluster) && !reached.includes(w.cluster)) {
        const move = w.migrateFrom !== undefined ? `: the move from ${w.migrateFrom} needs a new address` : "";
        problems.push({ path: `${path}.cluster`, message: `${show(w.cluster)} is not reached by ${spans}${move}` });
      } else if (w.migrateFrom !== undefined && known(w.migrateFrom) && !reached.includes(w.migrateFrom)) {
        problems.push({
          path: `${path}.migrateFrom`,
          message: `${show(w.migrateFrom)} is not reached by ${spans}: the move to ${w.cluster} needs a new address (re-address the server on a network of both clusters first, see docs/operations.md)`,
        });
      }
    }),
  );
  env.network.infrastructure.forEach((n, i) =>
    (n.clusters ?? []).forEach((c, ci) => {
      if (!env.clusters.some((cluster) => cluster.id === c))
        problems.push({ path: `network.infrastructure[${i}].clusters[${ci}]`, message: `${show(c)} is not a defined cluster` });
    }),
  );
  return problems;
};

/** A server's image exists, runs the workload's os, and fits its disk. */
export const serverImagesFit: Rule = (env) => {
  const problems: ConfigProblem[] = [];
  env.tenants.forEach((t, ti) =>
    t.workloads.forEach((w, wi) => {
      const path = `tenants[${ti}].workloads[${wi}]`;
      const image = serverImage(env, w);
      if (w.image !== undefined && !image) {
        problems.push({ path: `${path}.image`, message: `${show(w.image)} is not a defined image` });
        return;
      }
      if (!image) return;
      if (image.os !== w.os) {
        problems.push({ path: `${path}.image`, message: `${show(image.id)} runs ${image.os}, but the workload's os is ${w.os}` });
      }
      if (w.diskGiB < image.diskGiB) {
        problems.push({
          path: `${path}.diskGiB`,
          message: `${w.diskGiB} is smaller than the ${image.diskGiB} GiB disk of image ${image.id}`,
        });
      }
    }),
  );
  return problems;
};

export const ALL_RULES: readonly Rule[] = [
  uniqueIds,
  uniqueHostNames,
  uniqueVlans,
  disjointSubnets,
  knownReferences,
  haFitsHostCount,
  clusterCapacityHolds,
  siteSubnetFitsDesktops,
  uniqueComputerNames,
  antiAffinityFits,
  windowsIdentityComplete,
  hostNicsMatchUplinks,
  renamesAreUnambiguous,
  siteLinkHolds,
  rolloutPilotFirst,
  stateSchemaNamesFit,
  stateEncryptionFits,
  uniqueStackNames,
  uniqueStateSchemaNames,
  uniqueLibraryItems,
  uniqueHostIds,
  urlSchemes,
  reservationsWithinLimits,
  subnetsInAllowedRanges,
  stateDirectoryInsideProject,
  uniqueUplinks,
  pricesCoverImages,
  gatewaysInsideNetworks,
  serverAddressesValid,
  serverNetworksReachClusters,
  serverImagesFit,
];

export function checkRules(env: Environment, rules: readonly Rule[] = ALL_RULES): ConfigProblem[] {
  return rules.flatMap((rule) => rule(env));
}
