// Untrusted text (plan titles, criteria, tool output, test names) on its way into
// GitHub-flavoured Markdown. Everything here is about what GitHub would otherwise
// do with it: notify people (@-mentions), cross-link issues (#123), render HTML,
// or let a forged `<!-- dxfix:... -->` marker fool the code that finds our comment.

/** Zero-width space: invisible, but breaks GitHub's mention and reference detection. */
const ZWSP = "\u200B";

/** `@user` / `@org/team` and `#123` stop being mentions and issue references. */
import { splitCodeSpans } from "../markdown/syntax.ts";
export function noMentions(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`).replace(/#(?=\d)/g, `#${ZWSP}`);
}

/**
 * Text that holds an HTML comment delimiter (our markers are `<!-- dxfix:... -->`).
 * Code that does goes out as HTML with entities, never with invisible characters:
 * the reader copies exactly what the tool printed, and no text of ours can open or
 * close a hidden block in the raw body.
 */
export function hasMarkerSyntax(text: string): boolean {
  return text.includes("<!--") || /--!?>/.test(text);
}

/** Terminal escapes and other control characters tool output may carry. */
export function stripControl(text: string, keepNewlines = true): string {
  const noAnsi = text.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g, "");
  const lines = noAnsi.replace(/\r\n/g, "\n").replace(/\r/g, "\n");
  const cleaned = lines.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
  return keepNewlines ? cleaned : cleaned.replace(/[\n\t]+/g, " ");
}

function htmlEntities(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Markdown punctuation that could start emphasis, links, images or strike-through. */
function markdownPunctuation(text: string): string {
  return text.replace(/[\\*_[\]~`]/g, (c) => `\\${c}`);
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

/**
 * An inline code span holding `text` literally, whatever backticks it contains:
 * the fence is one backtick longer than the longest run inside, padded with a
 * space when the content starts or ends with a backtick (CommonMark 6.1).
 */
export function codeSpan(text: string): string {
  const content = stripControl(text, false);
  if (content === "") return "` `";
  if (hasMarkerSyntax(content)) return htmlCode(content);
  const fence = "`".repeat(longestRun(content, "`") + 1);
  const pad =
    content.startsWith("`") ||
    content.endsWith("`") ||
    (content.startsWith(" ") && content.endsWith(" ") && content.trim() !== "");
  return pad ? `${fence} ${content} ${fence}` : `${fence}${content}${fence}`;
}

/**
 * `<code>` for places where a code span cannot go (table cells, `<summary>`). GitHub
 * links no mention inside code, so the text stays exactly as it was.
 */
export function htmlCode(text: string): string {
  const content = htmlEntities(stripControl(text, false)).replace(/\|/g, "&#124;");
  return `<code>${content}</code>`;
}

/**
 * A fenced code block whose fence is longer than any backtick run inside, so
 * tool output can never close it early; text with an HTML comment delimiter goes in
 * a `<pre>` with entities instead (it shows and copies the same). Ends with a newline.
 */
export function codeBlock(text: string, lang = ""): string {
  const content = stripControl(text).replace(/\n+$/, "");
  if (hasMarkerSyntax(content)) return `<pre>${htmlEntities(content)}</pre>\n`;
  const fence = "`".repeat(Math.max(3, longestRun(content, "`") + 1));
  return `${fence}${lang}\n${content}\n${fence}\n`;
}

function renderPart(part: { code: boolean; text: string }, cell: boolean): string {
  if (part.code) return cell ? htmlCode(part.text) : codeSpan(part.text);
  const escaped = markdownPunctuation(htmlEntities(noMentions(part.text)));
  return cell ? escaped.replace(/\|/g, "\\|") : escaped;
}

function renderInline(text: string, cell: boolean): string {
  const flat = stripControl(text, false);
  return splitCodeSpans(flat)
    .map((part) => renderPart(part, cell))
    .join("");
}

/**
 * One line of untrusted text as inline Markdown: the plan's own `code spans`
 * still render as code, everything else is literal (no HTML, no emphasis, no
 * links, no mentions, no markers), newlines become spaces.
 */
export function escapeInline(text: string): string {
  return renderInline(text, false);
}

/** Like escapeInline, for a table cell: `|` cannot split the cell, code uses `<code>`. */
export function escapeCell(text: string): string {
  return renderInline(text, true);
}

/** Text inside an HTML element such as `<summary>`, where Markdown is not parsed. */
export function escapeHtml(text: string): string {
  return htmlEntities(noMentions(stripControl(text, false)));
}

/**
 * Like escapeInline (or escapeCell), shortened to `max` visible characters without
 * cutting inside one of the plan's code spans: a span that does not fit is cut and
 * closed again, and the ellipsis goes after it.
 */
export function escapeInlineCut(text: string, max: number, cell = false): string {
  const flat = stripControl(text, false);
  if ([...flat].length <= max) return renderInline(flat, cell);
  let room = Math.max(0, max - 1);
  const out: string[] = [];
  for (const part of splitCodeSpans(flat)) {
    if (room <= 0) break;
    const chars = [...part.text];
    const kept = chars.length <= room ? part.text : chars.slice(0, room).join("");
    room -= Math.min(chars.length, room);
    out.push(renderPart({ code: part.code, text: kept }, cell));
  }
  return `${out.join("")}…`;
}

/** Shorten to at most `max` characters (code points kept whole), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}
