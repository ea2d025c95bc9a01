/**
 * The edge: read one environment file, parse it, validate it completely and
 * return the typed {@link Environment}, or throw a {@link ConfigError} that
 * lists every problem. Nothing downstream sees unvalidated input.
 */
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { z } from "zod";
import { locateProblems } from "./positions";
import { ConfigError, ConfigProblem, show } from "./problems";
import { checkRules } from "./rules";
import { Environment, environmentSchema } from "./schema";

export const DEFAULT_CONFIG = "config/dithmarschen.yaml";

/** `["tenants", 0, "sites", 2, "vlan"]` → `tenants[0].sites[2].vlan` */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), "");
}

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

/** Parse and validate environment text; `file` is only used in messages. */
export function parseEnvironment(text: string, file: string): Environment {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        const reason = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        return { path: "", message: `YAML syntax error: ${reason}`, line: at?.line ?? 1, col: at?.col ?? 1 };
      }),
    );
  }
  const input: unknown = doc.toJS();
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ConfigError(file, [{ path: "", message: `${show(input)} is not a mapping of environment fields`, line: 1, col: 1 }]);
  }
  const parsed = environmentSchema.safeParse(input);
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

/** Read, parse and validate one environment file. */
export function loadEnvironment(file: string): Environment {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, [{ path: "", message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  return parseEnvironment(text, file);
}
