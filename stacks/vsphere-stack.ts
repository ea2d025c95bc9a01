import * as path from "node:path";
import { Construct } from "constructs";
import { App, LocalBackend, PgBackend, PgBackendConfig, TerraformElement, TerraformStack, TerraformVariable } from "cdktf";
import { Node } from "constructs";
import { VsphereProvider } from "@cdktf/provider-vsphere/lib/provider";

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
    const id = below.join("_").replace(/[^A-Za-z0-9_-]/g, "-");
    return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
  }

  /** A sensitive string variable without default, fed by `TF_VAR_<name>`. */
  protected secret(name: string, description: string): string {
    return new TerraformVariable(this, name, { type: "string", sensitive: true, description: `${description} (from TF_VAR_${name})` })
      .stringValue;
  }
}
