/** `npm run topology`: write the Mermaid topology of RZ_CONFIG to docs/topology.md (and stdout), formatted as prettier writes it. */
import * as fs from "node:fs";
import { DEFAULT_CONFIG } from "../config/load";
import { topologyMarkdown, topologyMermaid } from "../report/topology";
import { configFile, loadOrExit, parseCommandLine } from "./cli";
import { formatMarkdown } from "./format";

parseCommandLine({
  command: "npm run topology --",
  summary:
    "Write the Mermaid topology of RZ_CONFIG to docs/topology.md (RZ_TOPOLOGY) and stdout; for the default file also into README.md.",
  details: ["environment: RZ_CONFIG (default config/dithmarschen.yaml), RZ_TOPOLOGY (output file, default docs/topology.md)"],
});

async function main(): Promise<void> {
  const file = configFile();
  const output = process.env.RZ_TOPOLOGY || "docs/topology.md";
  const env = loadOrExit(file);
  const markdown = await formatMarkdown(topologyMarkdown(env, file), output);
  fs.mkdirSync("docs", { recursive: true });
  fs.writeFileSync(output, markdown);
  if (file === DEFAULT_CONFIG) {
    // Keep the README's picture of the default environment current.
    const readme = fs.readFileSync("README.md", "utf8");
    const block = `<!-- topology:start -->\n\`\`\`mermaid\n${topologyMermaid(env).trimEnd()}\n\`\`\`\n<!-- topology:end -->`;
    fs.writeFileSync(
      "README.md",
      readme.replace(/<!-- topology:start -->[\s\S]*<!-- topology:end -->/, () => block),
    );
  }
  process.stdout.write(markdown);
}

main().catch((error) => {
  process.stderr.write(`[topology] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
