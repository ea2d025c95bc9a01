import * as path from "node:path";
import { Construct } from "constructs";
import { App, LocalBackend, TerraformElement, TerraformStack, TerraformVariable } from "cdktf";
import { Node } from "constructs";
import { VsphereProvider } from "@cdktf/provider-vsphere/lib/provider";

/** Connection and state settings every stack of one environment shares. */
export interface VsphereStackProps {
  /** vCenter address, `host` or `host:port`. */
  readonly vcenterServer: string;
  /** Skip TLS verification of vCenter (simulator and lab only). @default false */
  readonly allowUnverifiedSsl?: boolean;
  /** Directory of the local state files; relative paths are relative to `projectRoot`. */
  readonly stateDirectory: string;
  /** Project root that relative paths are resolved against. */
  readonly projectRoot: string;
}

/**
 * A stack that talks to vCenter: the vsphere provider with credentials from
 * sensitive variables (`TF_VAR_vsphere_user`, `TF_VAR_vsphere_password`) and
 * a local state file per stack.
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

    const outdir = App.of(this).outdir;
    const stackDir = path.resolve(outdir, "stacks", name);
    const stateFile = path.resolve(props.projectRoot, props.stateDirectory, `${name}.tfstate`);
    new LocalBackend(this, { path: path.relative(stackDir, stateFile) });
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
