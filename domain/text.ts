/**
 * Text from the environment file is data, never code. The character classes
 * and markers that decide it, shared by the validation (config/text.ts, which
 * refuses such text for every string of the file), the problem messages
 * (which escape it) and the template check on synthesised output.
 * A leaf module: it imports nothing.
 */

/**
 * Characters no name, description or id may contain: C0 and C1 controls and
 * DEL, bidirectional controls (U+061C, U+200E/F, U+202A..E, U+2066..9),
 * zero-width and invisible characters (U+00AD, U+034F, U+180E, U+200B..D,
 * U+2060..4, U+FEFF), line and paragraph separators (U+2028/9), the
 * noncharacters U+FFFE/F and unpaired surrogates.
 */
export const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- the policy names these characters on purpose
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// eslint-disable-next-line no-misleading-character-class -- the same class as UNPRINTABLE, global
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, "g");

/** What kind of unprintable character a code unit is, for messages. */
export function unprintableKind(char: string): string {
  const code = char.charCodeAt(0);
  if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return "control character";
  if (code === 0x061c || code === 0x200e || code === 0x200f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069))
    return "bidirectional control character";
  if (code === 0x2028 || code === 0x2029) return "line separator";
  if (code >= 0xd800 && code <= 0xdfff) return "unpaired surrogate";
  if (code === 0xfffe || code === 0xffff) return "noncharacter";
  return "invisible character";
}

/** `U+202E` */
export const codePoint = (char: string): string => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

/** The first unprintable character of a text, if any. */
export function firstUnprintable(text: string): { char: string; index: number } | undefined {
  const match = UNPRINTABLE.exec(text);
  return match ? { char: match[0], index: match.index } : undefined;
}

/** Replace every unprintable character by its `\uXXXX` escape: the text then shows as it is, on one line. */
export const escapeUnprintable = (text: string): string =>
  text.replace(UNPRINTABLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/**
 * cdktf's token markers: a string, list or map token (`${TfToken[TOKEN.1]}`,
 * `#{TfToken[...]}`, `&{TfToken[...]}`) that cdktf would resolve into a
 * reference (node_modules/cdktf/lib/tokens/private/encoding.js).
 */
export const CDKTF_TOKEN = /[$#&]\{TfToken\[/;

/** Terraform template syntax: an interpolation `${` or a directive `%{` (escaped `$${`, `%%{` contain them too). */
export const TEMPLATE_SYNTAX = /[$%]\{/;

/**
 * Does a number carry cdktf's token encoding (a double whose top 16 bits are
 * 0xfdff for a number token or 0xfbff for a number-list token)? Such a number
 * would be resolved into a reference instead of being written as a number.
 */
export function isCdktfTokenNumber(value: number): boolean {
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, value);
  const top = buffer.getUint16(0);
  return top === 0xfdff || top === 0xfbff;
}
