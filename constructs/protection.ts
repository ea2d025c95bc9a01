/**
 * The one way a construct marks its resources protected from destroy
 * (Terraform `prevent_destroy`). Protected kinds are listed in
 * domain/protection.ts, which the plan report reads too.
 */

/** Props of a construct whose resources are protected from destroy. */
export interface DestroyProtectionProps {
  /** Refuse to destroy this (Terraform `prevent_destroy`); only test environments turn it off. @default true */
  readonly protectFromDestroy?: boolean;
}

/** The lifecycle block of a protected resource: `prevent_destroy` unless the props switch it off. */
export function protectedLifecycle(props: DestroyProtectionProps): { preventDestroy: boolean } {
  return { preventDestroy: props.protectFromDestroy ?? true };
}
