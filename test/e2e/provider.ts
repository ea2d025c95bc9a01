/**
 * The end-to-end suites need the vmware/vsphere provider. Where scripts/tools.sh
 * found none, their tests are skipped (jest counts them as skipped, and
 * `npm test` names each suite with the reason); with RZ_REQUIRE_E2E=1 they run
 * anyway and fail on the missing provider.
 */
import { providerStatus } from "../../runtime/harness";

const status = providerStatus();

export const PROVIDER_MISSING_REASON = status.available ? undefined : status.reason;

/** `describe` for a suite that needs the provider: `describe.skip` where none is available (unless RZ_REQUIRE_E2E=1). */
export const describeWithProvider: jest.Describe = status.available || process.env.RZ_REQUIRE_E2E === "1" ? describe : describe.skip;
