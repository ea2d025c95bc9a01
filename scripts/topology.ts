/** `npm run topology`: write the Mermaid topology of RZ_CONFIG to docs/topology.md (and stdout). */
import * as fs from "node:fs";
import { DEFAULT_CONFIG, loadEnvironment } from "../config/load";
import { ConfigError } from "../config/problems";
import { topologyMarkdown, topologyMermaid } from "../report/topology";

const file = process.env.RZ_CONFIG || DEFAULT_CONFIG;
const output = process.env.RZ_TOPOLOGY || "docs/topology.md";
try {
  const env = loadEnvironment(file);
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
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
