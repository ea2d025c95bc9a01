/** Generated Markdown as the project's own `prettier --check` wants it (the project's .prettierrc, wherever the file goes). */
import * as path from "node:path";
import * as prettier from "prettier";

const ROOT = path.resolve(__dirname, "..");

export async function formatMarkdown(markdown: string, file: string): Promise<string> {
  const options = (await prettier.resolveConfig(path.join(ROOT, "docs", "generated.md"))) ?? {};
  return prettier.format(markdown, { ...options, filepath: path.resolve(file), parser: "markdown" });
}
