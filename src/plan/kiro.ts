// Kiro tasks.md -> plan model: the scanner's items (scanner.ts) read into groups and
// tasks by their nesting and numbers. A flattened copy goes to repair.ts instead.
import { type GroupDraft, PlanBuilder, type TaskDraft, type Where } from "./builder.ts";
import type { Plan } from "./model.ts";
import { parseFlattened } from "./repair.ts";
import { type Item, type Section, scan } from "./scanner.ts";

// 1 id, 2 title; numbered groups because it runs on every bullet (see scanner.ts).
const NUMBERED = /^(\d+(?:\.\d+)*)\.?(?:[ \t]+|$)(.*)$/;
const BOXED = /^[ \t]*[-*+][ \t]+\[[ xX-]\]/m;

/** The flattened copy: no checkbox, no nesting, but bullets numbered like sub-tasks. */
function looksFlattened(source: string): boolean {
  return (
    !BOXED.test(source) &&
    !/^[ \t]+[-*+][ \t]/m.test(source) &&
    /^[-*+][ \t]+\d+\.\d+(?:\.\d+)*\.?[ \t]/m.test(source)
  );
}

export function parseKiro(source: string, file: string | null = null): Plan {
  if (looksFlattened(source)) {
    const sections: Section[] = [];
    let current: Section = { heading: null, items: [] };
    sections.push(current);
    const title = scan(source, {
      section: (heading) => {
        current = { heading, items: [] };
        sections.push(current);
      },
      item: (item) => current.items.push(item),
    });
    return parseFlattened(title, sections, file);
  }
  const b = new PlanBuilder(file);
  // In a plan with checkboxes, groups have them: an unboxed `1. x` elsewhere is prose.
  const boxed = BOXED.test(source);
  let reader = new SectionReader(b, boxed);
  const title = scan(source, {
    section: () => {
      reader = new SectionReader(b, boxed);
    },
    item: (item) => reader.push(item),
  });
  return b.finish({ format: "kiro", title });
}

type Node = GroupDraft | TaskDraft;
type Frame = { indent: number; node: Node; detail: boolean };

/** Reads one section's items; nesting is tracked by indentation on a stack. */
class SectionReader {
  readonly stack: Frame[] = [];
  readonly b: PlanBuilder;
  readonly boxed: boolean;

  constructor(b: PlanBuilder, boxed: boolean) {
    this.b = b;
    this.boxed = boxed;
  }

  push(it: Item): void {
    const where = {
      line: it.lineNumber,
      column: it.contentStart + 1,
      ...(it.joins ? { joins: it.joins } : {}),
    };
    if (it.kind === "bullet") {
      while ((this.stack.at(-1)?.indent ?? -1) >= it.indent) this.stack.pop();
    }
    const top = this.stack.at(-1) ?? null;
    if (it.kind === "fence") {
      if (top && it.fence) this.b.addFence(top.node, it.fence.info, it.fence.lines, where);
    } else if (it.kind === "text") {
      if (top) this.b.addDetail(top.node, it.content, where);
    } else this.bullet(it, top, where);
  }

  private bullet(it: Item, top: Frame | null, where: Where): void {
    const owner = top?.node ?? null;
    const num = numbering(it, owner, this.boxed);
    const structural = it.box !== null || num !== null;
    if (!structural || (top?.detail && it.box === null)) {
      if (owner) {
        this.b.addDetail(owner, it.content, where);
        this.stack.push({ indent: it.indent, node: owner, detail: true });
      }
      return;
    }
    const item: Entry = {
      id: num?.id ?? null,
      title: (num?.title ?? it.content).trim(),
      where,
      box: it.box,
      optional: it.optional,
    };
    const node = owner ? this.nestedTask(owner, item) : this.topLevel(item);
    this.stack.push({ indent: it.indent, node, detail: false });
  }

  /** A top-level item: a group, or a sub-task written at the top that joins its group. */
  private topLevel(item: Entry): Node {
    const { b } = this;
    const { id } = item;
    if (id === null || !id.includes(".")) {
      const gid = id ?? String(Number(lastGroupId(b) ?? "0") + 1 || b.groups.length + 1);
      return b.addGroup({ ...item, id: gid });
    }
    const major = id.split(".")[0] ?? id;
    let g = b.groups.find((x) => x.id === major);
    if (!g) {
      const message = `sub-task ${id} has no group ${major}; one was assumed`;
      b.diag("warning", "missing-group", message, item.where);
      g = b.addGroup({ id: major, title: `Group ${major}`, where: item.where });
    }
    return b.addTask(g, null, item);
  }

  private nestedTask(owner: Node, item: Entry): TaskDraft {
    const group = "tasks" in owner ? owner : owner.group;
    const parent = "tasks" in owner ? null : owner;
    const { id } = item;
    if (id !== null) {
      const expected = parent ? parent.id : group.id;
      const prefix = id.includes(".") ? id.slice(0, id.lastIndexOf(".")) : null;
      if (expected !== null && prefix !== expected) {
        const message = `task ${id} is nested under ${parent ? "task" : "group"} ${expected}`;
        this.b.diag("error", "subtask-outside-group", message, item.where);
      }
    }
    return this.b.addTask(group, parent, item);
  }
}

interface Entry {
  id: string | null;
  title: string;
  where: Where;
  box: Item["box"];
  optional: boolean;
}

/**
 * The number and title of an item, when it is numbered. Without a checkbox a number is
 * only trusted where it fits (`1. Title` at the top, `2.1 Title` under group 2): detail
 * bullets such as `- 3 retries at most` must stay details.
 */
function numbering(
  it: Item,
  owner: Node | null,
  boxed: boolean,
): { id: string; title: string } | null {
  const m = NUMBERED.exec(it.content);
  const num = m ? { id: m[1] ?? "", title: m[2] ?? "" } : null;
  if (!num || it.box) return num;
  const { id } = num;
  if (!owner) return !boxed && (id.includes(".") || /^\d+\./.test(it.content)) ? num : null;
  const prefix = id.includes(".") ? id.slice(0, id.lastIndexOf(".")) : null;
  return prefix !== null && prefix === owner.id ? num : null;
}

function lastGroupId(b: PlanBuilder): string | null {
  for (let i = b.groups.length - 1; i >= 0; i--) {
    const id = b.groups[i]?.id;
    if (id && /^\d+$/.test(id)) return id;
  }
  return null;
}
