/**
 * Writes config/environment.schema.json from the zod schema, for editors
 * (`# yaml-language-server: $schema=./environment.schema.json`).
 * `npm run schema`; a test fails when the committed file is out of date.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { zodToJsonSchema } from "zod-to-json-schema";
import { environmentSchema } from "../config/schema";
import { parseCommandLine } from "./cli";

export const SCHEMA_FILE = path.join(__dirname, "..", "config", "environment.schema.json");

export function renderJsonSchema(): string {
  const schema = zodToJsonSchema(environmentSchema, { target: "jsonSchema7", $refStrategy: "none" });
  const document = {
    ...schema,
    $id: "https://rz-dithmarschen.example/environment.schema.json",
    title: "rz-dithmarschen environment",
    description:
      "One environment of the RZ platform: clusters, network, images, tenants. Generated from config/schema.ts by `npm run schema`.",
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (require.main === module) {
  parseCommandLine({
    command: "npm run schema --",
    summary: "Write config/environment.schema.json from the zod schema (config/schema.ts), for editors.",
  });
  fs.writeFileSync(SCHEMA_FILE, renderJsonSchema());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
