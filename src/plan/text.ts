// Low-level text helpers shared by the parsers: lines with offsets (any line ending),
// indentation and emphasis. Code spans and fences are in src/markdown/syntax.ts.

const LF = 0x0a;
const CR = 0x0d;

export interface Line {
  /** 1-based line number. */
  number: number;
  /** Offset of the first character of the line in the source. */
  start: number;
  /** The line without its line ending. */
  text: string;
}

/** Splits on \n, \r\n and lone \r, keeping exact offsets so edits can be byte-precise. */
export function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let number = 1;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    if (c === LF || c === CR) {
      lines.push({ number: number++, start, text: source.slice(start, i) });
      if (c === CR && source.charCodeAt(i + 1) === LF) i++;
      start = i + 1;
    }
  }
  if (start < n || lines.length === 0) lines.push({ number, start, text: source.slice(start) });
  return lines;
}

/** Width of leading whitespace, tabs counting to the next multiple of 4 (CommonMark). */
export function indentWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === " ") w++;
    else if (c === "\t") w += 4 - (w % 4);
    else break;
  }
  return w;
}

/** Removes surrounding emphasis markers (`_x_`, `**x**`, `*x*`) and whitespace. */
export function stripEmphasis(text: string): string {
  let t = text.trim();
  for (;;) {
    const inner = /^(?<mark>\*\*|__|\*|_)(?<inner>.*)\k<mark>$/s.exec(t)?.groups?.inner;
    if (!inner) break;
    t = inner.trim();
  }
  return t.replace(/^(\*\*|__)|(\*\*|__)$/g, "").trim();
}

// Hand-written pieces of the heading patterns. A pattern such as `^#+[ \t]+(.*?)[ \t#]*$`
// backtracks quadratically on a long line of spaces (the lazy text retries the tail at
// every position), so the tails are found from the end of the line instead, in one pass.

/** JavaScript's `\s` for one character code. */
export function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `[ \t]`. */
export function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** What a regular expression's `.` does not match. */
export function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/** Start of the run of characters satisfying `keep` that ends at `end` (not before `from`). */
export function runStartBefore(
  text: string,
  end: number,
  keep: (c: number) => boolean,
  from = 0,
): number {
  let i = end;
  while (i > from && keep(text.charCodeAt(i - 1))) i--;
  return i;
}

/** End of the run of characters satisfying `keep` that starts at `from`. */
export function runEndAfter(text: string, from: number, keep: (c: number) => boolean): number {
  let i = from;
  while (i < text.length && keep(text.charCodeAt(i))) i++;
  return i;
}

/** True when `text` has a character `.` does not match between `from` and `to`. */
export function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isLineBreak(text.charCodeAt(i))) return true;
  return false;
}

/** An ATX heading's `#` run: where it ends, or -1 (not 1 to 6 `#` then a blank or the end). */
export function hashRun(text: string, from: number): number {
  const end = runEndAfter(text, from, (c) => c === 0x23);
  const n = end - from;
  if (n < 1 || n > 6) return -1;
  return end;
}

/** Start of the optional closing sequence of an ATX heading: `[ \t]+#+[ \t]*` at the end. */
function closingStart(text: string, from: number): number {
  const a = runStartBefore(text, text.length, isBlank, from);
  const h = runStartBefore(text, a, (c) => c === 0x23, from);
  const s = runStartBefore(text, h, isBlank, from);
  return h < a && s < h && s >= from ? s : a;
}

/**
 * A heading line as `^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$` reads it (the
 * Kiro scanner's pattern), in linear time: the `#` count and the text, untrimmed; null
 * when the line is not a heading.
 */
export function atxHeading(text: string): { level: number; text: string } | null {
  const lead = runEndAfter(text, 0, (c) => c === 0x20);
  const end = lead <= 3 ? hashRun(text, lead) : -1;
  if (end === -1) return null;
  if (end === text.length) return { level: end - lead, text: "" };
  if (!isBlank(text.charCodeAt(end)) || hasLineBreak(text, end, text.length)) return null;
  const j = runEndAfter(text, end, isBlank);
  return { level: end - lead, text: text.slice(j, Math.max(j, closingStart(text, j))) };
}

/**
 * The text of a heading whose tail is `pattern` (from `from`, the first character after
 * the blanks that follow the `#`s): the shortest text the lazy `(.*?)` of the pattern
 * would take, or null when a line break sits inside it (where `.` fails).
 */
export function headingText(
  text: string,
  from: number,
  tail: "blanks-and-hashes" | "spaces-hashes-spaces",
): string | null {
  let e: number;
  if (tail === "blanks-and-hashes") {
    // `[ \t#]*$`
    e = runStartBefore(text, text.length, (c) => isBlank(c) || c === 0x23, from);
  } else {
    // `\s*#*\s*$`
    const a = runStartBefore(text, text.length, isSpace, from);
    const h = runStartBefore(text, a, (c) => c === 0x23, from);
    e = runStartBefore(text, h, isSpace, from);
  }
  return hasLineBreak(text, from, e) ? null : text.slice(from, e);
}
