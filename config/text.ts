/**
 * The character and size policy every string of an environment file passes:
 * values and keys, whatever field they are in. Text reaches Terraform as
 * data, never as code: template syntax (`${`, `%{`) and cdktf token markers
 * are refused here, once, for every field; so are control, bidirectional and
 * invisible characters and strings above {@link TEXT_MAX} characters.
 * Fields add their own tighter limits (ids, names) in the schema.
 */
import { CDKTF_TOKEN, codePoint, firstUnprintable, isCdktfTokenNumber, TEMPLATE_SYNTAX, unprintableKind } from "../domain/text";
import { show } from "./problems";

/** No string of an environment file is longer (descriptions included). */
export const TEXT_MAX = 1024;

/** Why a string breaks the text policy, if it does. */
export function textProblem(text: string): string | undefined {
  if (CDKTF_TOKEN.test(text)) return `${show(text)} looks like a cdktf token: text is data, not a reference`;
  const template = TEMPLATE_SYNTAX.exec(text);
  if (template) return `${show(text)} contains Terraform template syntax "${template[0]}": text is data, not code`;
  const bad = firstUnprintable(text);
  if (bad) return `${show(text)} contains a ${unprintableKind(bad.char)} (${codePoint(bad.char)}) at character ${bad.index + 1}`;
  if (text.length > TEXT_MAX) return `${show(text)} is longer than ${TEXT_MAX} characters`;
  return undefined;
}

/** Why a number cannot be a value of the file, if it cannot. */
export function numberProblem(value: number, written: string): string | undefined {
  if (!Number.isFinite(value)) return `${written} is not a finite number`;
  if (isCdktfTokenNumber(value)) return `${written} is a cdktf token encoding, not a number`;
  return undefined;
}

/** Every string and number of a plain value that breaks the policy, with its path (for values that did not come from a file). */
export function textPolicyProblems(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === "string") {
      const problem = textProblem(item.value);
      if (problem) problems.push({ path: item.path, message: problem });
    } else if (typeof item.value === "number") {
      const problem = numberProblem(item.value, show(item.value));
      if (problem) problems.push({ path: item.path, message: problem });
    } else if (item.value !== null && typeof item.value === "object" && !seen.has(item.value)) {
      seen.add(item.value);
      for (const [key, child] of Object.entries(item.value)) {
        const problem = Array.isArray(item.value) ? undefined : textProblem(key);
        if (problem) problems.push({ path: item.path, message: `key ${problem}` });
        stack.push({ value: child, path: [...item.path, Array.isArray(item.value) ? Number(key) : key] });
      }
    }
  }
  return problems.reverse();
}
