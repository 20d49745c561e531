// Builds the plan model from recognised pieces (groups, tasks, detail lines). Both the
// canonical Kiro reader and the flattened-form repair feed the same builder, so what a
// bullet means (reference, property, command, detail) is decided in one place.
import {
  commandsIn,
  fenceCommands,
  isCheckOnly,
  isShellFence,
  propertyHeading,
  requirementReference,
  validatesReference,
} from "./inline.ts";
import type {
  Checkbox,
  Command,
  Diagnostic,
  Group,
  GroupKind,
  Plan,
  Property,
  Reference,
  Severity,
  Task,
  TaskState,
} from "./model.ts";
import { codeSpans } from "./text.ts";

export interface Where {
  line: number;
  column: number;
}

interface Owner {
  requirements: string[];
  references: Reference[];
  properties: Property[];
  commands: Command[];
  details: string[];
  /** Details that ask for work, not only to check an outcome. */
  workDetails: number;
}

export interface GroupDraft extends Owner {
  id: string | null;
  title: string;
  box: Checkbox | null;
  optional: boolean;
  tasks: TaskDraft[];
  where: Where;
}

export interface TaskDraft extends Owner {
  id: string | null;
  title: string;
  box: Checkbox | null;
  optional: boolean;
  parent: TaskDraft | null;
  group: GroupDraft;
  where: Where;
}

function owner(): Owner {
  return {
    requirements: [],
    references: [],
    properties: [],
    commands: [],
    details: [],
    workDetails: 0,
  };
}

export class PlanBuilder {
  readonly groups: GroupDraft[] = [];
  readonly diagnostics: Diagnostic[] = [];
  title: string | null = null;

  readonly file: string | null;
  /** In the flattened form an open backtick is repaired, not reported. */
  readonly reportUnclosedBackticks: boolean;

  constructor(file: string | null, reportUnclosedBackticks = true) {
    this.file = file;
    this.reportUnclosedBackticks = reportUnclosedBackticks;
  }

  diag(severity: Severity, code: string, message: string, where: Where): void {
    this.diagnostics.push({ severity, code, message, file: this.file, ...where });
  }

  addGroup(
    id: string | null,
    title: string,
    where: Where,
    box: Checkbox | null,
    optional: boolean,
  ): GroupDraft {
    const g: GroupDraft = { ...owner(), id, title, box, optional, tasks: [], where };
    this.groups.push(g);
    this.titleDetail(g, title, where);
    return g;
  }

  addTask(
    group: GroupDraft,
    parent: TaskDraft | null,
    id: string | null,
    title: string,
    where: Where,
    box: Checkbox | null,
    optional: boolean,
  ): TaskDraft {
    const t: TaskDraft = { ...owner(), id, title, box, optional, parent, group, where };
    group.tasks.push(t);
    this.titleDetail(t, title, where);
    return t;
  }

  /** A title can itself name a command (`3. Checkpoint - Run \`npm test\``). */
  private titleDetail(o: Owner, title: string, where: Where): void {
    // `Checkpoint 2 - Run \`make\``, `✅ Checkpoint: Ensure \`pytest\` passes`: what follows the label.
    const stripped = title.replace(/^[^`]*?\bcheck[\s-]?point\b[^:\-–—`]*[:\-–—]\s*/i, "");
    for (const c of commandsIn(stripped)) {
      o.commands.push({
        run: c.run,
        cwd: c.cwd,
        line: where.line,
        column: where.column,
        source: "inline",
      });
    }
  }

  /** Classifies one detail line of a group or task. */
  addDetail(o: GroupDraft | TaskDraft, text: string, where: Where): void {
    const t = text.trim();
    if (t === "") return;
    const validates = validatesReference(t);
    if (validates) {
      const open = o.properties.filter((p) => p.validates.length === 0);
      for (const p of open.length > 0 ? open : o.properties.slice(-1)) p.validates = validates.ids;
      this.addRefs(o, validates.ids, validates.rejected, where);
      return;
    }
    const property = propertyHeading(t);
    if (property) {
      o.properties.push({
        id: property.id,
        title: property.title,
        validates: property.validates ?? [],
        line: where.line,
      });
      if (property.validates) this.addRefs(o, property.validates, [], where);
      return;
    }
    const refs = requirementReference(t);
    if (refs) {
      this.addRefs(o, refs.ids, refs.rejected, where);
      return;
    }
    const found = commandsIn(t);
    for (const c of found) {
      o.commands.push({
        run: c.run,
        cwd: c.cwd,
        line: where.line,
        column: where.column + c.index,
        source: "inline",
      });
    }
    if (this.reportUnclosedBackticks && t.includes("`")) {
      const { unclosed } = codeSpans(t);
      if (unclosed !== -1) {
        this.diag(
          "warning",
          "unclosed-backtick",
          "code span opened with ` is never closed on this line",
          { line: where.line, column: where.column + unclosed },
        );
      }
    }
    if (found.length > 0) return;
    o.details.push(t);
    if (!isCheckOnly(t) && !/^ask\b.*\bquestions?\b/i.test(t)) o.workDetails++;
  }

  addFence(o: GroupDraft | TaskDraft, info: string, lines: string[], where: Where): void {
    if (!isShellFence(info)) return;
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

  addRefs(o: Owner, ids: string[], rejected: string[], where: Where): void {
    for (const id of ids) {
      if (o.requirements.includes(id)) continue;
      o.requirements.push(id);
      o.references.push({ id, ...where });
    }
    for (const r of rejected) {
      this.diag("warning", "unparsed-reference", `cannot read requirement reference "${r}"`, where);
    }
  }

  finish(format = "kiro"): Plan {
    const groups = this.groups.map((g) => this.finishGroup(g));
    this.checkIds(groups);
    if (groups.length === 0) {
      this.diag("error", "empty-plan", "no task groups found (expected `- [ ] 1. Title` items)", {
        line: 1,
        column: 1,
      });
    }
    this.checkCheckpoints(groups);
    return {
      format,
      repaired: false,
      path: this.file,
      title: this.title,
      groups,
      diagnostics: this.diagnostics,
    };
  }

  private finishGroup(g: GroupDraft): Group {
    const id = g.id ?? "?";
    const tasks: Task[] = [];
    const counters = new Map<string, number>();
    const ids = new Map<TaskDraft, string>();
    for (const t of g.tasks) {
      const parentId = t.parent ? ids.get(t.parent)! : id;
      const k = (counters.get(parentId) ?? 0) + 1;
      counters.set(parentId, k);
      const taskId = t.id ?? `${parentId}.${k}`;
      ids.set(t, taskId);
      const verification = t.commands.length > 0 && t.workDetails === 0;
      tasks.push({
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
        parent: t.parent ? ids.get(t.parent)! : null,
        verification,
        line: t.where.line,
        column: t.where.column,
      });
    }
    let kind: GroupKind = "work";
    // Tasks that only run commands verify when their group is made of them; in a work
    // group `Run \`npm init\`` is setup work, checked by the next checkpoint.
    if (/\bcheck[\s-]?point\b/i.test(g.title)) kind = "checkpoint";
    else if (
      (tasks.length > 0 && tasks.every((t) => t.verification)) ||
      (tasks.length === 0 && g.commands.length > 0 && g.workDetails === 0)
    )
      kind = "verification";
    if (kind === "work") for (const t of tasks) t.verification = false;
    return {
      id,
      title: g.title,
      kind,
      state: g.box?.state ?? deriveState(tasks),
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

  private checkIds(groups: Group[]): void {
    const seen = new Map<string, number>();
    const check = (id: string, line: number, column: number) => {
      const first = seen.get(id);
      if (first === undefined) seen.set(id, line);
      else {
        this.diag("error", "duplicate-id", `id ${id} is used again (first on line ${first})`, {
          line,
          column,
        });
      }
    };
    for (const g of groups) {
      check(g.id, g.line, g.column);
      for (const t of g.tasks) check(t.id, t.line, t.column);
    }
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

export function deriveState(tasks: { state: TaskState; optional: boolean }[]): TaskState {
  if (tasks.length === 0) return "todo";
  const required = tasks.filter((t) => !t.optional);
  const counted = required.length > 0 ? required : tasks;
  if (counted.every((t) => t.state === "done")) return "done";
  if (tasks.some((t) => t.state !== "todo")) return "in_progress";
  return "todo";
}
