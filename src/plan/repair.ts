// The flattened form of a Kiro plan: a copy-paste that lost checkboxes, indentation,
// group numbers and emphasis, and was split at every " -" into new bullets. The
// structure is recovered here and every guess is reported as an info diagnostic.
import { closingRun, scanSpans, spanContent } from "../markdown/syntax.ts";
import { type GroupDraft, PlanBuilder, type TaskDraft, type Where } from "./builder.ts";
import { wordsPattern } from "./keywords.ts";
import type { Plan } from "./model.ts";
import type { Item, Section } from "./scanner.ts";

interface Logical {
  content: string;
  where: Where;
  fence?: { info: string; lines: string[] };
}

const SUBTASK = /^(?<id>\d+(?:\.\d+)+)\.?[ \t]+(?<title>.*)$/;
const NUMBERED_GROUP = /^(?<id>\d+)\.[ \t]+(?<title>.+)$/;
const CHECKPOINT = new RegExp(wordsPattern("checkpoint"), "u");
const CHECKPOINT_ONLY = new RegExp(
  `^(?:(?i:final)\\s+)?${wordsPattern("checkpoint")}(?:\\s*\\d+)?\\s*[:\\-–—]?$`,
  "u",
);
const OPTIONAL_SUBTASK = /^\*[ \t]*\d+(?:\.\d+)+\.?[ \t]/;
// `...Cargo.toml-Add \`x\`` : a title glued to its first detail bullet.
const GLUED =
  /^(?<title>.*?[^\s-])-(?<detail>(?:Add|Create|Implement|Use|Update|Replace|Fix|Remove|Ensure|Run|Execute|Verify|Write|Handle|Call|Convert|Return|Import|Adapt|Change|Move|Rename|Define|Register|Delete|Set|Make|Check|Test|Document)\b.*)$/;

export function parseFlattened(
  title: string | null,
  sections: Section[],
  file: string | null,
): Plan {
  const b = new PlanBuilder(file, false);
  const first = sections.flatMap((s) => s.items)[0];
  b.diag(
    "info",
    "flattened-plan",
    "plan has no checkboxes and no nesting but numbered sub-tasks: read as a flattened copy and its structure recovered",
    { line: first?.lineNumber ?? 1, column: 1 },
  );
  for (const section of sections) {
    if (section.items.some((it) => it.kind === "bullet" && SUBTASK.test(it.content))) {
      new FlatSectionReader(b).read(join(b, section.items));
    }
  }
  numberGroups(b);
  return b.finish({ format: "kiro", title, repaired: true });
}

/** Rejoins bullets that were split inside a code span: `cargo build` + `- p x` = `cargo build -p x`. */
function join(b: PlanBuilder, items: Item[]): Logical[] {
  const out: Logical[] = [];
  // The last logical line, rejoined from pieces; its text is written when it is complete.
  const lines: (JoinedLine | null)[] = [];
  for (const it of items) {
    const where = { line: it.lineNumber, column: it.contentStart + 1 };
    const prev = out.at(-1);
    const line = lines.at(-1);
    if (it.fence) {
      out.push({ content: "", where, fence: it.fence });
      lines.push(null);
      continue;
    }
    if (prev && line?.isOpen()) {
      line.append(rejoined(it.content));
      b.diag(
        "info",
        "repaired-split",
        `joined this line to line ${prev.where.line}: a code span was split at " -" (now: ${line.excerpt()})`,
        where,
      );
      continue;
    }
    out.push({ content: it.content, where });
    lines.push(new JoinedLine(it.content));
  }
  out.forEach((logical, i) => {
    const line = lines[i];
    if (line) logical.content = line.text();
  });
  const last = out.at(-1);
  if (last && lines.at(-1)?.isOpen()) {
    b.diag("warning", "unclosed-backtick", "code span opened with ` is never closed", last.where);
  }
  return out;
}

// `-D warnings` as a piece: the split took `-- -D` apart as `- -` / `- -D`, keeping the
// option's own dash (a long option of one letter, `--D`, is never meant).
const SHORT_OPTION = /^-[A-Za-z](?![\w-])/;

/** The text a split piece stands for: the " -" the split took, unless the piece kept its dash. */
function rejoined(piece: string): string {
  return SHORT_OPTION.test(piece) ? ` ${piece}` : ` -${piece}`;
}

const EXCERPT = 60;

/**
 * A line being rejoined from pieces, with what its excerpt needs, updated per piece: the
 * first open backtick run, or else the last code span. Rescanning the whole joined line
 * for every piece was quadratic on a flattened plan whose code span never closes.
 */
class JoinedLine {
  readonly parts: string[] = [];
  /** The open run: its length, the part it is in, its index there, and 60 characters from it. */
  open: { length: number; part: number; at: number; excerpt: string } | null = null;
  lastSpan: string | null = null;
  readonly head: string;

  constructor(first: string) {
    this.head = first.slice(0, EXCERPT);
    this.read(first, 0);
  }

  isOpen(): boolean {
    return this.open !== null;
  }

  append(piece: string): void {
    const open = this.open;
    if (open === null) {
      this.read(piece, 0);
      return;
    }
    if (open.excerpt.length < EXCERPT) open.excerpt = (open.excerpt + piece).slice(0, EXCERPT);
    const close = closingRun(piece, 0, open.length);
    if (close === -1) {
      this.parts.push(piece);
      return;
    }
    const first = this.parts[open.part] ?? "";
    const middle = this.parts.slice(open.part + 1).join("");
    const raw = first.slice(open.at + open.length) + middle + piece.slice(0, close);
    this.lastSpan = spanContent(raw);
    this.open = null;
    this.read(piece, close + open.length);
  }

  /** Reads `piece` (a new part) from `from`: its spans and its first open run. */
  private read(piece: string, from: number): void {
    this.parts.push(piece);
    const { spans, unclosed, unclosedLength } = scanSpans(piece, from);
    const last = spans.at(-1);
    if (last) this.lastSpan = last.content;
    if (unclosed !== -1) {
      const excerpt = piece.slice(unclosed, unclosed + EXCERPT);
      this.open = { length: unclosedLength, part: this.parts.length - 1, at: unclosed, excerpt };
    }
  }

  excerpt(): string {
    if (this.open) return `${this.open.excerpt}...`;
    return this.lastSpan !== null ? `\`${this.lastSpan}\`` : this.head;
  }

  text(): string {
    return this.parts.join("");
  }
}

/** Reads one section's logical lines; the fields are what it remembers between lines. */
class FlatSectionReader {
  readonly b: PlanBuilder;
  group: GroupDraft | null = null;
  task: TaskDraft | null = null;
  /** The group number each group got from its first sub-task (or its own number). */
  readonly majors = new Map<GroupDraft, string>();
  /** The first group of each number, for a sub-task that turns up after another group. */
  readonly byMajor = new Map<string, GroupDraft>();
  readonly tasksById = new Map<GroupDraft, { seen: number; byId: Map<string, TaskDraft> }>();
  /** The last plain detail, which may turn out to be the next group's lost title. */
  lastPlain: { owner: GroupDraft | TaskDraft; text: string; where: Where } | null = null;

  constructor(b: PlanBuilder) {
    this.b = b;
  }

  read(items: Logical[]): void {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item) i += this.line(item, items[i + 1]);
    }
  }

  /** Reads one line; returns how many following lines it consumed. */
  private line(item: Logical, next: Logical | undefined): number {
    const owner: GroupDraft | TaskDraft | null = this.task ?? this.group;
    if (item.fence) {
      if (owner) this.b.addFence(owner, item.fence.info, item.fence.lines, item.where);
      return 0;
    }
    let c = item.content.trim();
    if (/^-[^\s-]/.test(c)) return this.dashedGroup(c.slice(1).trim(), item.where, next);
    // A group that kept its number (`- 2. Title`, a flat plan written without boxes).
    const numbered = NUMBERED_GROUP.exec(c)?.groups;
    if (numbered?.id && numbered.title)
      return this.numberedGroup(numbered.id, numbered.title, item.where, next);
    // `- * 2.6 ...`: what is left of `- [ ]* 2.6`, an optional task.
    const optional = OPTIONAL_SUBTASK.test(c);
    if (optional) c = c.replace(/^\*[ \t]*/, "");
    const sub = SUBTASK.exec(c)?.groups;
    if (sub?.id && sub.title !== undefined)
      this.subTask(sub.id, sub.title.trim(), item.where, optional);
    else if (!owner) this.group = lostGroup(this.b, c, item.where);
    else this.detail(owner, c, item.where);
    return 0;
  }

  private number(group: GroupDraft, major: string): void {
    this.majors.set(group, major);
    if (!this.byMajor.has(major)) this.byMajor.set(major, group);
  }

  private startGroup(group: GroupDraft): void {
    this.group = group;
    this.task = null;
    this.lastPlain = null;
  }

  private numberedGroup(
    id: string,
    title: string,
    where: Where,
    next: Logical | undefined,
  ): number {
    const { full, consumed } = this.rejoinedTitle(title.trim(), next);
    const group = this.b.addGroup({ id, title: full, where });
    this.startGroup(group);
    this.number(group, id);
    return consumed;
  }

  /** `- -Title`: a group whose box was lost; `Checkpoint` + a short title line are one. */
  private dashedGroup(title: string, where: Where, next: Logical | undefined): number {
    const { full, consumed } = this.rejoinedTitle(title, next);
    this.startGroup(lostGroup(this.b, full, where));
    return consumed;
  }

  /** `Checkpoint` split from its title at " - " (`- -Checkpoint` + `- Backend complete`). */
  private rejoinedTitle(
    title: string,
    next: Logical | undefined,
  ): { full: string; consumed: number } {
    if (!CHECKPOINT_ONLY.test(title) || !next || !titleLike(next.content))
      return { full: title, consumed: 0 };
    const full = `${title.replace(/[\s:\-–—]+$/, "")} - ${next.content.trim()}`;
    this.b.diag("info", "repaired-title", `group title rejoined at " - ": "${full}"`, next.where);
    return { full, consumed: 1 };
  }

  private subTask(id: string, rawTitle: string, where: Where, optional = false): void {
    const major = id.split(".")[0] ?? id;
    const g = this.groupFor(id, major, where);
    this.number(g, major);
    this.b.setGroupId(g, major);
    let title = rawTitle;
    let glued: string | null = null;
    const m = GLUED.exec(title)?.groups;
    if (m?.title !== undefined && m.detail !== undefined && !m.title.includes("`")) {
      title = m.title;
      glued = m.detail;
      this.b.diag(
        "info",
        "repaired-title",
        `task ${id}: title and first detail were glued together; split before "${glued.slice(0, 30)}"`,
        where,
      );
    }
    const parentId = id.slice(0, id.lastIndexOf("."));
    const parent = this.taskById(g, parentId);
    this.task = this.b.addTask(g, parent, { id, title, where, optional });
    if (glued) this.b.addDetail(this.task, glued, where);
    this.lastPlain = null;
  }

  /**
   * The group's first task with this id, from an index kept per group (a `find` over the
   * group's tasks for every sub-task was quadratic on a flattened group of 80,000 lines).
   */
  private taskById(g: GroupDraft, id: string): TaskDraft | null {
    let index = this.tasksById.get(g);
    if (!index) {
      index = { seen: 0, byId: new Map() };
      this.tasksById.set(g, index);
    }
    for (; index.seen < g.tasks.length; index.seen++) {
      const t = g.tasks[index.seen];
      if (t?.id != null && !index.byId.has(t.id)) index.byId.set(t.id, t);
    }
    return index.byId.get(id) ?? null;
  }

  /** The group a sub-task belongs to: the current one if it fits, else a recovered one. */
  private groupFor(id: string, major: string, where: Where): GroupDraft {
    const { group, majors, lastPlain, b } = this;
    const accepts =
      group !== null &&
      (majors.get(group) === major ||
        (!majors.has(group) && !CHECKPOINT.test(group.title) && group.tasks.length === 0));
    if (group !== null && accepts) return group;
    const earlier = this.byMajor.get(major);
    if (earlier) {
      b.diag("info", "repaired-group", `sub-task ${id} put back under its group ${major}`, where);
      return earlier;
    }
    if (lastPlain && b.takeLastDetail(lastPlain.owner, lastPlain.text)) {
      this.group = lostGroup(b, lastPlain.text, lastPlain.where, major);
    } else {
      this.group = b.addGroup({ id: null, title: `Group ${major}`, where });
      const message = `sub-task ${id} has no group title; "Group ${major}" assumed`;
      b.diag("warning", "missing-group", message, where);
    }
    return this.group;
  }

  private detail(owner: GroupDraft | TaskDraft, text: string, where: Where): void {
    const before = owner.details.length;
    this.b.addDetail(owner, text, where);
    const added = owner.details.length > before ? owner.details.at(-1) : undefined;
    this.lastPlain = added === undefined ? null : { owner, text: added, where };
  }
}

/** A group whose checkbox and number the flattening lost, reported as repaired. */
function lostGroup(b: PlanBuilder, title: string, where: Where, major?: string): GroupDraft {
  const group = b.addGroup({ id: null, title, where });
  const which = major ? `group ${major}` : "a group";
  b.diag(
    "info",
    "repaired-group",
    `"${title}" starts ${which} (its checkbox and number were lost)`,
    where,
  );
  return group;
}

/** A short Title-Case-ish phrase, not a sentence or an instruction with code. */
function titleLike(text: string): boolean {
  const t = text.trim();
  return /^[A-Z][^`.,;:]*$/.test(t) && t.split(/\s+/).length <= 8;
}

/** Groups with sub-tasks take their number from them; the others the free numbers between. */
function numberGroups(b: PlanBuilder): void {
  let prev = 0;
  const taken = new Set(b.groups.map((g) => g.id).filter((id): id is string => id !== null));
  for (const g of b.groups) {
    if (g.id !== null) {
      prev = Number(g.id);
      continue;
    }
    let n = prev + 1;
    while (taken.has(String(n))) n++;
    const id = String(n);
    b.setGroupId(g, id);
    taken.add(id);
    prev = n;
    b.diag(
      "info",
      "repaired-number",
      `group "${g.title}" numbered ${id} from its place in the plan`,
      g.where,
    );
  }
}
