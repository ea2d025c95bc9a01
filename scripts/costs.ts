/**
 * `npm run costs`: what each tenant and site pays for the platform, from the
 * price list (`prices:`) of RZ_CONFIG; Markdown to stdout and docs/costs.md
 * with its chart (docs/costs.svg). `--base FILE`: the cost change from FILE
 * to RZ_CONFIG as Markdown for a pull request. `--json`: one document.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { costChangeMarkdown, costsDocument, costsMarkdown, costsSvg } from "../report/cost-report";
import { costChange, costModel } from "../report/costs";
import { configFile, EXIT, JSON_OPTION, loadOrExit, parseCommandLine } from "./cli";
import { formatMarkdown } from "./format";

const { values } = parseCommandLine({
  command: "npm run costs --",
  summary:
    "Yearly and monthly cost per tenant, site and workload of RZ_CONFIG from its price list (prices:), the share of the shared platform and the saving against running alone; writes docs/costs.md and docs/costs.svg.",
  options: {
    base: {
      type: "string",
      value: "FILE",
      description: "print the cost change from FILE to RZ_CONFIG (Markdown for a pull request) instead of the report",
    },
    out: {
      type: "string",
      value: "FILE",
      description: "write the Markdown here (default docs/costs.md, its chart beside it as .svg; with --base or --json: none)",
    },
    json: JSON_OPTION,
  },
  details: ["environment: RZ_CONFIG (default config/dithmarschen.yaml)", "amounts: euros per year in whole cents; --json gives cents"],
});
const option = (name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);

async function main(): Promise<void> {
  const file = configFile();
  const env = loadOrExit(file);
  const model = costModel(env);
  if (!model) {
    process.stderr.write(`${file}: prices: is missing: npm run costs needs a price list (README, "Costs")\n`);
    process.exit(EXIT.FAILED);
  }
  const baseFile = option("base");
  const change = baseFile ? costChange(loadOrExit(baseFile), env) : undefined;
  const out = option("out") ?? (values.json || change ? undefined : "docs/costs.md");
  const markdown = change
    ? costChangeMarkdown(change, `## Cost change: \`${baseFile}\` → \`${file}\``)
    : costsMarkdown(model, file, out ? `${path.basename(out, ".md")}.svg` : undefined);
  const formatted = await formatMarkdown(markdown, out ?? "costs.md");
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, formatted);
    if (!change) fs.writeFileSync(path.join(path.dirname(out), `${path.basename(out, ".md")}.svg`), costsSvg(model));
  }
  process.stdout.write(values.json ? `${JSON.stringify(costsDocument(model, file, change), null, 2)}\n` : formatted);
}

main().catch((error) => {
  process.stderr.write(`[costs] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT.FAILED);
});
