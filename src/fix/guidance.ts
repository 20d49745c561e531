// What a person says to the fixer reaches a coding agent as part of its prompt, so only
// what a reviewer can see on the rendered comment may pass: hidden text is the usual
// carrier of prompt injection. Removed: HTML comments, invisible and zero-width
// characters (including Unicode tag characters, the "ASCII smuggling" channel), hidden
// HTML elements and attributes, image alt text, link titles and character references to
// invisible characters. Pure; every pattern starts on a literal and its repeats are
// bounded, and the input is capped at GitHub's comment size.

/** Characters that render as nothing (or reorder text) and so can hide instructions. */
const INVISIBLE =
  /[\u00AD\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF0-\uFFFB]|\u034F|[\u180B-\u180D\u180F]|[\uFE00-\uFE0F]|[\u{E0000}-\u{E007F}]|[\u{E0100}-\u{E01EF}]/gu;
/** C0/C1 controls other than tab and newline. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** An HTML comment, or an unterminated one running to the end. */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** `![alt](url "title")` → `![](url)`: alt text is not shown when the image loads. */
const MD_IMAGE = /!\[[^\]\n]{0,1000}\]\(\s*([^\s)]{0,2000})[^)\n]{0,1000}\)/g;
/** `[text](url "title")`: the title shows only on hover. */
const MD_LINK_TITLE = /(\]\(\s*[^\s)]{0,2000})\s+(?:"[^"\n]{0,1000}"|'[^'\n]{0,1000}')\s*\)/g;
/** Attributes that carry text a reader does not see. */
const HIDDEN_ATTRIBUTE =
  /\s(?:alt|title|aria-[\w-]{1,40}|data-[\w-]{1,40}|style|class)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;
/** An element hidden by the `hidden` attribute or a `display:none` style, with its content. */
const HIDDEN_ELEMENT =
  /<([a-z][a-z0-9]{0,20})\b[^>]{0,2000}?\s(?:hidden\b|style\s*=\s*["'][^"']{0,500}display\s*:\s*none)[^>]{0,2000}>[\s\S]*?<\/\1\s*>/gi;

export interface GuidanceComment {
  author: string;
  body: string;
  createdAt: string;
  url?: string | null;
}

/** Most characters kept from one comment (a brief has room for the rest of the work). */
export const MAX_GUIDANCE_CHARS = 8000;

/** `&#8203;`, `&#x200B;`: a character reference can spell an invisible character too. */
const CHAR_REFERENCE = /&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));/g;

function dropInvisibleReference(ref: string, hex: string | undefined, dec: string | undefined) {
  const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
  if (!Number.isInteger(code) || code > 0x10ffff) return "";
  const char = String.fromCodePoint(code);
  return char.replace(INVISIBLE, "").replace(CONTROL, "") === "" ? "" : ref;
}

/** The visible text of a Markdown comment, with every hiding place emptied. */
export function sanitiseGuidance(body: string, max = MAX_GUIDANCE_CHARS): string {
  // GitHub caps a comment at 65,536 characters; nothing longer is a real comment.
  let text = body.slice(0, 65_536).normalize("NFC");
  text = text.replace(HTML_COMMENT, "");
  text = text.replace(HIDDEN_ELEMENT, "");
  // Attributes inside any remaining tag: `<img alt="…">`, `<span title="…">`.
  text = text.replace(/<[a-z][^<>]{0,4000}>/gi, (tag) => tag.replace(HIDDEN_ATTRIBUTE, ""));
  text = text.replace(MD_IMAGE, "![]($1)");
  text = text.replace(MD_LINK_TITLE, "$1)");
  text = text.replace(INVISIBLE, "").replace(CONTROL, "");
  text = text.replace(CHAR_REFERENCE, dropInvisibleReference);
  text = text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (text.length > max) text = `${text.slice(0, max)}\n[… cut at ${max} characters]`;
  return text;
}
