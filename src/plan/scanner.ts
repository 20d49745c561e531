// The line scanner under the Kiro reader (canonical and flattened). A scanner rather
// than a Markdown AST: we need the exact offset of every checkbox (including Kiro's
// non-GFM `[-]`), must read damaged copies whose list structure is gone, and must stay
// linear on 100k-task plans. The types it hands out are shared by kiro.ts and repair.ts.
import {
  type FenceOpen,
  fenceCloses,
  fenceOpen,
  openAfterAppend,
  openRunLength,
} from "../markdown/syntax.ts";
import type { Checkbox, TaskState } from "./model.ts";
import { atxHeading, indentWidth } from "./text.ts";

/** A list item, a line of text that belongs to one, or (prose) a paragraph line outside lists. */
export interface Item {
  kind: "bullet" | "text" | "fence";
  indent: number;
  lineNumber: number;
  /** Offset of the item's first line in the source. */
  lineStart: number;
  /** A line of a paragraph outside any list (heading plans keep their fields there). */
  prose?: true;
  /** Index in the line where the content starts (after marker, box and `*`). */
  contentStart: number;
  content: string;
  box: Checkbox | null;
  optional: boolean;
  /** For fences: the info string and the body lines. */
  fence?: { info: string; lines: string[] };
  /** Where lines wrapped into `content` start: offset in content, and their own position. */
  joins?: Join[];
}

/** A continuation line joined into a bullet's content. */
export interface Join {
  offset: number;
  line: number;
  column: number;
}

/** An ATX heading: its text (trimmed), level and line. */
export interface Heading {
  text: string;
  level: number;
  line: number;
}

export interface Section {
  heading: string | null;
  head: Heading | null;
  items: Item[];
}

/** Receives what the scanner reads, in document order. */
interface Sink {
  section(heading: Heading): void;
  item(item: Item): void;
}

const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const LEFT_BRACKET = 0x5b;
const BACKTICK = 0x60;

// Read on every line, so numbered groups: named ones allocate a `groups` object per
// match, which made the whole parse ~30% slower. BULLET: 1 indentation, 2 content;
// BOX: 1 state character, 2 optional `*`.
const BULLET = /^(\s*)[-*+](?:[ \t]+(.*))?$/;
const BOX = /^\[([ xX-])\](\*)?(?:[ \t]+|$)/;
const THEMATIC_BREAK = /^\s*([-*_])\s*\1\s*\1[\s\-*_]*$/;

interface Line {
  text: string;
  /** Offset of the line in the source. */
  start: number;
  number: number;
}

/** Everything the scanner remembers between lines. */
interface ScanState {
  readonly sink: Sink;
  /** The first `#` heading, else the first heading of any level. */
  title: string | null;
  firstHeading: string | null;
  /**
   * The last bullet is held back one line: a wrapped bullet whose code span (or the
   * command it introduces) continues on the next line is one item, as in Markdown.
   */
  pending: Item | null;
  /**
   * For the held bullet: the length of its first backtick run that never closes (0: no
   * open code span), kept up to date as lines are joined; undefined until first asked.
   */
  pendingOpen: number | undefined;
  /** Inside a fenced block; `item` is set when the block belongs to a task. */
  fence: { open: FenceOpen; item: Item | null } | null;
  prevBlank: boolean;
  inList: boolean;
}

/**
 * Streams the list items of a document, section by section, skipping fenced code, and
 * returns the document's title. Items are handed over as they are read (not collected)
 * so that a 100k-task plan does not keep a second copy of itself alive.
 */
export function scan(source: string, sink: Sink): string | null {
  const state: ScanState = {
    sink,
    title: null,
    firstHeading: null,
    pending: null,
    pendingOpen: undefined,
    fence: null,
    prevBlank: true,
    inList: false,
  };
  const n = source.length;
  let start = 0;
  let number = 0;
  while (start <= n) {
    const end = lineEnd(source, start);
    const text = source.slice(start, end);
    number++;
    if (end === n && text === "" && number > 1) break;
    readLine(state, { text, start, number });
    start = end + (source.charCodeAt(end) === CR && source.charCodeAt(end + 1) === LF ? 2 : 1);
  }
  flush(state);
  if (state.fence?.item) sink.item(state.fence.item);
  return state.title ?? state.firstHeading;
}

/** Index of the line ending (\n, \r or the end of the source) at or after `start`. */
function lineEnd(source: string, start: number): number {
  let end = start;
  while (end < source.length) {
    const c = source.charCodeAt(end);
    if (c === LF || c === CR) break;
    end++;
  }
  return end;
}

function readLine(state: ScanState, line: Line): void {
  if (state.fence) {
    fenceBody(state, state.fence, line.text);
    return;
  }
  if (line.text.trim() === "") {
    state.prevBlank = true;
    return;
  }
  if (!(openFence(state, line) || heading(state, line) || bullet(state, line))) {
    textLine(state, line);
  }
  state.prevBlank = false;
}

/** Hands the held-back bullet over. */
function flush(state: ScanState): void {
  if (state.pending) state.sink.item(state.pending);
  state.pending = null;
  state.pendingOpen = undefined;
}

function emit(state: ScanState, item: Item): void {
  flush(state);
  state.sink.item(item);
}

function fenceBody(state: ScanState, fence: NonNullable<ScanState["fence"]>, text: string): void {
  if (fenceCloses(text, fence.open)) {
    if (fence.item) emit(state, fence.item);
    state.fence = null;
  } else fence.item?.fence?.lines.push(text);
}

function openFence(state: ScanState, line: Line): boolean {
  const open = fenceOpen(line.text);
  if (!open) return false;
  // A fence belongs to a task only when it sits inside the list.
  const inside = state.inList && (open.indent > 0 || !state.prevBlank);
  const item: Item | null = inside
    ? {
        kind: "fence",
        indent: open.indent,
        lineNumber: line.number,
        lineStart: line.start,
        contentStart: 0,
        content: "",
        box: null,
        optional: false,
        fence: { info: open.info, lines: [] },
      }
    : null;
  state.fence = { open, item };
  return true;
}

function heading(state: ScanState, line: Line): boolean {
  const { text } = line;
  if (text.charCodeAt(text.length - text.trimStart().length) !== HASH) return false;
  const h = atxHeading(text);
  if (!h) return false;
  const title = h.text.trim();
  if (state.title === null && h.level === 1) state.title = title;
  state.firstHeading ??= title;
  flush(state);
  state.sink.section({ text: title, level: h.level, line: line.number });
  state.inList = false;
  return true;
}

function bullet(state: ScanState, line: Line): boolean {
  const b = BULLET.exec(line.text);
  const rest = b?.[2] ?? "";
  if (!b || (/^[-*_\s]*$/.test(rest) && THEMATIC_BREAK.test(line.text))) return false;
  let contentStart = b[0].length - rest.length;
  let content = rest;
  let box: Checkbox | null = null;
  let optional = false;
  const m = content.charCodeAt(0) === LEFT_BRACKET ? BOX.exec(content) : null;
  if (m) {
    box = { offset: line.start + contentStart + 1, state: boxState(m[1] ?? " ") };
    optional = m[2] === "*";
    contentStart += m[0].length;
    content = content.slice(m[0].length);
  }
  flush(state);
  state.pending = {
    kind: "bullet",
    indent: indentWidth(b[1] ?? ""),
    lineNumber: line.number,
    lineStart: line.start,
    contentStart,
    content,
    box,
    optional,
  };
  state.inList = true;
  return true;
}

function boxState(mark: string): TaskState {
  if (mark === "x" || mark === "X") return "done";
  if (mark === "-") return "in_progress";
  return "todo";
}

/** A line that is not a bullet: a continuation of the held bullet, a detail, or prose. */
function textLine(state: ScanState, line: Line): void {
  const { text } = line;
  const indent = indentWidth(text);
  const at = text.length - text.trimStart().length;
  if (!state.inList || (indent === 0 && state.prevBlank)) {
    state.inList = false;
    emit(state, { ...textItem(line, indent, at), prose: true });
    return;
  }
  const held = state.pending;
  if (held && !state.prevBlank && (text.charCodeAt(at) === BACKTICK || spanOpen(state, held))) {
    const join = { offset: held.content.length + 1, line: line.number, column: at + 1 };
    // Pushed, not copied: a bullet wrapped over n lines must not cost n² (as it did).
    held.joins ??= [];
    held.joins.push(join);
    const piece = text.slice(at).trimEnd();
    held.content = `${held.content} ${piece}`;
    if (state.pendingOpen !== undefined) {
      state.pendingOpen = openAfterAppend(state.pendingOpen, piece);
    }
    return;
  }
  emit(state, textItem(line, indent, at));
}

function textItem(line: Line, indent: number, at: number): Item {
  return {
    kind: "text",
    indent,
    lineNumber: line.number,
    lineStart: line.start,
    contentStart: at,
    content: line.text.slice(at),
    box: null,
    optional: false,
  };
}

/** Whether the held bullet has an open code span; its content is read once, then kept up to date. */
function spanOpen(state: ScanState, item: Item): boolean {
  state.pendingOpen ??= openRunLength(item.content);
  return state.pendingOpen !== 0;
}
