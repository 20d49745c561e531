// Kiro tasks.md -> plan model: the scanner's items (scanner.ts) read into groups and
// tasks by their nesting and numbers. Heading plans (`## Task 3: title`) get their
// groups from headings (layout.ts); a flattened copy goes to repair.ts instead.
import { type GroupDraft, PlanBuilder, type TaskDraft, type Where } from "./builder.ts";
import { statusField } from "./fields.ts";
import { type HeadingNode, layOut, NUMBERED, type Opener, type SectionRole } from "./layout.ts";
import type { Plan } from "./model.ts";
import { parseFlattened } from "./repair.ts";
import { type Item, type Section, scan } from "./scanner.ts";

const BOXED = /^[ \t]*[-*+][ \t]+\[[ xX-]\]/m;

/** The flattened copy: no checkbox, no nesting, but bullets numbered like sub-tasks. */
function looksFlattened(source: string): boolean {
  return (
    !BOXED.test(source) &&
    !/^[ \t]+[-*+][ \t]/m.test(source) &&
    /^[-*+][ \t]+\d+\.\d+(?:\.\d+)*\.?[ \t]/m.test(source)
  );
}

function sectionsOf(source: string): { title: string | null; sections: Section[] } {
  const sections: Section[] = [];
  let current: Section = { heading: null, head: null, items: [] };
  sections.push(current);
  const title = scan(source, {
    section: (head) => {
      current = { heading: head.text, head, items: [] };
      sections.push(current);
    },
    item: (item) => current.items.push(item),
  });
  return { title, sections };
}

export function parseKiro(source: string, file: string | null = null): Plan {
  const { title, sections } = sectionsOf(source);
  const boxed = BOXED.test(source);
  const layout = layOut(sections, boxed);
  if (!layout.headingPlan && looksFlattened(source)) {
    // The flattened reader works on list items only, as the copy has no paragraphs left.
    const lists = sections.map((s) => ({ ...s, items: s.items.filter((it) => !it.prose) }));
    return parseFlattened(title, lists, file);
  }
  const b = new PlanBuilder(file);
  const first = layout.roles.find((r) => r.base !== null)?.base?.node;
  if (layout.headingPlan && first) {
    const message = `groups are written as headings ("${first.title}"): read as a heading plan`;
    b.diag("info", "heading-plan", message, { line: first.line, column: 1 });
  }
  const heads = new Map<Opener, Node | null>();
  const latest = new Latest(b);
  sections.forEach((section, i) => {
    const role = layout.roles[i];
    if (!role) return;
    const base = role.base ? headingNode(latest, role.base, heads) : null;
    const reader = new SectionReader(b, { boxed, numbered: layout.numbered, role, base });
    section.items.forEach((item, k) => {
      reader.push(item, section.items, k);
    });
  });
  return b.finish({ format: "kiro", title });
}

/** The group or task a heading opens, made once (its sub-headings share it). */
function headingNode(latest: Latest, opener: Opener, made: Map<Opener, Node | null>): Node | null {
  const known = made.get(opener);
  if (known !== undefined) return known;
  const node = nodeOf(latest, opener);
  made.set(opener, node);
  return node;
}

function nodeOf(latest: Latest, opener: Opener): Node | null {
  const { b } = latest;
  const { node } = opener;
  if (opener.setAside) {
    b.setAside(opener.setAside, { id: node.id ?? "", title: node.title, line: node.line });
    return null;
  }
  const where = { line: node.line, column: 1 };
  if (node.id === null || !node.id.includes(".")) {
    // A `## Checkpoint` heading between numbered ones takes the next number.
    const id = node.id ?? String(Number(lastGroupId(b) ?? "0") + 1);
    return b.addGroup({ id, title: node.title, where, ...checkpointKind(node) });
  }
  const major = node.id.split(".")[0] ?? node.id;
  let g = latest.group(major);
  if (!g) {
    const message = `task ${node.id} has no group ${major}; one was assumed`;
    b.diag("warning", "missing-group", message, where);
    g = b.addGroup({ id: major, title: `Group ${major}`, where });
  }
  const parentId = node.id.slice(0, node.id.lastIndexOf("."));
  const parent = latest.task(g, parentId);
  return b.addTask(g, parent, { id: node.id, title: node.title, where });
}

/**
 * The latest group and task of each id, indexed as the builder grows: a search of every
 * group per task heading was quadratic on a long heading plan.
 */
class Latest {
  readonly b: PlanBuilder;
  readonly #groups = new Map<string, GroupDraft>();
  #seen = 0;
  readonly #tasks = new Map<GroupDraft, { seen: number; byId: Map<string, TaskDraft> }>();

  constructor(b: PlanBuilder) {
    this.b = b;
  }

  group(id: string): GroupDraft | null {
    const { groups } = this.b;
    for (; this.#seen < groups.length; this.#seen++) {
      const g = groups[this.#seen];
      if (g?.id != null) this.#groups.set(g.id, g);
    }
    return this.#groups.get(id) ?? null;
  }

  task(g: GroupDraft, id: string): TaskDraft | null {
    let index = this.#tasks.get(g);
    if (!index) {
      index = { seen: 0, byId: new Map() };
      this.#tasks.set(g, index);
    }
    for (; index.seen < g.tasks.length; index.seen++) {
      const t = g.tasks[index.seen];
      if (t?.id != null && !index.byId.has(t.id)) index.byId.set(t.id, t);
    }
    return index.byId.get(id) ?? null;
  }
}

function checkpointKind(node: HeadingNode): { kind?: "checkpoint" } {
  return node.checkpoint ? { kind: "checkpoint" } : {};
}

type Node = GroupDraft | TaskDraft;
/** `sink`: the item is not live (cancelled, archived) or a checklist line; its nest follows it. */
type Frame = { indent: number; node: Node | null; detail: boolean; sink?: Sink };
type Sink = "cancelled" | "archived" | "checklist";

interface ReaderOptions {
  boxed: boolean;
  /** The plan numbers its tasks: unnumbered top-level checkboxes are checklist lines. */
  numbered: boolean;
  role: SectionRole;
  /** The heading group or task the section's items belong to. */
  base: Node | null;
}

/** Reads one section's items; nesting is tracked by indentation on a stack. */
class SectionReader {
  readonly stack: Frame[] = [];
  readonly b: PlanBuilder;
  readonly options: ReaderOptions;

  constructor(b: PlanBuilder, options: ReaderOptions) {
    this.b = b;
    this.options = options;
    const { role, base } = options;
    // A heading's items nest under it; below a set-aside heading nothing is live.
    if (base) this.stack.push({ indent: -1, node: base, detail: false });
    else if (role.sink) this.stack.push({ indent: -1, node: null, detail: false, sink: role.sink });
  }

  /** Reads `it`, the `k`th of `items` (what follows it decides whether a checkbox is a checklist line). */
  push(it: Item, items: readonly Item[], k: number): void {
    const where = {
      line: it.lineNumber,
      column: it.contentStart + 1,
      ...(it.joins ? { joins: it.joins } : {}),
    };
    if (it.prose) {
      this.prose(it, where);
      return;
    }
    if (it.kind === "bullet") {
      while ((this.stack.at(-1)?.indent ?? -2) >= it.indent) this.stack.pop();
    }
    const top = this.stack.at(-1) ?? null;
    if (top?.sink) {
      if (it.kind === "bullet") this.setAside(it, top.sink, where);
      return;
    }
    if (it.kind === "fence") {
      if (top?.node && it.fence) this.b.addFence(top.node, it.fence.info, it.fence.lines, where);
    } else if (it.kind === "text") {
      if (top?.node) this.detail(top.node, it, where);
    } else this.bullet(it, top, where, () => hasBoxedChild(items, k));
  }

  /** Paragraph lines count only under a heading group or task (its fields). */
  private prose(it: Item, where: Where): void {
    const { base } = this.options;
    if (base && this.stack.length === 1) this.detail(base, it, where);
  }

  /** A detail line; a `Status:` field sets the state of an owner without a checkbox. */
  private detail(owner: Node, it: Item, where: Where): void {
    const status = statusField(it.content);
    if (status) {
      const offset = it.lineStart + it.contentStart + status.index;
      const field = { text: status.text, words: status.words };
      if (this.b.setFieldState(owner, { offset, state: status.state, field })) return;
    }
    this.b.addDetail(owner, it.content, where);
  }

  private bullet(it: Item, top: Frame | null, where: Where, parent: () => boolean): void {
    const struck = struckThrough(it.content);
    if (struck !== null && (it.box || NUMBERED.exec(struck))) {
      this.setAside({ ...it, content: struck }, "cancelled", where);
      return;
    }
    const owner = top?.node ?? null;
    const num = numbering(it, owner, this.options.boxed);
    const structural = it.box !== null || num !== null;
    if (!structural || (top?.detail && it.box === null)) {
      if (owner) {
        this.detail(owner, it, where);
        this.stack.push({ indent: it.indent, node: owner, detail: true });
      }
      return;
    }
    // A checkbox with checkboxes nested under it is a group of tasks, not a checklist line.
    if (num === null && it.box && this.isChecklist(top) && !parent()) {
      this.setAside(it, "checklist", where);
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

  /** An unnumbered checkbox at the top of a numbered plan, or of a heading group with numbered tasks. */
  private isChecklist(top: Frame | null): boolean {
    const { numbered, role, base } = this.options;
    if (top === null) return numbered;
    return top.node === base && base !== null && role.base?.numberedItems === true;
  }

  /** Records an item that is not a task, and reads its nest the same way. */
  private setAside(it: Item, sink: Sink, where: Where): void {
    this.stack.push({ indent: it.indent, node: null, detail: false, sink });
    // Under a struck group its sub-tasks may be struck too: `~~2.1 title~~`.
    const text = struckThrough(it.content) ?? it.content;
    const num = NUMBERED.exec(text);
    if (sink === "checklist") {
      if (!it.box) return;
      const section = this.options.role.heading;
      this.b.addChecklist({
        text: it.content.trim(),
        state: it.box.state,
        box: it.box,
        line: where.line,
        section,
      });
      return;
    }
    if (!it.box && !num) return;
    const title = (num ? (num[2] ?? "") : text).replace(/~~/g, "").trim();
    this.b.setAside(sink, { id: num?.[1] ?? "", title, line: where.line });
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

/** Whether a checkbox is nested under the bullet `items[k]`. */
function hasBoxedChild(items: readonly Item[], k: number): boolean {
  const indent = items[k]?.indent ?? 0;
  for (let i = k + 1; i < items.length; i++) {
    const it = items[i];
    if (!it || it.prose || (it.kind === "bullet" && it.indent <= indent)) return false;
    if (it.box) return true;
  }
  return false;
}

interface Entry {
  id: string | null;
  title: string;
  where: Where;
  box: Item["box"];
  optional: boolean;
}

/** The text of a struck-through item (`~~1. title~~`), or null when it is live. */
function struckThrough(content: string): string | null {
  if (!content.startsWith("~~")) return null;
  const end = content.indexOf("~~", 2);
  if (end === -1) return null;
  // `~~[ ] 1. title~~`: a box inside the strike is part of what was cancelled.
  return (content.slice(2, end) + content.slice(end + 2)).replace(/^\[[ xX-]\]\*?[ \t]*/, "");
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
  if (!owner) return !boxed && (id.includes(".") || /^\d+[a-z]?\./.test(it.content)) ? num : null;
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
