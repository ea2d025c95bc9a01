/** `*`-globs for stack names and resource addresses: `*` matches any run of characters, nothing else is special. */
export function globToRegExp(glob: string): RegExp {
  const literal = (part: string) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${glob.split("*").map(literal).join(".*")}$`);
}
