import * as fs from "node:fs";
import { renderJsonSchema, SCHEMA_FILE } from "../../scripts/write-schema";

describe("config/environment.schema.json", () => {
  test("is in sync with config/schema.ts (run `npm run schema` after changing the schema)", () => {
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(renderJsonSchema());
  });

  test("carries the field rules editors need", () => {
    const schema = JSON.parse(renderJsonSchema());
    const site = schema.properties.tenants.items.properties.sites.items;
    expect(site.properties.vlan).toMatchObject({ type: "integer", minimum: 2, maximum: 4094 });
    expect(site.additionalProperties).toBe(false);
    expect(schema.properties.clusters.items.properties.drs.properties.automationLevel.enum).toEqual([
      "manual",
      "partiallyAutomated",
      "fullyAutomated",
    ]);
  });
});
