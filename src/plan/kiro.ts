// Kiro tasks.md -> plan model. A line scanner rather than a Markdown AST: we need the
// exact offset of every checkbox (including Kiro's non-GFM `[-]`), must read damaged
// copies whose list structure is gone, and must stay linear on 100k-task plans.
import { type GroupDraft, PlanBuilder, type TaskDraft } from "./builder.ts";
import type { Checkbox, Plan, TaskState } from "./model.ts";
import { parseFlattened } from "./repair.ts";
import { codeSpans, type FenceOpen, fenceCloses, fenceOpen, indentWidth } from "./text.ts";

/** A list item or a line of text that belongs to one. */
export interface Item {
  kind: "bullet" | "text" | "fence";
  indent: number;
  lineNumber: number;
  /** Index in the line where the content starts (after marker, box and `*`). */
  contentStart: number;
  content: string;
  box: Checkbox | null;
  optional: boolean;
  /** For fences: the info string and the body lines. */
  fence?: { info: string; lines: string[] };
}

export interface Section {
  heading: string | null;
  items: Item[];
}

const BULLET = /^(\s*)([-*+])(?:[ \t]+(.*))?$/;
const BOX = /^\[([ xX-])\](\*)?(?:[ \t]+|$)/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const NUMBERED = /^(\d+(?:\.\d+)*)\.?(?:[ \t]+|$)(.*)$/;
const THEMATIC_BREAK = /^\s*([-*_])\s*\1\s*\1[\s\-*_]*$/;

function boxState(c: string): TaskState {
  if (c === "x" || c === "X") return "done";
  if (c === "-") return "in_progress";
  return "todo";
}

export interface Sink {
  section(heading: string): void;
  item(item: Item): void;
}

/**
 * Streams the list items of a document, section by section, skipping fenced code.
 * Items are handed over as they are read (not collected) so that a 100k-task plan
 * does not keep a second copy of itself alive.
 */
export function scan(source: string, sink: Sink): string | null {
  let title: string | null = null;
  let firstHeading: string | null = null;
  // The last bullet is held back one line: a wrapped bullet whose code span (or the
  // command it introduces) continues on the next line is one item, as in Markdown.
  let pending: Item | null = null;
  const flush = () => {
    if (pending) sink.item(pending);
    pending = null;
  };
  const emit = (item: Item) => {
    flush();
    sink.item(item);
  };
  let fence: { open: FenceOpen; item: Item | null } | null = null;
  let prevBlank = true;
  let inList = false;
  const n = source.length;
  let start = 0;
  let number = 0;
  while (start <= n) {
    let end = start;
    while (end < n) {
      const c = source.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    const text = source.slice(start, end);
    const lineStart = start;
    number++;
    start = end + (source.charCodeAt(end) === 13 && source.charCodeAt(end + 1) === 10 ? 2 : 1);
    if (end === n && text === "" && number > 1) break;
    if (fence) {
      if (fenceCloses(text, fence.open)) {
        if (fence.item) emit(fence.item);
        fence = null;
      } else if (fence.item?.fence) fence.item.fence.lines.push(text);
      continue;
    }
    if (text.trim() === "") {
      prevBlank = true;
      continue;
    }
    const open = fenceOpen(text);
    if (open) {
      // A fence belongs to a task only when it sits inside the list.
      const inside = inList && (open.indent > 0 || !prevBlank);
      const item: Item | null = inside
        ? {
            kind: "fence",
            indent: open.indent,
            lineNumber: number,
            contentStart: 0,
            content: "",
            box: null,
            optional: false,
            fence: { info: open.info, lines: [] },
          }
        : null;
      fence = { open, item };
      prevBlank = false;
      continue;
    }
    if (text.charCodeAt(text.length - text.trimStart().length) === 35 /* # */) {
      const h = HEADING.exec(text);
      if (h) {
        const heading = (h[2] ?? "").trim();
        if (title === null && h[1] === "#") title = heading;
        firstHeading ??= heading;
        flush();
        sink.section(heading);
        inList = false;
        prevBlank = false;
        continue;
      }
    }
    const b = BULLET.exec(text);
    if (b && !(/^[-*_\s]*$/.test(b[3] ?? "") && THEMATIC_BREAK.test(text))) {
      const indent = indentWidth(b[1]!);
      let contentStart = b[0].length - (b[3] ?? "").length;
      let content = b[3] ?? "";
      let box: Checkbox | null = null;
      let optional = false;
      const m = content.charCodeAt(0) === 91 /* [ */ ? BOX.exec(content) : null;
      if (m) {
        box = { offset: lineStart + contentStart + 1, state: boxState(m[1]!) };
        optional = m[2] === "*";
        contentStart += m[0].length;
        content = content.slice(m[0].length);
      }
      flush();
      pending = {
        kind: "bullet",
        indent,
        lineNumber: number,
        contentStart,
        content,
        box,
        optional,
      };
      inList = true;
      prevBlank = false;
      continue;
    }
    const indent = indentWidth(text);
    if (inList && (indent > 0 || !prevBlank)) {
      const at = text.length - text.trimStart().length;
      const held = pending as Item | null;
      if (held && !prevBlank && (codeSpans(held.content).unclosed !== -1 || text[at] === "`")) {
        held.content = `${held.content} ${text.slice(at).trimEnd()}`;
        prevBlank = false;
        continue;
      }
      emit({
        kind: "text",
        indent,
        lineNumber: number,
        contentStart: at,
        content: text.slice(at),
        box: null,
        optional: false,
      });
    } else {
      inList = false;
    }
    prevBlank = false;
  }
  flush();
  if (fence?.item) sink.item(fence.item);
  return title ?? firstHeading;
}

/** The flattened copy: no checkbox, no nesting, but bullets numbered like sub-tasks. */
function looksFlattened(source: string): boolean {
  return (
    !/^[ \t]*[-*+][ \t]+\[[ xX-]\]/m.test(source) &&
    !/^[ \t]+[-*+][ \t]/m.test(source) &&
    /^[-*+][ \t]+\d+\.\d+(?:\.\d+)*\.?[ \t]/m.test(source)
  );
}

export function parseKiro(source: string, file: string | null = null): Plan {
  if (looksFlattened(source)) {
    const sections: Section[] = [{ heading: null, items: [] }];
    const title = scan(source, {
      section: (heading) => sections.push({ heading, items: [] }),
      item: (item) => sections[sections.length - 1]!.items.push(item),
    });
    return parseFlattened(title, sections, file);
  }
  const b = new PlanBuilder(file);
  // In a plan with checkboxes, groups have them: an unboxed `1. x` elsewhere is prose.
  const boxed = /^[ \t]*[-*+][ \t]+\[[ xX-]\]/m.test(source);
  let reader = new SectionReader(b, boxed);
  b.title = scan(source, {
    section: () => {
      reader = new SectionReader(b, boxed);
    },
    item: (item) => reader.push(item),
  });
  return b.finish();
}

type Frame = { indent: number; node: GroupDraft | TaskDraft; detail: boolean };

class SectionReader {
  readonly stack: Frame[] = [];
  readonly b: PlanBuilder;
  readonly boxed: boolean;

  constructor(b: PlanBuilder, boxed: boolean) {
    this.b = b;
    this.boxed = boxed;
  }

  push(it: Item): void {
    const { b, boxed, stack } = this;

    const where = { line: it.lineNumber, column: it.contentStart + 1 };
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= it.indent && it.kind === "bullet")
      stack.pop();
    const top = stack[stack.length - 1];
    if (it.kind === "fence") {
      if (top) b.addFence(top.node, it.fence!.info, it.fence!.lines, where);
      return;
    }
    if (it.kind === "text") {
      if (top) b.addDetail(top.node, it.content, where);
      return;
    }
    const owner = top?.node ?? null;
    const num = numbering(it, owner, boxed);
    const structural = it.box !== null || num !== null;
    if (!structural || (top?.detail && it.box === null)) {
      if (owner) {
        b.addDetail(owner, it.content, where);
        stack.push({ indent: it.indent, node: owner, detail: true });
      }
      return;
    }
    const id = num ? num[1]! : null;
    const titleText = (num ? num[2]! : it.content).trim();
    if (!owner) {
      if (id === null || !id.includes(".")) {
        const gid = id ?? String(Number(lastGroupId(b) ?? "0") + 1 || b.groups.length + 1);
        const g = b.addGroup(gid, titleText, where, it.box, it.optional);
        stack.push({ indent: it.indent, node: g, detail: false });
        return;
      }
      // A sub-task at the top level: attach it to its group by number.
      const major = id.split(".")[0]!;
      let g = b.groups.find((x) => x.id === major);
      if (!g) {
        b.diag(
          "warning",
          "missing-group",
          `sub-task ${id} has no group ${major}; one was assumed`,
          where,
        );
        g = b.addGroup(major, `Group ${major}`, where, null, false);
      }
      const t = b.addTask(g, null, id, titleText, where, it.box, it.optional);
      stack.push({ indent: it.indent, node: t, detail: false });
      return;
    }
    const group = "tasks" in owner ? owner : owner.group;
    const parent = "tasks" in owner ? null : owner;
    if (id !== null) {
      const expected = parent ? parent.id : group.id;
      const prefix = id.includes(".") ? id.slice(0, id.lastIndexOf(".")) : null;
      if (expected !== null && prefix !== expected) {
        b.diag(
          "error",
          "subtask-outside-group",
          `task ${id} is nested under ${parent ? "task" : "group"} ${expected}`,
          where,
        );
      }
    }
    const t = b.addTask(group, parent, id, titleText, where, it.box, it.optional);
    stack.push({ indent: it.indent, node: t, detail: false });
  }
}

/**
 * The number of an item, when it is one. Without a checkbox a number is only trusted
 * where it fits (`1. Title` at the top, `2.1 Title` under group 2): detail bullets
 * such as `- 3 retries at most` must stay details.
 */
function numbering(
  it: Item,
  owner: GroupDraft | TaskDraft | null,
  boxed: boolean,
): RegExpExecArray | null {
  const num = NUMBERED.exec(it.content);
  if (!num || it.box) return num;
  const id = num[1]!;
  if (!owner) return !boxed && (id.includes(".") || /^\d+\./.test(it.content)) ? num : null;
  const prefix = id.includes(".") ? id.slice(0, id.lastIndexOf(".")) : null;
  return prefix !== null && prefix === owner.id ? num : null;
}

function lastGroupId(b: PlanBuilder): string | null {
  for (let i = b.groups.length - 1; i >= 0; i--) {
    const id = b.groups[i]!.id;
    if (id && /^\d+$/.test(id)) return id;
  }
  return null;
}
