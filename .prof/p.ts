import * as fs from "node:fs";
import { stringify } from "yaml";
import { environmentOf } from "../bench/generate";
import { readDocument } from "../config/document";
import { documentEnvironmentSchema } from "../config/schema";
import { checkRules } from "../config/rules";
import { parseEnvironment } from "../config/load";
const text = stringify(environmentOf(100));
fs.writeFileSync("/tmp/env100.yaml", text);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
for (let round = 0; round < 3; round++) {
  let t = cpu(); const doc = readDocument(text); const a = cpu() - t;
  t = cpu(); const parsed = documentEnvironmentSchema.safeParse(doc.value); const b = cpu() - t;
  t = cpu(); const problems = checkRules((parsed as any).data); const c = cpu() - t;
  t = cpu(); parseEnvironment(text, "x"); const d = cpu() - t;
  console.log(`round ${round}: yaml ${a.toFixed(3)} zod ${b.toFixed(3)} rules ${c.toFixed(3)} (${problems.length}) whole ${d.toFixed(3)} bytes ${text.length}`);
}
