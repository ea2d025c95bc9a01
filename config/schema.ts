/**
 * The one schema for environment files (`config/*.yaml`).
 *
 * Field-level rules (types, ranges, formats, unknown fields) live here; rules
 * that compare fields with each other live in `rules.ts`. Every optional field
 * has its default here, so the rest of the code only ever sees a complete,
 * typed {@link Environment}.
 */
import { z } from "zod";
import { DrsAutomationLevel, GuestOs, RestartPriority } from "../domain/vsphere";
import { DESKTOP_COUNT_RANGE, IntRange, PBKDF2_ITERATIONS, VLAN_RANGE } from "../domain/ranges";
import { parseCidr, parseIpv4 } from "./net";
import { show } from "./problems";
import { textPolicyProblems } from "./text";

/** A lower-case identifier used to derive Terraform logical ids and stack names. */
const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const HOSTNAME_PATTERN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

// Field rules use zod's own checks (so the exported JSON Schema carries them)
// with messages that read after the offending value: `5000 is outside 1..4094`.

const id = () =>
  z
    .string()
    .max(40, { message: "is longer than 40 characters" })
    .regex(ID_PATTERN, { message: "is not an id: use lower-case letters, digits and single hyphens, starting with a letter" });

const int = (min: number, max: number) =>
  z
    .number()
    .int({ message: "is not a whole number" })
    .min(min, { message: `is outside ${min}..${max}` })
    .max(max, { message: `is outside ${min}..${max}` });

const positive = (max: number) =>
  z
    .number()
    .positive({ message: `is outside (0..${max}]` })
    .max(max, { message: `is outside (0..${max}]` });

const text = (pattern: RegExp, rule: string) => z.string().regex(pattern, { message: rule });

const hostname = () => text(HOSTNAME_PATTERN, "is not a valid host name");

/** Names an OpenTofu key provider (and the state metadata written with it): it must stay stable until the next rotation. */
const keyId = () => text(/^[a-z][a-z0-9_]{0,31}$/, "is not a key id (1..32 lower-case letters, digits or '_', starting with a letter)");

/** `host` or `host:port` (port 1..65535), as the vsphere provider's `vsphere_server` takes it. */
const serverAddress = () =>
  text(/^[A-Za-z0-9.-]+(?::\d{1,5})?$/, "is not a host name or host:port").superRefine((value, ctx) => {
    if (!portOk(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${show(value)} has a port outside 1..65535` });
  });

const portOk = (address: string): boolean => {
  const port = /:(\d+)$/.exec(address)?.[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
};

/**
 * vSphere's own limits: inventory object names (datacenter, library, folder,
 * switch, port group, VM) at most 80 characters; tag names and descriptions
 * (towns, tenant names, image names) and annotations at most 256.
 */
export const NAME_MAX = 80;
export const LABEL_MAX = 256;

/** A name or label: printable (the text policy of config/text.ts holds for every string), non-empty, at most `max` characters. */
const name = (max: number) => nonEmpty().max(max, { message: `is longer than ${max} characters` });

/** A path without `.` or `..` segments: `/vol/rz1`, never `/vol/../etc`. */
const NO_DOT_SEGMENTS = /^(?!.*(?:^|\/)\.\.?(?:\/|$))/;

/** A web address the engine and vCenter fetch from: http(s) only (http only outside production, rule urlSchemes), no credentials in it. */
const webUrl = () =>
  z
    .string()
    .max(2048, { message: "is longer than 2048 characters" })
    .url({ message: "is not a URL" })
    .regex(/^https?:\/\/[^/@]+(?:[/?#]|$)/i, { message: "is not an http(s) URL without credentials" });

const range = ({ min, max }: IntRange) => int(min, max);

const vlan = () => range(VLAN_RANGE);

const cidr = () =>
  z.string().superRefine((value, ctx) => {
    const problem = parseCidr(value).problem;
    if (problem) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${show(value)} ${problem}` });
    }
  });

const ipv4 = () =>
  z.string().superRefine((value, ctx) => {
    if (parseIpv4(value) === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${show(value)} is not an IPv4 address (a.b.c.d)` });
    }
  });

/**
 * Gateway, DNS servers and DNS suffix of a network (infrastructure network or
 * site): what a server or desktop with a static address is customised with.
 */
const networkIdentity = {
  gateway: ipv4().optional().describe("Default gateway, inside the CIDR. @default the first host address of the CIDR"),
  dnsServers: z
    .array(ipv4())
    .max(3, { message: "lists more than 3 DNS servers (a Linux resolver uses 3)" })
    .default([])
    .describe("DNS servers handed to statically addressed guests, in order (at most 3, as a Linux resolver uses)."),
  dnsSuffix: hostname().optional().describe("DNS suffix (search domain) of the guests. @default the vCenter's domain"),
};

const nonEmpty = () => z.string().regex(/\S/, { message: "must not be empty" });

/** Where a cluster physically runs: a configuration value, not a vSphere one. */
export enum ClusterLocation {
  RECHENZENTRUM = "rechenzentrum",
  KREISHAUS = "kreishaus",
}

export const ENVIRONMENT_KINDS = ["production", "staging", "test", "development"] as const;
/** Engines the stacks are synthesised for. */
export const ENGINES = ["opentofu", "terraform"] as const;

const hostSchema = z
  .object({
    name: hostname().describe("FQDN of the ESXi host as vCenter registers it."),
    cpuCores: int(1, 1024).describe("Physical CPU cores."),
    memoryGiB: int(1, 65536).describe("Physical memory in GiB."),
    thumbprint: text(/^([0-9A-Fa-f]{2}:){19}[0-9A-Fa-f]{2}$/, "is not a SHA-1 thumbprint (20 hex pairs separated by colons)")
      .optional()
      .describe("SHA-1 thumbprint of the host certificate; required by a real vCenter unless its certificate is trusted."),
  })
  .strict();

const datastoreSchema = z
  .object({
    name: id().optional().describe("Datastore name. @default ds-<cluster id>"),
    nfsServers: z.array(hostname()).min(1).optional().describe("NFS servers. @default [nas.<vCenter domain>]"),
    nfsPath: text(/^\/\S*$/, "is not an absolute export path")
      .max(1024, { message: "is longer than 1024 characters" })
      .regex(NO_DOT_SEGMENTS, { message: "has a '.' or '..' segment" })
      .optional()
      .describe("Export path. @default /vol/<cluster id>"),
  })
  .strict();

const clusterSchema = z
  .object({
    id: id(),
    location: z.nativeEnum(ClusterLocation),
    hosts: z.array(hostSchema).min(1),
    ha: z
      .object({ hostFailuresTolerated: int(0, 31).default(1) })
      .strict()
      .default({ hostFailuresTolerated: 1 }),
    drs: z
      .object({ automationLevel: z.nativeEnum(DrsAutomationLevel).default(DrsAutomationLevel.FULLY_AUTOMATED) })
      .strict()
      .default({ automationLevel: DrsAutomationLevel.FULLY_AUTOMATED }),
    vcpuPerCore: positive(32).default(4).describe("Allowed vCPU overcommit per physical core for capacity checks."),
    datastore: datastoreSchema.default({}),
  })
  .strict();

const infrastructureNetworkSchema = z
  .object({
    id: id(),
    vlan: vlan(),
    cidr: cidr(),
    ...networkIdentity,
    clusters: z
      .array(id())
      .min(1)
      .optional()
      .describe(
        "Clusters whose hosts carry this network's VLAN (its layer 2 spans them): a workload keeps its address only between these. @default every cluster",
      ),
  })
  .strict();

const networkSchema = z
  .object({
    switch: z
      .object({
        name: id(),
        uplinks: z.array(name(NAME_MAX)).min(1).max(32),
        mtu: int(1280, 9000).default(1500),
        hostNics: z
          .array(text(/^[A-Za-z0-9_.-]{1,32}$/, "is not a NIC name (1..32 of letters, digits, '_', '.', '-')"))
          .min(1)
          .optional()
          .describe("Physical NICs of every host bound to the uplinks. @default vmnic0, vmnic1, ... one per uplink"),
      })
      .strict(),
    infrastructure: z.array(infrastructureNetworkSchema).default([]),
    siteRanges: z
      .array(cidr())
      .min(1)
      .optional()
      .describe(
        "Address ranges site subnets must lie in. @default the private (10/8, 172.16/12, 192.168/16, 100.64/10) and documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24)",
      ),
  })
  .strict();

const imageSchema = z
  .object({
    id: id(),
    displayName: name(LABEL_MAX),
    os: z.nativeEnum(GuestOs),
    version: text(/^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/, "is not a version (1..32 of letters, digits, '.', '_', '-')"),
    cpus: int(1, 64),
    memoryGiB: int(1, 1024),
    diskGiB: int(1, 65536),
    linkKbps: int(1, 1_000_000).default(1000).describe("Bandwidth one desktop of this image needs on its site link, in kbit/s."),
    ovfUrl: webUrl()
      .optional()
      .describe("Where the golden image's OVF is published. @default <imageRepositoryUrl>/<id>/<version>/<id>.ovf"),
  })
  .strict();

const workstationsSchema = z
  .object({
    count: range(DESKTOP_COUNT_RANGE),
    image: id(),
    wave: int(1, 99).default(1),
  })
  .strict();

const siteSchema = z
  .object({
    id: id(),
    town: name(LABEL_MAX),
    vlan: vlan(),
    cidr: cidr(),
    ...networkIdentity,
    linkMbps: positive(400_000),
    workstations: workstationsSchema,
    cluster: id().optional().describe("Cluster the site's desktops run on. @default the first rechenzentrum cluster"),
    computerNamePrefix: text(/^[A-Z0-9][A-Z0-9-]{0,10}$/, "is not a NetBIOS prefix (1..11 of A-Z, 0-9, '-')")
      .optional()
      .describe(
        "Prefix of the desktops' Windows computer names (at most 15 characters with '-nnn'). @default <code>-<site id without hyphens, shortened>",
      ),
  })
  .strict();

const workloadSchema = z
  .object({
    id: id(),
    cpus: int(1, 128),
    memoryGiB: int(1, 6144),
    diskGiB: int(1, 65536),
    cluster: id(),
    network: id(),
    ip: ipv4()
      .optional()
      .describe(
        "Static IPv4 address on its network. @default a stable address hashed from the tenant and workload id above the first 10 hosts (npm run addresses and the plan report show it); a collision is an error, never a move",
      ),
    image: id()
      .optional()
      .describe(
        "Image the server is cloned from (and customised with its address). @default the first image with the workload's os; none: an empty VM",
      ),
    restartPriority: z.nativeEnum(RestartPriority).default(RestartPriority.MEDIUM),
    os: z.nativeEnum(GuestOs).default(GuestOs.WINDOWS_SERVER_2022),
    antiAffinityGroup: id().optional().describe("Workloads with the same group never share a host."),
    migrateFrom: id()
      .optional()
      .describe("Cluster the workload runs on until its migration wave is completed (the tenant keeps a pool there)."),
    migrateInWave: int(1, 99).optional().describe("Migration wave that moves the workload from migrateFrom to cluster."),
    renamedFrom: id()
      .optional()
      .describe("The workload's previous id: its VM and HA override are moved to the new addresses instead of being replaced."),
    importFrom: text(/^\/[^/\s][^/]*\/vm\/.+[^/]$/, "is not a VM inventory path: /<datacenter>/vm/<folder>/<vm name>")
      .max(1024, { message: "is longer than 1024 characters" })
      .regex(NO_DOT_SEGMENTS, { message: "has a '.' or '..' segment" })
      .optional()
      .describe("Inventory path of an existing VM to take over: the next deploy imports it instead of creating a new one."),
    description: z
      .string()
      .max(LABEL_MAX, { message: `is longer than ${LABEL_MAX} characters` })
      .optional(),
  })
  .strict();

/**
 * An amount of money in euros: whole cents (at most 2 decimal places), so
 * every cost the reports compute is an exact number of cents.
 */
const eur = (max: number) =>
  z
    .number()
    .min(0, { message: `is outside 0..${max}` })
    .max(max, { message: `is outside 0..${max}` })
    .multipleOf(0.01, { message: "is not whole cents (at most 2 decimal places)" });

/**
 * The operator's price list (`npm run costs`, the plan report's cost lines).
 * Every figure is in euros per year; which consumer pays what is the
 * allocation model of report/costs.ts (README, "Costs").
 */
const pricesSchema = z
  .object({
    example: z
      .boolean()
      .default(false)
      .describe("The figures are examples, not real prices: every cost report then says so in its first line."),
    hostEurPerYear: eur(10_000_000).describe("Per ESXi host and year: hardware amortisation, support, power and cooling."),
    licenceEurPerCoreYear: eur(100_000).describe("Hypervisor licence per physical host core and year."),
    desktopEurPerYear: z
      .record(id(), eur(100_000))
      .describe("Per desktop and year, by image id: operating system and VDI licences, patching. Every image a site uses needs one."),
    datastoreEurPerGiBYear: eur(10_000).describe(
      "Per GiB of datastore and year: desktop and server disks (provisioned), and one disk per image version in the content library.",
    ),
    linkEurPerMbpsYear: eur(100_000).describe("Per Mbit/s of site link (linkMbps) and year."),
    workloadEurPerVcpuYear: eur(100_000).describe("Per vCPU of an application server and year (server licences, backup, monitoring)."),
    workloadEurPerMemoryGiBYear: eur(100_000).describe("Per GiB of application server memory and year."),
    sharedOverheadEurPerYear: eur(100_000_000).describe(
      "The platform's fixed costs per year: vCenter, distributed switch, content library, monitoring, operations staff.",
    ),
  })
  .strict();

const windowsIdentitySchema = z
  .object({
    workgroup: text(/^[A-Za-z0-9-]{1,15}$/, "is not a workgroup name (1..15 of letters, digits, '-')").optional(),
    joinDomain: hostname().optional(),
    domainAdminUser: name(LABEL_MAX).optional(),
  })
  .strict();

const tenantSchema = z
  .object({
    id: id(),
    name: name(LABEL_MAX),
    code: text(/^[A-Z]{2,4}$/, "is not a tenant code (2-4 capital letters)"),
    sites: z.array(siteSchema).default([]),
    workloads: z.array(workloadSchema).default([]),
    adminGroup: name(LABEL_MAX)
      .optional()
      .describe(
        "Directory group of the tenant's administrators: console and power operations on its desktops, read-only on its other objects.",
      ),
    resources: z
      .object({
        cpuReservationMhz: int(0, 10_000_000).default(0),
        cpuLimitMhz: int(-1, 10_000_000).default(-1).describe("-1: unlimited"),
        memoryReservationGiB: int(0, 1_000_000).default(0),
        memoryLimitGiB: int(-1, 1_000_000).default(-1).describe("-1: unlimited"),
      })
      .strict()
      .default({ cpuReservationMhz: 0, cpuLimitMhz: -1, memoryReservationGiB: 0, memoryLimitGiB: -1 })
      .describe("Reservation and limit of the tenant's resource pool in each cluster it uses."),
    windows: windowsIdentitySchema.default({}).describe("How desktops join Windows: a workgroup (default: the tenant code) or a domain."),
    baselineEurPerYear: eur(1_000_000_000)
      .optional()
      .describe(
        "What the tenant spent per year running the same IT alone, for the savings in `npm run costs`. @default computed: its own platform sized by the capacity rules, priced with `prices`",
      ),
  })
  .strict();

const environmentFields = z
  .object({
    $schema: z.string().optional().describe("Path to this JSON Schema, for editors."),
    environment: z.enum(ENVIRONMENT_KINDS),
    vcenter: z
      .object({
        server: serverAddress(),
        allowUnverifiedSsl: z.boolean().default(false),
        guestWaitMinutes: int(0, 120)
          .default(10)
          .describe("How long Terraform waits for a new VM's guest customisation and network; 0 disables the waits."),
        hostUser: name(LABEL_MAX)
          .default("root")
          .describe("User vCenter uses to add ESXi hosts; its password comes from TF_VAR_esxi_password."),
      })
      .strict(),
    datacenter: name(NAME_MAX),
    imageRepositoryUrl: webUrl()
      .optional()
      .describe("Base URL of published golden images. @default https://images.<vCenter domain>/golden"),
    contentLibrary: name(NAME_MAX).optional().describe("Name of the content library of golden images. @default <datacenter>-golden-images"),
    clusters: z.array(clusterSchema).min(1),
    network: networkSchema,
    images: z.array(imageSchema).default([]),
    tenants: z.array(tenantSchema).default([]),
    migration: z
      .object({
        completedWaves: int(0, 99).describe("Migration waves carried out: workloads with migrateInWave up to this run on their cluster."),
      })
      .strict()
      .optional()
      .describe("The migration cursor. @default every wave completed"),
    rollout: z
      .array(
        z
          .object({
            wave: int(1, 99),
            image: id(),
            version: text(/^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/, "is not a version (1..32 of letters, digits, '.', '_', '-')"),
          })
          .strict(),
      )
      .default([])
      .describe(
        "Which version of an image each rollout wave runs; waves not listed run the image's own version. The pilot wave gets a version first.",
      ),
    prices: pricesSchema
      .optional()
      .describe("The operator's price list in euros per year, for `npm run costs` and the cost lines of the plan report."),
    ntpServers: z.array(hostname()).min(1).optional().describe("NTP servers of every ESXi host. @default [ntp.<vCenter domain>]"),
    compliance: z
      .object({
        maxPatchAgeDays: int(1, 3650).default(92).describe("Oldest image patch level (yyyy.mm versions) accepted by RZ-15."),
        suppressions: z
          .array(
            z
              .object({
                rule: text(/^RZ-\d{2}$/, "is not a rule id (RZ-NN)"),
                address: name(LABEL_MAX).describe("<stack>/<type>.<logical id>; * matches anything"),
                reason: z
                  .string()
                  .max(LABEL_MAX, { message: `is longer than ${LABEL_MAX} characters` })
                  .regex(/\S.{8,}\S/, { message: "is not a written reason (at least 10 characters)" }),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .default({ maxPatchAgeDays: 92, suppressions: [] }),
    protectFromDestroy: z
      .boolean()
      .default(true)
      .describe(
        "prevent_destroy on datacenter, clusters, hosts, datastores, switch, port groups, content library and application servers.",
      ),
    engine: z
      .enum(ENGINES)
      .default("opentofu")
      .describe(
        "The engine operators run (TERRAFORM_BINARY_NAME): opentofu encrypts every stack's state and plan files; terraform cannot (RZ-18 fails outside test environments unless suppressed).",
      ),
    stateEncryption: z
      .object({
        keyId: keyId()
          .default("rz")
          .describe("Names the passphrase (TF_VAR_state_passphrase) the states are encrypted with; a new id starts a rotation."),
        previousKeyId: keyId()
          .optional()
          .describe("During a rotation: the key id the states were written with, its passphrase in TF_VAR_state_passphrase_previous."),
        migrateFromUnencrypted: z
          .boolean()
          .default(false)
          .describe("Read existing unencrypted states once (not enforced); the next apply writes them encrypted. Remove afterwards."),
        iterations: range(PBKDF2_ITERATIONS)
          .default(PBKDF2_ITERATIONS.default)
          .describe(
            "PBKDF2-HMAC-SHA512 iterations of the keys written from now on (OWASP: 210,000; OpenTofu refuses fewer than 200,000). States keep their own count for reading.",
          ),
      })
      .strict()
      .optional()
      .describe(
        "OpenTofu's client-side encryption of state and plan files (AES-GCM, PBKDF2 key from TF_VAR_state_passphrase). @default { keyId: rz }",
      ),
    adopt: z
      .object({
        imports: z
          .record(
            text(/^[a-z][a-z-]*(?:\/[^/\s]+)*$/, "is not an adoption key (<kind>/<config id>..., see config/adoption.ts)"),
            z.union([name(1024), z.array(name(1024)).min(1)]),
          )
          .default({})
          .describe("Adoption key to the provider's import id; for desktops a list, one id per desktop in count order."),
      })
      .strict()
      .optional()
      .describe(
        "Written by npm run adopt: the objects that already exist in vCenter. The next deploy imports them (import blocks) instead of creating them; afterwards the section changes nothing.",
      ),
    backend: z
      .discriminatedUnion("type", [
        z
          .object({
            type: z.literal("local"),
            directory: name(1024).default("state").describe("Directory of the state files, relative to the project root."),
            allowOutsideProject: z
              .boolean()
              .default(false)
              .describe("Allow a directory outside the project (absolute, or with '..'): for test harnesses only."),
          })
          .strict()
          .describe("State files on this machine: for a laptop and the tests."),
        z
          .object({
            type: z.literal("pg"),
            schemaPrefix: z
              .string()
              .max(30, { message: "is longer than 30 characters" })
              .regex(/^[a-z_][a-z0-9_]*$/, {
                message: "is not a PostgreSQL schema prefix: use lower-case letters, digits and underscores, not starting with a digit",
              })
              .describe("Each stack keeps its state in the schema <schemaPrefix>_<stack> (hyphens become underscores)."),
          })
          .strict()
          .describe("Shared state in PostgreSQL with locking; the connection string comes only from PG_CONN_STR."),
      ])
      .default({ type: "local", directory: "state" })
      .describe("Where Terraform keeps the state of every stack."),
  })
  .strict();

/**
 * The environment file's schema: its fields, and the text policy
 * (config/text.ts) over every string of the parsed value, so no value that
 * passes can carry template syntax, a cdktf token or unprintable characters
 * into Terraform, whichever field it is in and however it was read.
 */
export const environmentSchema = environmentFields.superRefine((env, ctx) => {
  for (const problem of textPolicyProblems(env))
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: problem.path, message: problem.message });
});

/**
 * The schema without its text-policy pass, for values read from a file by
 * config/document.ts: both of its paths have already applied the same policy
 * (textProblem, numberProblem) to every key and scalar of the file, so the
 * pass could find nothing there and would only walk the whole value again.
 */
export const documentEnvironmentSchema = environmentFields;

/** The validated, defaulted environment as the stacks consume it. */
export type Environment = z.infer<typeof environmentSchema>;
export type ClusterConfig = Environment["clusters"][number];
export type HostConfig = ClusterConfig["hosts"][number];
export type ImageConfig = Environment["images"][number];
export type TenantConfig = Environment["tenants"][number];
export type SiteConfig = TenantConfig["sites"][number];
export type WorkloadConfig = TenantConfig["workloads"][number];
export type BackendConfig = Environment["backend"];
export type PricesConfig = NonNullable<Environment["prices"]>;
export type InfrastructureNetworkConfig = Environment["network"]["infrastructure"][number];
