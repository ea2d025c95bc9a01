/** `npm run topology`: write the Mermaid topology of RZ_CONFIG to docs/topology.md (and stdout). */
import * as fs from "node:fs";
import { DEFAULT_CONFIG, loadEnvironment } from "../config/load";
import { ConfigError } from "../config/problems";
import { topologyMarkdown } from "../report/topology";

const file = process.env.RZ_CONFIG || DEFAULT_CONFIG;
const output = process.env.RZ_TOPOLOGY || "docs/topology.md";
try {
  const markdown = topologyMarkdown(loadEnvironment(file), file);
  fs.mkdirSync("docs", { recursive: true });
  fs.writeFileSync(output, markdown);
  process.stdout.write(markdown);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
