/** `npm run topology`: write the Mermaid topology of RZ_CONFIG to docs/topology.md (and stdout). */
import * as fs from "node:fs";
import { DEFAULT_CONFIG } from "../config/load";
import { topologyMarkdown, topologyMermaid } from "../report/topology";
import { configFile, loadOrExit } from "./cli";

const file = configFile();
const output = process.env.RZ_TOPOLOGY || "docs/topology.md";
const env = loadOrExit(file);
const markdown = topologyMarkdown(env, file);
fs.mkdirSync("docs", { recursive: true });
fs.writeFileSync(output, markdown);
if (file === DEFAULT_CONFIG) {
  // Keep the README's picture of the default environment current.
  const readme = fs.readFileSync("README.md", "utf8");
  const block = `<!-- topology:start -->\n\`\`\`mermaid\n${topologyMermaid(env).trimEnd()}\n\`\`\`\n<!-- topology:end -->`;
  fs.writeFileSync("README.md", readme.replace(/<!-- topology:start -->[\s\S]*<!-- topology:end -->/, block));
}
process.stdout.write(markdown);
