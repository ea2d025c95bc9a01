/** IPv4 CIDR arithmetic for validation; no I/O, no name resolution. */

export interface Ipv4Range {
  /** First address as an unsigned 32-bit number. */
  readonly first: number;
  /** Last address as an unsigned 32-bit number. */
  readonly last: number;
  readonly prefix: number;
}

export interface ParsedCidr {
  readonly range?: Ipv4Range;
  /** Why the text is not a usable network, phrased to follow the value. */
  readonly problem?: string;
}

export function parseCidr(text: string): ParsedCidr {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) {
    return { problem: "is not an IPv4 CIDR (a.b.c.d/nn)" };
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return { problem: "is not an IPv4 CIDR (octets 0..255, prefix 0..32)" };
  }
  if (prefix < 8 || prefix > 30) {
    return { problem: "has a prefix outside /8../30" };
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) {
    return { problem: `has host bits set (network address is ${formatIpv4(address - (address % size))}/${prefix})` };
  }
  return { range: { first: address, last: address + size - 1, prefix } };
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Usable host addresses (network and broadcast excluded). */
export function usableHosts(range: Ipv4Range): number {
  return Math.max(0, range.last - range.first - 1);
}

/** The range of a well-formed CIDR of any prefix (0..32), for fixed tables such as reserved ranges. */
export function cidrRange(text: string): Ipv4Range | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const address = match.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0);
  const prefix = Number(match[5]);
  const size = 2 ** (32 - prefix);
  const first = address - (address % size);
  return { first, last: first + size - 1, prefix };
}

/** Does `outer` contain all of `inner`? */
export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** A dotted IPv4 address as an unsigned 32-bit number, or undefined when the text is not one. */
export function parseIpv4(text: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((o, i) => o > 255 || String(o) !== match[i + 1])) return undefined;
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

/** Where an address sits in a network: inside as a host, or its network or broadcast address, or outside. */
export function addressRole(range: Ipv4Range, address: number): "host" | "network" | "broadcast" | "outside" {
  if (address < range.first || address > range.last) return "outside";
  if (address === range.first) return "network";
  if (address === range.last) return "broadcast";
  return "host";
}
