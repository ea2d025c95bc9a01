/**
 * Ranges of domain values, one constant each, shared by the schema
 * (validation), the constructs (their own guards) and the compliance rules.
 * A leaf module: it imports nothing.
 */

/** An inclusive range of whole numbers. */
export interface IntRange {
  readonly min: number;
  readonly max: number;
}

/** `2..4094` */
export const showRange = (range: IntRange): string => `${range.min}..${range.max}`;

export const inRange = (range: IntRange, value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= range.min && value <= range.max;

/**
 * 802.1Q VLAN ids a port group may carry: not 0 (untagged), not 1 (the
 * native VLAN), not 4095 (guest tagging). Validation, `VlanPortGroup` and
 * compliance rule RZ-02 all use this range.
 */
export const VLAN_RANGE: IntRange = { min: 2, max: 4094 };

/** Desktops of one site: desktop names carry a three-digit number (`-001`..`-999`). */
export const DESKTOP_COUNT_RANGE: IntRange = { min: 0, max: 999 };

/** Digits of the running number in desktop names and computer names. */
export const DESKTOP_NUMBER_DIGITS = 3;

/**
 * PBKDF2 iterations of the state and plan encryption key (OpenTofu's pbkdf2
 * key provider, HMAC-SHA-512). The minimum is OpenTofu's own floor; the
 * default is OWASP's recommendation for PBKDF2-HMAC-SHA512 (Password Storage
 * Cheat Sheet: 210,000). OpenTofu's default, 600,000, is the figure for
 * SHA-256: with SHA-512 it costs about three times the CPU for the same
 * recommendation, and the engine derives the key several times per command
 * (each state, plan file and remote state it reads or writes). Decryption
 * reads the count stored with each state, so changing it never locks a state out.
 */
export const PBKDF2_ITERATIONS: IntRange & { readonly default: number } = { min: 200_000, max: 10_000_000, default: 210_000 };
