// Builds the plan model from recognised pieces (groups, tasks, detail lines). Both the
// canonical Kiro reader and the flattened-form repair feed the same builder, so what a
// bullet means (reference, property, command, detail) is decided in one place.
import { codeSpans } from "../markdown/syntax.ts";
import { commandsIn, fenceCommands, isCheckOnly, isShellFence } from "./commands.ts";
import { wordsPattern } from "./keywords.ts";
import { locate } from "./locate.ts";
import type {
  Checkbox,
  ChecklistItem,
  Command,
  Diagnostic,
  Duplicate,
  Group,
  GroupKind,
  Plan,
  Property,
  Reference,
  SetAside,
  Severity,
  Task,
  TaskState,
} from "./model.ts";
import { propertyHeading, requirementReference, validatesReference } from "./references.ts";
import type { Join } from "./scanner.ts";
import { isSpace, runEndAfter } from "./text.ts";

export interface Where {
  line: number;
  column: number;
  /** Lines wrapped into the text (see scanner.ts): offsets past one are on that line. */
  joins?: readonly Join[];
}

/** The line and column of `offset` in a text read at `where`, wrapped lines included. */
export function positionIn(where: Where, offset: number): { line: number; column: number } {
  let at: { line: number; column: number } = { line: where.line, column: where.column + offset };
  for (const j of where.joins ?? []) {
    if (j.offset <= offset) at = { line: j.line, column: j.column + offset - j.offset };
  }
  return at;
}

/** What the readers may see of a group or task while the plan is built (read-only). */
interface OwnerView {
  readonly details: readonly string[];
}

export interface GroupDraft extends OwnerView {
  readonly id: string | null;
  readonly title: string;
  readonly tasks: readonly TaskDraft[];
  readonly where: Where;
}

export interface TaskDraft extends OwnerView {
  readonly id: string | null;
  readonly title: string;
  readonly parent: TaskDraft | null;
  readonly group: GroupDraft;
  readonly where: Where;
}

/** A new group. `kind: "checkpoint"` states it; otherwise a title naming a checkpoint makes one. */
interface GroupSpec {
  id: string | null;
  title: string;
  where: Where;
  box?: Checkbox | null;
  optional?: boolean;
  kind?: "checkpoint";
}

interface TaskSpec {
  id: string | null;
  title: string;
  where: Where;
  box?: Checkbox | null;
  optional?: boolean;
}

/** The builder's own, writable side of a draft. */
interface Owner {
  requirements: string[];
  references: Reference[];
  properties: Property[];
  commands: Command[];
  details: string[];
  /** Details that ask for work, not only to check an outcome. */
  workDetails: number;
}

interface WritableGroup extends Owner {
  id: string | null;
  title: string;
  kind: "checkpoint" | null;
  box: Checkbox | null;
  optional: boolean;
  tasks: WritableTask[];
  where: Where;
}

interface WritableTask extends Owner {
  id: string | null;
  title: string;
  box: Checkbox | null;
  optional: boolean;
  parent: WritableTask | null;
  group: WritableGroup;
  where: Where;
}

/** What groups and tasks have in common, empty. */
function draft(spec: TaskSpec): Omit<WritableTask, "parent" | "group"> {
  return {
    id: spec.id,
    title: spec.title,
    box: spec.box ?? null,
    optional: spec.optional ?? false,
    where: spec.where,
    requirements: [],
    references: [],
    properties: [],
    commands: [],
    details: [],
    workDetails: 0,
  };
}

// The drafts handed out are the builder's own objects behind read-only types; only
// the builder writes them, through these casts.
const writable = (o: GroupDraft | TaskDraft): Owner => o as WritableGroup | WritableTask;
const writableGroup = (g: GroupDraft): WritableGroup => g as WritableGroup;
const writableTask = (t: TaskDraft | null): WritableTask | null => t as WritableTask | null;

/**
 * Group titles that make a checkpoint when the format does not state the kind (Kiro's
 * convention), in any language of keywords.ts (`检查点`, `Punto de control`).
 */
const CHECKPOINT_TITLE = new RegExp(wordsPattern("checkpoint"), "u");

const LABEL_SEPARATORS = new Set([":", "-", "–", "—", "`"]);

// The title without a leading `... checkpoint ...:` label, as
// title.replace(/^[^`]*?\bcheck[\s-]?point\b[^:\-–—`]*[:\-–—]\s*/i, "") leaves it, in one
// pass: that pattern rescanned the rest of the title from every "checkpoint" in it. Only
// the first "checkpoint" before a backtick matters: the first separator or backtick
// after it decides for every later one too.
function afterCheckpointLabel(title: string): string {
  const tick = title.indexOf("`");
  const m = CHECKPOINT_TITLE.exec(tick === -1 ? title : title.slice(0, tick));
  if (!m) return title;
  let i = m.index + m[0].length;
  while (i < title.length && !LABEL_SEPARATORS.has(title.charAt(i))) i++;
  if (i === title.length || title.charAt(i) === "`") return title;
  return title.slice(runEndAfter(title, i + 1, isSpace));
}

export class PlanBuilder {
  readonly #groups: WritableGroup[] = [];
  readonly #claimed = new WeakMap<Owner, Set<string>>();
  readonly #setAside = { cancelled: [] as SetAside[], archived: [] as SetAside[] };
  readonly #checklists: ChecklistItem[] = [];
  readonly diagnostics: Diagnostic[] = [];

  readonly file: string | null;
  /** In the flattened form an open backtick is repaired, not reported. */
  readonly reportUnclosedBackticks: boolean;

  constructor(file: string | null, reportUnclosedBackticks = true) {
    this.file = file;
    this.reportUnclosedBackticks = reportUnclosedBackticks;
  }

  get groups(): readonly GroupDraft[] {
    return this.#groups;
  }

  diag(severity: Severity, code: string, message: string, where: Where): void {
    this.diagnostics.push({ severity, code, message, file: this.file, ...where });
  }

  addGroup(spec: GroupSpec): GroupDraft {
    const g: WritableGroup = { ...draft(spec), kind: spec.kind ?? null, tasks: [] };
    this.#groups.push(g);
    this.titleDetail(g, spec.title, spec.where);
    return g;
  }

  addTask(group: GroupDraft, parent: TaskDraft | null, spec: TaskSpec): TaskDraft {
    const g = writableGroup(group);
    const t: WritableTask = { ...draft(spec), parent: writableTask(parent), group: g };
    g.tasks.push(t);
    this.titleDetail(t, spec.title, spec.where);
    return t;
  }

  /** A task that is not live: reported, never gated, counted or given a PR. */
  setAside(kind: "cancelled" | "archived", item: SetAside): void {
    const list = this.#setAside[kind];
    // What was assumed, said once per kind: where the reading starts.
    if (list.length === 0) {
      const message =
        kind === "cancelled"
          ? `"${item.title}" is struck through: read as cancelled (not run, counted or given a PR)`
          : `"${item.title}" is in a section that archives earlier work: read as archived, not live`;
      this.diag("info", `${kind}-task`, message, { line: item.line, column: 1 });
    }
    list.push(item);
  }

  /** An unnumbered checkbox of a plan whose tasks are numbered. */
  addChecklist(item: ChecklistItem): void {
    if (this.#checklists.length === 0) {
      const message = `"${item.text}" has no number in a plan whose tasks are numbered: read as a checklist line, not a task`;
      this.diag("info", "checklist", message, { line: item.line, column: 1 });
    }
    this.#checklists.push(item);
  }

  /** A state read from a `Status:` field, for a group or task without a checkbox. */
  setFieldState(o: GroupDraft | TaskDraft, box: Checkbox): boolean {
    const w = o as WritableGroup | WritableTask;
    if (w.box !== null) return false;
    w.box = box;
    return true;
  }

  /** Numbers a group read without one (the flattened form recovers numbers late). */
  setGroupId(group: GroupDraft, id: string): void {
    writableGroup(group).id = id;
  }

  /**
   * Takes back the owner's last detail when it is `text` (a line that turned out to be
   * the next group's title); false when the last detail is something else.
   */
  takeLastDetail(o: GroupDraft | TaskDraft, text: string): boolean {
    const w = writable(o);
    if (w.details.at(-1) !== text) return false;
    w.details.pop();
    w.workDetails = Math.max(0, w.workDetails - 1);
    return true;
  }

  /** A detail kept as written, neither classified nor counted as work (`parallel [P]`). */
  addNote(o: GroupDraft | TaskDraft, text: string): void {
    writable(o).details.push(text);
  }

  /** A title can itself name a command (`3. Checkpoint - Run \`npm test\``). */
  private titleDetail(o: Owner, title: string, where: Where): void {
    // `Checkpoint 2 - Run \`make\``, `✅ Checkpoint: Ensure \`pytest\` passes`: what follows the label.
    const stripped = afterCheckpointLabel(title);
    const found = commandsIn(stripped);
    for (const c of found) {
      o.commands.push({
        run: c.run,
        cwd: c.cwd,
        line: where.line,
        column: where.column,
        source: "inline",
      });
    }
    // `Create the \`cli\` entry point with \`typer\``: a title that asks for work is work.
    if (found.length > 0 && asksForWork(stripped)) o.workDetails++;
  }

  /** Classifies one detail line of a group or task. */
  addDetail(draft: GroupDraft | TaskDraft, text: string, where: Where): void {
    const t = text.trim();
    if (t === "") return;
    const o = writable(draft);
    if (this.addReferences(o, t, where, text)) return;
    const found = commandsIn(t);
    for (const c of found) {
      o.commands.push({ run: c.run, cwd: c.cwd, ...positionIn(where, c.index), source: "inline" });
    }
    if (this.reportUnclosedBackticks && t.includes("`")) this.checkBackticks(t, where);
    if (found.length > 0) {
      // `Parse it with \`serde_yaml\` into the config`: work that names a tool.
      if (asksForWork(t)) o.workDetails++;
      return;
    }
    o.details.push(t);
    if (!isCheckOnly(t) && !/^ask\b.*\bquestions?\b/i.test(t)) o.workDetails++;
  }

  /** A `Validates:` line, a property or a requirement reference; false for anything else. */
  private addReferences(o: Owner, t: string, where: Where, text: string): boolean {
    const validates = validatesReference(t);
    if (validates) {
      const open = o.properties.filter((p) => p.validates.length === 0);
      for (const p of open.length > 0 ? open : o.properties.slice(-1)) p.validates = validates.ids;
      this.refs(o, validates.ids, validates.rejected, where, text);
      return true;
    }
    const property = propertyHeading(t);
    if (property) {
      o.properties.push({
        id: property.id,
        title: property.title,
        validates: property.validates ?? [],
        line: where.line,
      });
      if (property.validates) this.refs(o, property.validates, [], where, text);
      return true;
    }
    const refs = requirementReference(t);
    if (refs) this.refs(o, refs.ids, refs.rejected, where, text);
    return refs !== null;
  }

  private checkBackticks(t: string, where: Where): void {
    const { unclosed } = codeSpans(t);
    if (unclosed === -1) return;
    this.diag(
      "warning",
      "unclosed-backtick",
      "code span opened with ` is never closed on this line",
      positionIn(where, unclosed),
    );
  }

  addFence(draft: GroupDraft | TaskDraft, info: string, lines: string[], where: Where): void {
    if (!isShellFence(info)) return;
    const o = writable(draft);
    for (const c of fenceCommands(lines, info)) {
      o.commands.push({
        run: c.run,
        cwd: null,
        line: where.line + 1 + c.index,
        column: 1,
        source: "fence",
      });
    }
  }

  /** Criteria a group or task claims; `rejected` are pieces that could not be read. */
  addRefs(draft: GroupDraft | TaskDraft, ids: string[], rejected: string[], where: Where): void {
    this.refs(writable(draft), ids, rejected, where);
  }

  /** `text` (what `where` points at) places each id: diagnostics then point at the id. */
  private refs(o: Owner, ids: string[], rejected: string[], where: Where, text = ""): void {
    // Claimed ids in a Set per owner: `includes` over a long `_Requirements:` list was quadratic.
    const claimed = this.#claimed.get(o) ?? new Set(o.requirements);
    this.#claimed.set(o, claimed);
    const find = locate(text);
    const at = (offset: number) =>
      offset < 0 ? where : { ...where, ...positionIn(where, offset) };
    for (const id of ids) {
      if (claimed.has(id)) continue;
      claimed.add(id);
      o.requirements.push(id);
      const { line, column } = at(find.id(id));
      o.references.push({ id, line, column });
    }
    for (const r of rejected) {
      const message = `cannot read requirement reference "${r}"`;
      this.diag("warning", "unparsed-reference", message, at(find.piece(r)));
    }
  }

  /** The plan; `repaired` marks a damaged copy whose structure was recovered. */
  finish(options: { format: string; title: string | null; repaired?: boolean }): Plan {
    const { groups, duplicates } = this.firstOfEachId(this.#groups.map((g) => finishGroup(g)));
    if (groups.length === 0) {
      this.diag("error", "empty-plan", "no task groups found (expected `- [ ] 1. Title` items)", {
        line: 1,
        column: 1,
      });
    }
    this.checkCheckpoints(groups);
    return {
      format: options.format,
      repaired: options.repaired ?? false,
      path: this.file,
      title: options.title,
      groups,
      cancelled: this.#setAside.cancelled,
      archived: this.#setAside.archived,
      checklists: this.#checklists,
      duplicates,
      diagnostics: this.diagnostics,
    };
  }

  /**
   * The groups and tasks with each id read once: one written again is dropped and the
   * first one stays. A group again (numbering restarted in a later section) is a warning;
   * a task again in its group is an error, as `dxfix lint` has always said. A task
   * written again under another group (`1.1` under group 2) is misplaced rather than
   * repeated: both are kept (an error), and editing either would be a guess.
   */
  private firstOfEachId(all: Group[]): { groups: Group[]; duplicates: Duplicate[] } {
    const lines = new Map<string, number>();
    const duplicates: Duplicate[] = [];
    const again = (id: string, at: Group | Task, kind: Duplicate["kind"] | "misplaced") => {
      const first = lines.get(id);
      if (first === undefined) {
        lines.set(id, at.line);
        return false;
      }
      const message = `id ${id} is used again (first on line ${first})`;
      this.diag(kind === "group" ? "warning" : "error", "duplicate-id", message, at);
      if (kind === "misplaced") return false;
      duplicates.push({ id, kind, line: at.line });
      return true;
    };
    const groups: Group[] = [];
    for (const g of all) {
      if (again(g.id, g, "group")) continue;
      groups.push(g);
      g.tasks = g.tasks.filter((t) => {
        const fits = t.id.slice(0, t.id.lastIndexOf(".")) === (t.parent ?? g.id);
        return !again(t.id, t, fits ? "task" : "misplaced");
      });
    }
    return { groups, duplicates };
  }

  private checkCheckpoints(groups: Group[]): void {
    let commandsSoFar = 0;
    for (const g of groups) {
      const own = g.commands.length + g.tasks.reduce((n, t) => n + t.commands.length, 0);
      if (g.kind === "checkpoint" && own === 0 && commandsSoFar === 0) {
        this.diag(
          "warning",
          "checkpoint-without-command",
          `checkpoint ${g.id} names no command and none runs before it, so it cannot be verified`,
          { line: g.line, column: g.column },
        );
      }
      commandsSoFar += own;
    }
  }
}

function finishGroup(g: WritableGroup): Group {
  const id = g.id ?? "?";
  const tasks = finishTasks(g.tasks, id);
  const kind = kindOf(g, tasks);
  if (kind === "work") for (const t of tasks) t.verification = false;
  return {
    id,
    title: g.title,
    kind,
    state: groupState(g.box, tasks),
    box: g.box,
    optional: g.optional,
    tasks,
    commands: g.commands,
    requirements: g.requirements,
    references: g.references,
    details: g.details,
    line: g.where.line,
    column: g.where.column,
  };
}

/** Tasks without a number are numbered after their parent (`2.3`, `2.3.1`). */
function finishTasks(drafts: WritableTask[], groupId: string): Task[] {
  const counters = new Map<string, number>();
  const ids = new Map<WritableTask, string>();
  return drafts.map((t) => {
    const parentId = t.parent ? (ids.get(t.parent) ?? null) : null;
    const base = parentId ?? groupId;
    const k = (counters.get(base) ?? 0) + 1;
    counters.set(base, k);
    const taskId = t.id ?? `${base}.${k}`;
    ids.set(t, taskId);
    return {
      id: taskId,
      title: t.title,
      state: t.box?.state ?? "todo",
      box: t.box,
      optional: t.optional,
      requirements: t.requirements,
      references: t.references,
      properties: t.properties,
      commands: t.commands,
      details: t.details,
      parent: parentId,
      verification: t.commands.length > 0 && t.workDetails === 0,
      line: t.where.line,
      column: t.where.column,
    };
  });
}

function kindOf(g: WritableGroup, tasks: Task[]): GroupKind {
  if (g.kind === "checkpoint" || CHECKPOINT_TITLE.test(g.title)) return "checkpoint";
  // Tasks that only run commands verify when their group is made of them; in a work
  // group `Run \`npm init\`` is setup work, checked by the next checkpoint.
  const verifies =
    (tasks.length > 0 && tasks.every((t) => t.verification)) ||
    (tasks.length === 0 && g.commands.length > 0 && g.workDetails === 0);
  return verifies ? "verification" : "work";
}

// Lines that run or check something; any other line naming a command asks for work.
const RUNS_OR_CHECKS =
  /^[\s*_]*(?:`|\$|run|runs|re-?run|execute|exec|invoke|call|test|build|compile|lint|check|verify|ensure|confirm|make\s+sure|validate|all\b|the\s+(?:build|tests?)\b)/i;

function asksForWork(line: string): boolean {
  const t = line.replace(/^[^:]{1,20}\*\*:\s*|^\*\*[^*]{1,20}\*\*:?\s*/, "");
  return !RUNS_OR_CHECKS.test(t) && !isCheckOnly(t);
}

/**
 * A ticked or started box says it; an empty box (or none) leaves it to the tasks: a
 * `- [ ] 2.` group whose first task is done is in progress.
 */
function groupState(box: Checkbox | null, tasks: Task[]): TaskState {
  if (box && box.state !== "todo") return box.state;
  return deriveState(tasks);
}

function deriveState(tasks: { state: TaskState; optional: boolean }[]): TaskState {
  if (tasks.length === 0) return "todo";
  const required = tasks.filter((t) => !t.optional);
  const counted = required.length > 0 ? required : tasks;
  if (counted.every((t) => t.state === "done")) return "done";
  if (tasks.some((t) => t.state !== "todo")) return "in_progress";
  return "todo";
}
