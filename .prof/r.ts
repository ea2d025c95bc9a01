import * as fs from "node:fs";
import { readDocument } from "../config/document";
import { documentEnvironmentSchema } from "../config/schema";
import * as rules from "../config/rules";
const text = fs.readFileSync("/tmp/env100.yaml", "utf8");
const env = (documentEnvironmentSchema.safeParse(readDocument(text).value) as any).data;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const times: [string, number][] = [];
for (const [name, rule] of Object.entries(rules)) {
  if (typeof rule !== "function" || name === "checkRules" || rule.length !== 1) continue;
  const t = cpu();
  try { (rule as any)(env); } catch { continue; }
  times.push([name, cpu() - t]);
}
times.sort((a, b) => b[1] - a[1]);
console.log(times.slice(0, 12).map(([n, s]) => `${n} ${s.toFixed(4)}`).join("\n"));
console.log("total", times.reduce((a, b) => a + b[1], 0).toFixed(3));
