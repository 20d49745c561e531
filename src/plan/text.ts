// Low-level text helpers shared by the parsers: lines with offsets (any line ending),
// inline code spans (CommonMark backtick runs) and fenced blocks.

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
    if (c === 10 /* \n */ || c === 13 /* \r */) {
      lines.push({ number: number++, start, text: source.slice(start, i) });
      if (c === 13 && source.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start < n || lines.length === 0) lines.push({ number, start, text: source.slice(start) });
  return lines;
}

export interface CodeSpan {
  content: string;
  /** Index in the text of the opening backtick. */
  start: number;
  /** Index just past the closing backtick. */
  end: number;
}

export interface InlineCode {
  spans: CodeSpan[];
  /** Index of a backtick run that never closes, or -1. */
  unclosed: number;
}

/** CommonMark code spans: a run of n backticks closes at the next run of exactly n. */
export function codeSpans(text: string): InlineCode {
  const spans: CodeSpan[] = [];
  let unclosed = -1;
  let i = text.indexOf("`");
  while (i !== -1) {
    let j = i;
    while (text.charCodeAt(j) === 96) j++;
    const run = j - i;
    let close = -1;
    let k = text.indexOf("`", j);
    while (k !== -1) {
      let m = k;
      while (text.charCodeAt(m) === 96) m++;
      if (m - k === run) {
        close = k;
        break;
      }
      k = text.indexOf("`", m);
    }
    if (close === -1) {
      if (unclosed === -1) unclosed = i;
      i = text.indexOf("`", j);
      continue;
    }
    let content = text.slice(j, close);
    // CommonMark strips one leading and trailing space when both are present.
    if (content.length > 2 && content.startsWith(" ") && content.endsWith(" ")) {
      content = content.slice(1, -1);
    }
    spans.push({ content, start: i, end: close + run });
    i = text.indexOf("`", close + run);
  }
  return { spans, unclosed };
}

export interface FenceOpen {
  char: "`" | "~";
  length: number;
  info: string;
  indent: number;
}

const FENCE = /^( {0,3}|\s*)(`{3,}|~{3,})(.*)$/;

/** Recognises an opening fence line (```lang or ~~~lang). */
export function fenceOpen(text: string): FenceOpen | null {
  const m = FENCE.exec(text);
  if (!m) return null;
  const marks = m[2]!;
  const info = m[3]!.trim();
  if (marks[0] === "`" && info.includes("`")) return null;
  return {
    char: marks[0] as "`" | "~",
    length: marks.length,
    info: info.split(/\s+/)[0] ?? "",
    indent: m[1]!.length,
  };
}

export function fenceCloses(text: string, open: FenceOpen): boolean {
  const t = text.trim();
  if (t.length < open.length || t[0] !== open.char) return false;
  for (let i = 0; i < t.length; i++) if (t[i] !== open.char) return false;
  return true;
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
    const m = /^(\*\*|__|\*|_)(.*)\1$/s.exec(t);
    if (!m || m[2]!.length === 0) break;
    t = m[2]!.trim();
  }
  return t.replace(/^(\*\*|__)|(\*\*|__)$/g, "").trim();
}
