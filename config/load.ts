/**
 * The edge: read one environment file, parse it, validate it completely and
 * return the typed {@link Environment}, or throw a {@link ConfigError} that
 * lists every problem. Nothing downstream sees unvalidated input.
 */
import { cachedEnvironment, keepEnvironment } from "./cache";
import { closeSync, constants, fstatSync, openSync, readSync, Stats, statSync } from "node:fs";
import { z } from "zod";
import { readDocument, readDocumentPrecisely } from "./document";
import { locateProblems } from "./positions";
import { ConfigError, ConfigProblem, formatPath, show } from "./problems";
import { checkRules } from "./rules";
import { documentEnvironmentSchema, Environment } from "./schema";

export const DEFAULT_CONFIG = "config/dithmarschen.yaml";

export { formatPath };

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

function describeIssue(issue: z.ZodIssue, input: unknown): ConfigProblem[] {
  const path = formatPath(issue.path);
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return [
        issue.received === "undefined"
          ? { path, message: `is missing (required ${issue.expected})` }
          : issue.received === "float" && issue.expected === "integer"
            ? { path, message: `${show(value)} is not a whole number` }
            : { path, message: `${show(value)} is a ${issue.received}, expected ${issue.expected}` },
      ];
    case z.ZodIssueCode.unrecognized_keys:
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: "is not a known field" }));
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_literal:
      return [
        {
          path,
          message: `${show(value)} is not one of ${"options" in issue ? issue.options.map((o) => show(o)).join(", ") : show(issue.expected)}`,
        },
      ];
    case z.ZodIssueCode.too_small:
      return [
        issue.type === "array"
          ? { path, message: `has ${Array.isArray(value) ? value.length : 0} item(s); at least ${issue.minimum} required` }
          : { path, message: `${show(value)} ${issue.message}` },
      ];
    case z.ZodIssueCode.too_big:
      return [
        issue.type === "array"
          ? { path, message: `has ${Array.isArray(value) ? value.length : 0} item(s); at most ${issue.maximum} allowed` }
          : { path, message: `${show(value)} ${issue.message}` },
      ];
    case z.ZodIssueCode.invalid_union_discriminator:
      return [{ path, message: `${show(value)} is not one of ${issue.options.map((o) => show(o)).join(", ")}` }];
    case z.ZodIssueCode.invalid_string:
    case z.ZodIssueCode.not_multiple_of:
      return [{ path, message: `${show(value)} ${issue.message}` }];
    case z.ZodIssueCode.custom:
      return [{ path, message: issue.message }];
    default:
      return [{ path, message: `${show(value)}: ${issue.message}` }];
  }
}

/**
 * Parse and validate environment text; `file` is only used in messages. Throws only {@link ConfigError}.
 * `precise` skips the fast path of the YAML reading (for the test that compares both paths; the result is the same).
 */
export function parseEnvironment(text: string, file: string, options: { readonly precise?: boolean } = {}): Environment {
  const document = options.precise ? readDocumentPrecisely(text) : readDocument(text);
  if (document.problems.length > 0) throw new ConfigError(file, locateProblems(text, document.problems));
  const input = document.value;
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ConfigError(file, [{ path: "", message: `${show(input)} is not a mapping of environment fields`, line: 1, col: 1 }]);
  }
  const parsed = documentEnvironmentSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      file,
      locateProblems(
        text,
        parsed.error.issues.flatMap((issue) => describeIssue(issue, input)),
      ),
    );
  }
  const problems = checkRules(parsed.data);
  if (problems.length > 0) {
    throw new ConfigError(file, locateProblems(text, problems));
  }
  return parsed.data;
}

/** Environment files are at most this large. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const fileKind = (stat: Stats): string =>
  stat.isDirectory()
    ? "a directory"
    : stat.isFIFO()
      ? "a FIFO"
      : stat.isCharacterDevice()
        ? "a character device"
        : stat.isBlockDevice()
          ? "a block device"
          : stat.isSocket()
            ? "a socket"
            : "not a regular file";

const MB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Read an environment file's text: a regular file (checked before it is
 * opened, so a FIFO or a device never blocks or floods the process, and again
 * on the open descriptor), at most {@link MAX_FILE_BYTES}, valid UTF-8.
 */
export function readEnvironmentText(file: string): string {
  const refuse = (message: string): never => {
    throw new ConfigError(file, [{ path: "", message }]);
  };
  const errno = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (error) {
    return refuse(`cannot be read (${errno(error)})`);
  }
  if (!stat.isFile()) refuse(`is ${fileKind(stat)}, not a regular file`);
  if (stat.size > MAX_FILE_BYTES) refuse(`is ${MB(stat.size)}; an environment file is at most ${MB(MAX_FILE_BYTES)}`);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return refuse(`cannot be read (${errno(error)})`);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) refuse(`is ${fileKind(opened)}, not a regular file`);
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_FILE_BYTES) refuse(`is larger than ${MB(MAX_FILE_BYTES)}; an environment file is at most that`);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      const bad = firstInvalidUtf8(buffer.subarray(0, length));
      return refuse(`is not UTF-8 text (invalid byte 0x${buffer[bad].toString(16).padStart(2, "0")} at offset ${bad})`);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    return refuse(`cannot be read (${errno(error)})`);
  } finally {
    closeSync(fd);
  }
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence (for the message only). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const [length, min] =
      b < 0x80
        ? [1, 0]
        : b >= 0xc2 && b <= 0xdf
          ? [2, 0x80]
          : b >= 0xe0 && b <= 0xef
            ? [3, 0x800]
            : b >= 0xf0 && b <= 0xf4
              ? [4, 0x10000]
              : [0, 0];
    if (length === 0 || i + length > bytes.length) return i;
    let code = length === 1 ? b : b & (0x7f >> length);
    for (let k = 1; k < length; k++) {
      if ((bytes[i + k] & 0xc0) !== 0x80) return i;
      code = (code << 6) | (bytes[i + k] & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}

/**
 * Read, parse and validate one environment file. A file that validated
 * before, with the same text and validation code, is read from the cache
 * (config/cache.ts) instead of being parsed and validated again.
 */
export function loadEnvironment(file: string): Environment {
  const text = readEnvironmentText(file);
  const cached = cachedEnvironment(text);
  if (cached) return cached;
  const environment = parseEnvironment(text, file);
  keepEnvironment(text, environment);
  return environment;
}
