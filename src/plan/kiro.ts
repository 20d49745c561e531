// Kiro tasks.md -> plan model. A line scanner rather than a Markdown AST: we need the
// exact offset of every checkbox (including Kiro's non-GFM `[-]`), must read damaged
// copies whose list structure is gone, and must stay linear on 100k-task plans.
import { type GroupDraft, PlanBuilder, type TaskDraft } from "./builder.ts";
import type { Checkbox, Plan, TaskState } from "./model.ts";
import { parseFlattened } from "./repair.ts";
import {
  type FenceOpen,
  fenceCloses,
  fenceOpen,
  indentWidth,
  type Line,
  splitLines,
} from "./text.ts";

/** A list item or a line of text that belongs to one. */
export interface Item {
  kind: "bullet" | "text" | "fence";
  indent: number;
  line: Line;
  /** Index in line.text where the content starts (after marker, box and `*`). */
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

function boxState(c: string): TaskState {
  if (c === "x" || c === "X") return "done";
  if (c === "-") return "in_progress";
  return "todo";
}

/** Splits the document into heading sections of list items, skipping fenced code. */
export function scan(source: string): { title: string | null; sections: Section[] } {
  const lines = splitLines(source);
  const sections: Section[] = [{ heading: null, items: [] }];
  let title: string | null = null;
  let fence: { open: FenceOpen; item: Item } | null = null;
  let prevBlank = true;
  let inList = false;
  for (const line of lines) {
    const text = line.text;
    const current = sections[sections.length - 1]!;
    if (fence) {
      if (fenceCloses(text, fence.open)) fence = null;
      else fence.item.fence!.lines.push(text);
      continue;
    }
    if (text.trim() === "") {
      prevBlank = true;
      continue;
    }
    const open = fenceOpen(text);
    if (open) {
      const item: Item = {
        kind: "fence",
        indent: open.indent,
        line,
        contentStart: 0,
        content: "",
        box: null,
        optional: false,
        fence: { info: open.info, lines: [] },
      };
      // A fence belongs to a task only when it sits inside the list.
      if (inList && (open.indent > 0 || !prevBlank)) current.items.push(item);
      fence = { open, item };
      prevBlank = false;
      continue;
    }
    const h = HEADING.exec(text);
    if (h) {
      const heading = (h[2] ?? "").trim();
      if (title === null && h[1] === "#") title = heading;
      sections.push({ heading, items: [] });
      inList = false;
      prevBlank = false;
      continue;
    }
    const b = BULLET.exec(text);
    if (b && !/^\s*([-*_])\s*\1\s*\1[\s\-*_]*$/.test(text) /* thematic break */) {
      const indent = indentWidth(b[1]!);
      let contentStart = b[0].length - (b[3] ?? "").length;
      let content = b[3] ?? "";
      let box: Checkbox | null = null;
      let optional = false;
      const m = BOX.exec(content);
      if (m) {
        box = { offset: line.start + contentStart + 1, state: boxState(m[1]!) };
        optional = m[2] === "*";
        contentStart += m[0].length;
        content = content.slice(m[0].length);
      }
      current.items.push({ kind: "bullet", indent, line, contentStart, content, box, optional });
      inList = true;
      prevBlank = false;
      continue;
    }
    const indent = indentWidth(text);
    if (inList && (indent > 0 || !prevBlank)) {
      const start = text.length - text.trimStart().length;
      current.items.push({
        kind: "text",
        indent,
        line,
        contentStart: start,
        content: text.slice(start),
        box: null,
        optional: false,
      });
    } else {
      inList = false;
    }
    prevBlank = false;
  }
  if (!title) title = sections.find((s) => s.heading)?.heading ?? null;
  return { title, sections };
}

/** Recognises the flattened copy: no checkbox, no nesting, but numbered sub-tasks. */
function looksFlattened(sections: Section[]): boolean {
  let numberedSubtasks = 0;
  for (const s of sections) {
    for (const it of s.items) {
      if (it.kind !== "bullet") continue;
      if (it.box || it.indent > 0) return false;
      if (/^\d+\.\d+(?:\.\d+)*\.?\s/.test(it.content)) numberedSubtasks++;
    }
  }
  return numberedSubtasks > 0;
}

export function parseKiro(source: string, file: string | null = null): Plan {
  const { title, sections } = scan(source);
  if (looksFlattened(sections)) return parseFlattened(title, sections, file);
  const b = new PlanBuilder(file);
  b.title = title;
  // In a plan with checkboxes, groups have them: an unboxed `1. x` elsewhere is prose.
  const boxed = sections.some((s) => s.items.some((it) => it.box !== null));
  for (const section of sections) readSection(b, section, boxed);
  return b.finish();
}

type Frame = { indent: number; node: GroupDraft | TaskDraft; detail: boolean };

function readSection(b: PlanBuilder, section: Section, boxed: boolean): void {
  const stack: Frame[] = [];
  for (const it of section.items) {
    const where = { line: it.line.number, column: it.contentStart + 1 };
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= it.indent && it.kind === "bullet")
      stack.pop();
    const top = stack[stack.length - 1];
    if (it.kind === "fence") {
      if (top) b.addFence(top.node, it.fence!.info, it.fence!.lines, where);
      continue;
    }
    if (it.kind === "text") {
      if (top) b.addDetail(top.node, it.content, where);
      continue;
    }
    const owner = top?.node ?? null;
    const num = numbering(it, owner, boxed);
    const structural = it.box !== null || num !== null;
    if (!structural || (top?.detail && it.box === null)) {
      if (owner) {
        b.addDetail(owner, it.content, where);
        stack.push({ indent: it.indent, node: owner, detail: true });
      }
      continue;
    }
    const id = num ? num[1]! : null;
    const titleText = (num ? num[2]! : it.content).trim();
    if (!owner) {
      if (id === null || !id.includes(".")) {
        const gid = id ?? String(Number(lastGroupId(b) ?? "0") + 1 || b.groups.length + 1);
        const g = b.addGroup(gid, titleText, where, it.box, it.optional);
        stack.push({ indent: it.indent, node: g, detail: false });
        continue;
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
      continue;
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
