/**
 * Search files for secret values the way an auditor would: every regular file
 * below a directory, and inside every zip archive (plan files are zips) each
 * member, inflated. Used by the end-to-end tests to prove that no credential
 * is readable at rest.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { inflateRawSync } from "node:zlib";

/** Where a needle was found: a file, or `archive.zip!member`. */
export interface Hit {
  readonly where: string;
  readonly needle: string;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The members of a zip archive, inflated; undefined when `data` is not one (or not one this reader knows). */
export function zipMembers(data: Buffer): Map<string, Buffer> | undefined {
  if (data.length < 22 || data.readUInt32LE(0) !== LOCAL) return undefined;
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
    if (data.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const members = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (data.readUInt32LE(at) !== CENTRAL) return undefined;
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.toString("utf8", at + 46, at + 46 + nameLength);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + compressed);
    members.set(name, method === 8 ? inflateRawSync(raw) : raw);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return members;
}

/** Every occurrence of any needle in `data` (and, for a zip, in its members). */
export function searchBuffer(data: Buffer, where: string, needles: readonly string[]): Hit[] {
  const hits: Hit[] = needles.filter((needle) => data.includes(needle)).map((needle) => ({ where, needle }));
  for (const [name, member] of zipMembers(data) ?? []) hits.push(...searchBuffer(member, `${where}!${name}`, needles));
  return hits;
}

/**
 * Search every regular file below `dir` (not following links; provider
 * binaries, which only the mirror's build holds, are skipped as too large to
 * matter) for the needles.
 */
export function searchTree(dir: string, needles: readonly string[]): { hits: Hit[]; files: number } {
  const hits: Hit[] = [];
  let files = 0;
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !entry.name.startsWith("terraform-provider-")) {
        files += 1;
        hits.push(...searchBuffer(fs.readFileSync(full), full, needles));
      }
    }
  };
  walk(dir);
  return { hits, files };
}
