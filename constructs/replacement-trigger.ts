import { Construct, IValidation } from "constructs";
import { anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl, TerraformResource } from "cdktf";
import { ValidateTerraformVersion } from "cdktf/lib/validations/validate-terraform-version";

export interface ReplacementTriggerProps {
  /** Values whose change replaces the resources that list this trigger in `replace_triggered_by`. */
  readonly triggersReplace: Readonly<Record<string, string>>;
}

const HINT = "The built-in Terraform data resource is only supported for Terraform >=1.4. Please upgrade your Terraform version.";
/** The outcome of the one check per process (the binary, `TERRAFORM_BINARY_NAME`, is fixed for the process in cdktf too). */
let versionErrors: readonly string[] | undefined;

/**
 * cdktf's own Terraform version check for `terraform_data` (≥ 1.4), run once
 * per process: the check starts `terraform version`, and one per site stack
 * made that the largest cost of a synth. Same messages as cdktf's check.
 */
class TerraformVersionCheck implements IValidation {
  public validate(): string[] {
    versionErrors ??= new ValidateTerraformVersion(">=1.4", HINT).validate();
    return [...versionErrors];
  }
}

/**
 * A `terraform_data` resource with `triggers_replace`: Terraform's built-in
 * replacement trigger. Synthesises exactly like cdktf's `DataResource`
 * (`triggers_replace` only), without starting `terraform version` once per
 * instance.
 */
export class ReplacementTrigger extends TerraformResource {
  private readonly triggers: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ReplacementTriggerProps) {
    super(scope, id, { terraformResourceType: "terraform_data", terraformGeneratorMetadata: { providerName: "terraform" } });
    this.triggers = props.triggersReplace;
    this.node.addValidation(new TerraformVersionCheck());
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { input: hashMapper(anyToTerraform)(undefined), triggers_replace: hashMapper(anyToTerraform)(this.triggers) };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return { input: hashMapperHcl(anyToHclTerraform)(undefined), triggers_replace: hashMapperHcl(anyToHclTerraform)(this.triggers) };
  }
}
