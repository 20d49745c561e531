// Finding `/dxfix <verb> [arg]` lines in a comment body, knowing nothing of the verbs. Pure.
// A command counts only where a reader sees it as its own line of text: at the start of a
// line (up to three spaces of indentation, as Markdown allows), outside fenced code
// blocks, `>` quotes and HTML comments, so quoting, documenting or hiding a command never
// triggers it. A fourth space makes an indented code block: ignored too.
//
// Two Markdown rules hide text that looks like a line of its own:
// - an HTML comment (`<!-- ... -->`) may span lines and is not rendered at all, so a
//   command inside it is invisible to every reader of the thread;
// - a quote's paragraph continues lazily: a line right after `> text` (no blank line
//   between) belongs to the quote even without its own `>`.
// Both readings lean towards "not a command" where Markdown is ambiguous: a missed command
// is visible (no 👀), an invisible one acting would not be.

import { type FenceOpen, fenceCloses, fenceOpen } from "../../markdown/syntax.ts";

/** One command line: the verb (null for a bare `/dxfix`), its first argument and the rest. */
export interface CommandLine {
  verb: string | null;
  arg: string | null;
  /** Words after the first argument ("" when none); only free-text commands take them. */
  rest: string;
}

const COMMAND_LINE =
  /^ {0,3}\/dxfix(?:[ \t]+(?<verb>\S+)(?:[ \t]+(?<arg>\S+)(?<rest>[^\n]*))?)?[ \t]*$/i;
/** Commands live in top-level text: a fence indented four spaces is code, not a fence. */
const TOP_LEVEL = { maxIndent: 3 };
/** A quote line: up to three spaces, then `>`. */
const QUOTE = /^ {0,3}>/;
const COMMENT_OPEN = "<!--";
const COMMENT_CLOSE = "-->";

/** True when an HTML comment is still open at the end of `line` (`open`: at its start). */
export function commentOpenAfter(line: string, open: boolean): boolean {
  let inside = open;
  let i = 0;
  for (;;) {
    const next = line.indexOf(inside ? COMMENT_CLOSE : COMMENT_OPEN, i);
    if (next === -1) return inside;
    // From two characters into `<!--`: `<!-->` and `<!--->` are whole (empty) comments.
    i = next + (inside ? COMMENT_CLOSE.length : 2);
    inside = !inside;
  }
}

/** The text of a quote line after every `>` marker (nested quotes included). */
function quoted(line: string): string {
  let rest = line;
  while (QUOTE.test(rest)) rest = rest.replace(/^ {0,3}> ?/, "");
  return rest;
}

function parse(raw: string): CommandLine | null {
  const groups = COMMAND_LINE.exec(raw)?.groups;
  if (!groups) return null;
  return { verb: groups.verb ?? null, arg: groups.arg ?? null, rest: (groups.rest ?? "").trim() };
}

/** What the scanner knows between lines. */
interface State {
  fence: FenceOpen | null;
  /** Inside an HTML comment that has not closed yet. */
  comment: boolean;
  /** The previous line was quoted paragraph text, so this one may continue the quote. */
  lazyQuote: boolean;
}

/** The command on this line, if a reader would see one; updates `s` for the next line. */
function scanLine(raw: string, s: State): CommandLine | null {
  if (s.comment) {
    s.comment = commentOpenAfter(raw, true);
    return null;
  }
  if (s.fence) {
    if (fenceCloses(raw, s.fence, TOP_LEVEL)) s.fence = null;
    return null;
  }
  s.fence = fenceOpen(raw, TOP_LEVEL);
  if (s.fence) {
    s.lazyQuote = false;
    return null;
  }
  s.comment = commentOpenAfter(raw, false);
  if (raw.trim() === "") {
    s.lazyQuote = false;
    return null;
  }
  if (QUOTE.test(raw)) {
    s.lazyQuote = quoted(raw).trim() !== "";
    return null;
  }
  // Still inside the quote's paragraph: this line renders as part of the quote.
  if (s.lazyQuote) return null;
  return parse(raw);
}

/** Every command line of the body, in order. */
export function commandLines(body: string): CommandLine[] {
  const found: CommandLine[] = [];
  const state: State = { fence: null, comment: false, lazyQuote: false };
  for (const raw of body.split(/\r?\n/)) {
    const line = scanLine(raw, state);
    if (line) found.push(line);
  }
  return found;
}
