// The two pieces of CommonMark syntax dxfix reads by hand: inline code spans and
// fenced code blocks. One implementation for every reader (plans, comments, reports);
// pure, with no imports, so any layer may use it.

const BACKTICK = 0x60;
const SPACE = 0x20;
const TAB = 0x09;

export interface CodeSpan {
  /** The code, with CommonMark's one leading and trailing space stripped. */
  content: string;
  /** Index in the text of the opening backtick. */
  start: number;
  /** Index just past the closing backtick. */
  end: number;
}

export interface InlineCode {
  spans: CodeSpan[];
  /** Index of the first backtick run that never closes, or -1. */
  unclosed: number;
}

/** Index just past the run of backticks starting at `from`. */
function runEnd(text: string, from: number): number {
  let i = from;
  while (text.charCodeAt(i) === BACKTICK) i++;
  return i;
}

/** Start of the next run of exactly `length` backticks at or after `from`, or -1. */
export function closingRun(text: string, from: number, length: number): number {
  let k = text.indexOf("`", from);
  while (k !== -1) {
    const end = runEnd(text, k);
    if (end - k === length) return k;
    k = text.indexOf("`", end);
  }
  return -1;
}

/**
 * CommonMark strips one leading and one trailing space when both are there, unless
 * the code is nothing but spaces (`` `  ` `` keeps both).
 */
export function spanContent(raw: string): string {
  const padded = raw.charCodeAt(0) === SPACE && raw.charCodeAt(raw.length - 1) === SPACE;
  return padded && !/^ +$/.test(raw) ? raw.slice(1, -1) : raw;
}

/** Every backtick run at or after `from`: start and length, in order. */
function backtickRuns(text: string, from: number): { start: number; length: number }[] {
  const runs: { start: number; length: number }[] = [];
  for (let i = text.indexOf("`", from); i !== -1; ) {
    const end = runEnd(text, i);
    runs.push({ start: i, length: end - i });
    i = text.indexOf("`", end);
  }
  return runs;
}

/**
 * CommonMark code spans: a run of n backticks closes at the next run of exactly n.
 * Linear: the runs are listed once and, per length, a cursor walks its runs forward.
 * (Searching the rest of the text for each opener that never closes was quadratic on
 * runs of many different lengths.)
 */
export function scanSpans(text: string, from: number): InlineCode & { unclosedLength: number } {
  const runs = backtickRuns(text, from);
  const byLength = new Map<number, { at: number[]; next: number }>();
  runs.forEach((run, index) => {
    const list = byLength.get(run.length) ?? { at: [], next: 0 };
    list.at.push(index);
    byLength.set(run.length, list);
  });
  const spans: CodeSpan[] = [];
  let unclosed = -1;
  let unclosedLength = 0;
  for (let j = 0; j < runs.length; ) {
    const run = runs[j] as { start: number; length: number };
    const same = byLength.get(run.length) as { at: number[]; next: number };
    while ((same.at[same.next] ?? Number.POSITIVE_INFINITY) <= j) same.next++;
    const closer = same.at[same.next];
    const close = closer === undefined ? undefined : runs[closer];
    if (closer === undefined || close === undefined) {
      if (unclosed === -1) [unclosed, unclosedLength] = [run.start, run.length];
      j++;
      continue;
    }
    const open = run.start + run.length;
    const content = spanContent(text.slice(open, close.start));
    spans.push({ content, start: run.start, end: close.start + run.length });
    j = closer + 1;
  }
  return { spans, unclosed, unclosedLength };
}

/** CommonMark code spans: a run of n backticks closes at the next run of exactly n. */
export function codeSpans(text: string): InlineCode {
  const { spans, unclosed } = scanSpans(text, 0);
  return { spans, unclosed };
}

/**
 * Whether a code span is still open after `piece` is appended (after a space) to a text
 * whose first unclosed backtick run had `openLength` backticks (0: none). Lets a reader
 * joining wrapped lines ask "is a span open?" per line without rescanning the whole,
 * growing text (that was quadratic on a bullet wrapped over many lines).
 * Returns the new `openLength`.
 */
export function openAfterAppend(openLength: number, piece: string): number {
  if (openLength === 0) return scanSpans(piece, 0).unclosedLength;
  const k = closingRun(piece, 0, openLength);
  return k === -1 ? openLength : scanSpans(piece, k + openLength).unclosedLength;
}

/** Length of the first backtick run of `text` that never closes, or 0. */
export function openRunLength(text: string): number {
  return scanSpans(text, 0).unclosedLength;
}

/** The text cut into plain parts and code spans, in order (an unclosed run stays plain). */
export function splitCodeSpans(text: string): Array<{ code: boolean; text: string }> {
  const parts: Array<{ code: boolean; text: string }> = [];
  let plainStart = 0;
  for (const span of codeSpans(text).spans) {
    if (span.start > plainStart)
      parts.push({ code: false, text: text.slice(plainStart, span.start) });
    parts.push({ code: true, text: span.content });
    plainStart = span.end;
  }
  if (plainStart < text.length) parts.push({ code: false, text: text.slice(plainStart) });
  return parts;
}

export interface FenceOpen {
  char: "`" | "~";
  /** Length of the opening run; the closing run must be at least as long. */
  length: number;
  /** First word of the info string (the language), or "". */
  info: string;
  /** Leading whitespace characters before the fence. */
  indent: number;
}

/**
 * How far a fence may be indented. By default any indentation is accepted (a fence
 * nested in a list item is indented); `{ maxIndent: 3 }` is CommonMark's rule at the
 * top level of a document, where four columns would make indented code instead.
 */
export interface FenceIndent {
  maxIndent?: number;
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;

function indentAllowed(lead: string, rule: FenceIndent): boolean {
  const max = rule.maxIndent;
  if (max === undefined) return true;
  let width = 0;
  for (let i = 0; i < lead.length; i++) {
    const c = lead.charCodeAt(i);
    if (c === SPACE) width++;
    else if (c === TAB) width += 4 - (width % 4);
    else return false;
  }
  return width <= max;
}

/** Recognises an opening fence line (```lang or ~~~lang). */
export function fenceOpen(line: string, rule: FenceIndent = {}): FenceOpen | null {
  const m = FENCE.exec(line);
  const lead = m?.[1] ?? "";
  const marks = m?.[2] ?? "";
  if (!m || !indentAllowed(lead, rule)) return null;
  const info = (m[3] ?? "").trim();
  // A backtick fence's info string may not contain a backtick: that line is inline code.
  if (marks.charCodeAt(0) === BACKTICK && info.includes("`")) return null;
  return {
    char: marks.charCodeAt(0) === BACKTICK ? "`" : "~",
    length: marks.length,
    info: info.split(/\s+/)[0] ?? "",
    indent: lead.length,
  };
}

/** True when the line closes the fence: the same character, at least as many, nothing else. */
export function fenceCloses(line: string, open: FenceOpen, rule: FenceIndent = {}): boolean {
  const t = line.trim();
  if (t.length < open.length || t[0] !== open.char) return false;
  for (let i = 0; i < t.length; i++) if (t[i] !== open.char) return false;
  return indentAllowed(line.slice(0, line.length - line.trimStart().length), rule);
}
