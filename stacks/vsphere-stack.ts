import * as path from "node:path";
import { inRange, PBKDF2_ITERATIONS, showRange } from "../domain/ranges";
import { Construct } from "constructs";
import {
  App,
  Aspects,
  LocalBackend,
  PgBackend,
  PgBackendConfig,
  TerraformElement,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
} from "cdktf";
import { Node } from "constructs";
import { VsphereProvider } from "@cdktf/provider-vsphere/lib/provider";
import { logicalIdPart } from "../domain/names";

/** Connection and state settings every stack of one environment shares. */
export interface VsphereStackProps {
  /** vCenter address, `host` or `host:port`. */
  readonly vcenterServer: string;
  /** Skip TLS verification of vCenter (simulator and lab only). @default false */
  readonly allowUnverifiedSsl?: boolean;
  /** Where the stack keeps its state. */
  readonly state: StateBackend;
  /** Project root that relative paths are resolved against. */
  readonly projectRoot: string;
  /**
   * OpenTofu's client-side encryption of the stack's state and plan files;
   * leave it out for an engine that cannot encrypt (Terraform). @default none
   */
  readonly stateEncryption?: StateEncryption;
}

/**
 * AES-GCM encryption of state and plan files (and of the states read through
 * `terraform_remote_state` for cross-stack references) with a key derived by
 * PBKDF2 from `TF_VAR_state_passphrase`. Enforced: OpenTofu refuses to read or
 * write an unencrypted state or plan, except while `migrateFromUnencrypted`.
 */
export interface StateEncryption {
  /**
   * Names the key provider; the encrypted states record it, so it stays the
   * same until the next rotation.
   */
  readonly keyId: string;
  /** During a rotation: the key id the states were written with; passphrase in `TF_VAR_state_passphrase_previous`. */
  readonly previousKeyId?: string;
  /** Read unencrypted states once (fallback, not enforced); the next apply writes them encrypted. @default false */
  readonly migrateFromUnencrypted?: boolean;
  /** PBKDF2 iterations of the keys written from now on (reading uses each state's own). @default PBKDF2_ITERATIONS.default (210,000) */
  readonly iterations?: number;
}

/**
 * Terraform state of a stack: a local file per stack in `directory`
 * (relative to the project root), or a PostgreSQL schema per stack
 * (`schemaName(stack)`) whose connection string Terraform reads from
 * `PG_CONN_STR`, so it is never part of the synthesised output.
 */
export type StateBackend =
  | { readonly type: "local"; readonly directory: string }
  | { readonly type: "pg"; readonly schemaName: (stackName: string) => string };

/**
 * A stack that talks to vCenter: the vsphere provider with credentials from
 * sensitive variables (`TF_VAR_vsphere_user`, `TF_VAR_vsphere_password`) and
 * its own state (a local file or a PostgreSQL schema, see {@link StateBackend}).
 */
export class VsphereStack extends TerraformStack {
  private prepared = false;
  private readonly indexedImports: { resource: TerraformResource; index: number; id: string }[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private terraformJson?: { [key: string]: any };

  constructor(scope: Construct, name: string, props: VsphereStackProps) {
    super(scope, name);
    const user = new TerraformVariable(this, "vsphere_user", {
      type: "string",
      sensitive: true,
      description: "vCenter user (from TF_VAR_vsphere_user)",
    });
    const password = new TerraformVariable(this, "vsphere_password", {
      type: "string",
      sensitive: true,
      description: "vCenter password (from TF_VAR_vsphere_password)",
    });
    new VsphereProvider(this, "vsphere", {
      vsphereServer: props.vcenterServer,
      user: user.stringValue,
      password: password.stringValue,
      allowUnverifiedSsl: props.allowUnverifiedSsl ?? false,
    });

    if (props.stateEncryption) this.encryptStateAndPlans(props.stateEncryption);

    if (props.state.type === "pg") {
      // conn_str is left out on purpose: Terraform's pg backend (and the
      // terraform_remote_state data sources cdktf derives from it for
      // cross-stack references) then read PG_CONN_STR from the environment,
      // so credentials never reach cdktf.out. cdktf's type marks connStr as
      // required although Terraform does not.
      const config: Omit<PgBackendConfig, "connStr"> = { schemaName: props.state.schemaName(name) };
      new PgBackend(this, config as PgBackendConfig);
    } else {
      const outdir = App.of(this).outdir;
      const stackDir = path.resolve(outdir, "stacks", name);
      const stateFile = path.resolve(props.projectRoot, props.state.directory, `${name}.tfstate`);
      new LocalBackend(this, { path: path.relative(stackDir, stateFile) });
    }
  }

  private encryptStateAndPlans(encryption: StateEncryption): void {
    const passphrase = (name: string, description: string) =>
      new TerraformVariable(this, name, { type: "string", sensitive: true, description }).friendlyUniqueId;
    const iterations = encryption.iterations ?? PBKDF2_ITERATIONS.default;
    if (!inRange(PBKDF2_ITERATIONS, iterations))
      throw new Error(`stateEncryption.iterations: ${iterations} is outside ${showRange(PBKDF2_ITERATIONS)}`);
    const keyProviders: Record<string, { passphrase: string; iterations: number }> = {};
    const methods: Record<string, Record<string, unknown>> = { aes_gcm: {} };
    const addKey = (keyId: string, variable: string) => {
      keyProviders[keyId] = { passphrase: `\${var.${variable}}`, iterations };
      methods.aes_gcm[keyId] = { keys: `\${key_provider.pbkdf2.${keyId}}` };
    };
    addKey(
      encryption.keyId,
      passphrase("state_passphrase", "Passphrase of the state and plan encryption, 16 characters or more (from TF_VAR_state_passphrase)"),
    );
    let fallback: string | undefined;
    if (encryption.previousKeyId) {
      addKey(
        encryption.previousKeyId,
        passphrase("state_passphrase_previous", "The passphrase being rotated out (from TF_VAR_state_passphrase_previous)"),
      );
      fallback = `method.aes_gcm.${encryption.previousKeyId}`;
    } else if (encryption.migrateFromUnencrypted) {
      methods.unencrypted = { migrate: {} };
      fallback = "method.unencrypted.migrate";
    }
    const target = {
      method: `method.aes_gcm.${encryption.keyId}`,
      ...(fallback ? { fallback: { method: fallback } } : {}),
    };
    const enforced = !encryption.migrateFromUnencrypted;
    this.addOverride("terraform.encryption", {
      key_provider: { pbkdf2: keyProviders },
      method: methods,
      state: { ...target, enforced },
      plan: { ...target, enforced },
      remote_state_data_sources: { default: target },
    });
  }

  /**
   * Prepare once. App.synth prepares every stack before it writes any, and
   * the compliance pack prepares them when it is evaluated on its own; a
   * second pass over a prepared stack adds nothing but resolves every
   * element again.
   */
  public prepareStack(): void {
    if (this.prepared) return;
    // cdktf 0.21 invokes aspects stack by stack, from the stack down: hand the
    // app's aspects (the compliance pack that main.ts adds) to every stack.
    const own = Aspects.of(this);
    for (const aspect of Aspects.of(this.node.root).all) if (!own.all.includes(aspect)) own.add(aspect);
    super.prepareStack();
    this.prepared = true;
  }

  /**
   * The stack's Terraform JSON. Once every stack of the app is prepared the
   * tree is complete, so the JSON is computed once and shared by the
   * compliance pack, which judges it, and synth, which writes it.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  public toTerraform(): { [key: string]: any } {
    if (this.terraformJson) return this.terraformJson;
    const json = super.toTerraform();
    if (this.indexedImports.length > 0) {
      json.import = [
        ...(json.import ?? []),
        ...this.indexedImports.map(({ resource, index, id }) => ({
          to: `${resource.terraformResourceType}.${resource.friendlyUniqueId}[${index}]`,
          id,
        })),
      ];
    }
    // Preparing one stack can add outputs to another: keep the JSON only once all of them are prepared.
    const stacks = App.of(this).node.children.filter((c) => TerraformStack.isStack(c));
    if (stacks.every((s) => s instanceof VsphereStack && s.prepared)) this.terraformJson = json;
    return json;
  }

  /**
   * Make every `plan` and `apply` of this stack fail with `reason` (a
   * sentence): for the shared stacks of a partial synth, which hold only the
   * selected tenants' objects and would remove the others' when deployed.
   */
  public refuseDeployment(reason: string): void {
    new TerraformVariable(this, "partial_synth", {
      type: "string",
      default: reason,
      description: "Set by a partial synth (RZ_STACKS): this stack must not be deployed from this output.",
      validation: [{ condition: '${var.partial_synth == ""}', errorMessage: reason }],
    });
  }

  /**
   * Readable, hash-free logical ids: the construct path below the stack
   * joined with `_` (`workloads_finanzwesen_vm`), leaving out `default`, the
   * id of a construct's one main resource. Construct ids come from
   * config ids, so a resource's address only changes when its config id does.
   */
  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    return this.logicalIdOfPath(node.path);
  }

  /** The logical id an element at this construct path (`<stack>/a/b/default`) gets. */
  protected logicalIdOfPath(constructPath: string): string {
    const below = constructPath
      .split("/")
      .slice(1)
      .filter((id) => id !== "default");
    const id = logicalIdPart(below.join("_"));
    return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
  }

  /**
   * Take an existing vCenter object into state instead of creating it: an
   * `import` block for the resource at this construct path below the stack
   * (construct ids are part of the contract, see DESIGN.md) with the
   * provider's import id. A list imports the instances of a counted resource,
   * one id per index. Nothing happens without an id.
   */
  protected importExisting(constructPath: readonly string[], id: string | readonly string[] | undefined): void {
    if (id === undefined || (Array.isArray(id) && id.length === 0)) return;
    const node = constructPath.reduce<Construct>((scope, child) => {
      const next = scope.node.tryFindChild(child);
      if (!next) throw new Error(`${this.node.id}: nothing to import at ${constructPath.join("/")} (no ${child} below ${scope.node.path})`);
      return next as Construct;
    }, this);
    if (!TerraformResource.isTerraformResource(node)) throw new Error(`${this.node.id}: ${constructPath.join("/")} is not a resource`);
    if (typeof id === "string") node.importFrom(id);
    else
      (id as readonly string[]).forEach((one, index) => this.indexedImports.push({ resource: node as TerraformResource, index, id: one }));
  }

  /** A sensitive string variable without default, fed by `TF_VAR_<name>`. */
  protected secret(name: string, description: string): string {
    return new TerraformVariable(this, name, { type: "string", sensitive: true, description: `${description} (from TF_VAR_${name})` })
      .stringValue;
  }
}
