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
