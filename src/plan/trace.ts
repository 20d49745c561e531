// Trace: criterion -> tasks that claim it -> gates (checkpoints, verification tasks)
// that verify those tasks, and the properties that validate it.
import type {
  Command,
  CriterionTrace,
  Diagnostic,
  Gate,
  Group,
  Plan,
  Property,
  Reference,
  RequirementsDoc,
  Task,
  Trace,
} from "./model.ts";

const commandKey = (c: Command) => `${c.cwd ?? "."}\u0000${c.run}`;

/** A gate naming the same command twice (title and bullet) runs it once. */
function distinct(commands: Command[]): Command[] {
  const seen = new Set<string>();
  return commands.filter((c) => !seen.has(commandKey(c)) && seen.add(commandKey(c)));
}

/** Everything that runs commands, in plan order. */
export function gatesOf(plan: Plan): Gate[] {
  const gates: Gate[] = [];
  const seen = new Map<string, Command>();
  const remember = (cmds: Command[]) => {
    for (const c of cmds) {
      const key = commandKey(c);
      if (!seen.has(key)) seen.set(key, c);
    }
  };
  for (const g of plan.groups) {
    if (g.kind === "checkpoint") {
      const commands = distinct([...g.commands, ...g.tasks.flatMap((t) => t.commands)]);
      gates.push({
        id: g.id,
        title: g.title,
        kind: "checkpoint",
        groupId: g.id,
        commands,
        inherited: commands.length === 0 ? [...seen.values()] : [],
        line: g.line,
      });
      remember(commands);
      continue;
    }
    if (g.tasks.length === 0 && g.kind === "verification") {
      gates.push({
        id: g.id,
        title: g.title,
        kind: "verification",
        groupId: g.id,
        commands: distinct(g.commands),
        inherited: [],
        line: g.line,
      });
      remember(g.commands);
      continue;
    }
    for (const t of g.tasks) {
      if (!t.verification) continue;
      gates.push({
        id: t.id,
        title: t.title,
        kind: "verification",
        groupId: g.id,
        commands: distinct(t.commands),
        inherited: [],
        line: t.line,
      });
      remember(t.commands);
    }
  }
  return gates;
}

/** For each group index, the id of the next checkpoint group after it (or null). */
function nextCheckpoints(plan: Plan, gates: Gate[]): (string | null)[] {
  const ids = new Set(gates.map((g) => g.id));
  const next: (string | null)[] = new Array(plan.groups.length).fill(null);
  let following: string | null = null;
  for (let i = plan.groups.length - 1; i >= 0; i--) {
    next[i] = following;
    const g = plan.groups[i];
    if (g?.kind === "checkpoint") following = ids.has(g.id) ? g.id : null;
  }
  return next;
}

/** Gate ids that verify a task: itself when it only runs commands, else the next checkpoint. */
function gatesForTask(group: Group, task: Task | null, next: string | null): string[] {
  // A checkpoint group runs its tasks' commands itself: they are all one gate.
  if (group.kind === "checkpoint") return [group.id];
  if (task?.verification) return [task.id];
  if (!task && group.kind === "verification" && group.tasks.length === 0) return [group.id];
  return next === null ? [] : [next];
}

/** Natural order: 1.2 < 1.10 < 2.1, FR-2 < FR-10. The collator is made on first use:
 * loading its locale data costs ~3 ms, which a plan without requirements never needs. */
let collator: Intl.Collator | undefined;
function compareIds(a: string, b: string): number {
  collator ??= new Intl.Collator("en", { numeric: true });
  return collator.compare(a, b);
}

/** The criteria being traced, by id, and how a reference expands into them. */
class CriteriaTable {
  readonly byId = new Map<string, CriterionTrace>();
  readonly unknown: Trace["unknown"] = [];
  readonly unknownKeys = new Set<string>();
  /** Criterion id -> its text, in the requirements document's order. */
  readonly known = new Map<string, string>();
  /** Requirement id -> its criterion ids. */
  readonly wholes = new Map<string, string[]>();
  readonly hasDocument: boolean;

  constructor(requirements: RequirementsDoc | null) {
    this.hasDocument = requirements !== null;
    for (const r of requirements?.requirements ?? []) {
      this.wholes.set(
        r.id,
        r.criteria.map((c) => c.id),
      );
      for (const c of r.criteria) this.known.set(c.id, c.text);
    }
    for (const id of this.known.keys()) this.entry(id);
  }

  entry(id: string): CriterionTrace {
    let e = this.byId.get(id);
    if (!e) {
      e = {
        id,
        text: this.known.get(id) ?? null,
        tasks: [],
        checkpoints: [],
        properties: [],
        covered: false,
        known: !this.hasDocument || this.known.has(id),
      };
      this.byId.set(id, e);
    }
    return e;
  }

  /** `Requirements: 3` (a whole requirement) claims all of its criteria. */
  expand(id: string): string[] {
    return (!id.includes(".") && this.wholes.get(id)) || [id];
  }

  claim(refs: Reference[], by: string, verifiers: string[]): void {
    for (const { id: raw, line, column } of refs) {
      for (const id of this.expand(raw)) {
        const e = this.entry(id);
        if (!e.tasks.includes(by)) e.tasks.push(by);
        for (const v of verifiers) if (!e.checkpoints.includes(v)) e.checkpoints.push(v);
        e.covered = true;
        // A Set of `id line` keys: a `some` over every unknown id was quadratic.
        const key = `${id} ${line}`;
        if (!e.known && !this.unknownKeys.has(key)) {
          this.unknownKeys.add(key);
          this.unknown.push({ id, line, column });
        }
      }
    }
  }

  validate(property: Property): void {
    for (const raw of property.validates) {
      for (const id of this.expand(raw)) {
        const e = this.entry(id);
        if (!e.properties.includes(property.id)) e.properties.push(property.id);
      }
    }
  }

  /** Document order when there is a document (unknown ids after it), else natural order. */
  sorted(): CriterionTrace[] {
    const criteria = [...this.byId.values()];
    if (!this.hasDocument) return criteria.sort((a, b) => compareIds(a.id, b.id));
    // Positions in a Map: an indexOf per comparison made the sort quadratic and worse.
    const order = new Map([...this.known.keys()].map((id, i) => [id, i]));
    return criteria.sort((a, b) => {
      const ia = order.get(a.id) ?? -1;
      const ib = order.get(b.id) ?? -1;
      if (ia !== -1 && ib !== -1) return ia - ib;
      if (ia !== -1) return -1;
      if (ib !== -1) return 1;
      return compareIds(a.id, b.id);
    });
  }
}

export function traceCriteria(plan: Plan, requirements: RequirementsDoc | null = null): Trace {
  const gates = gatesOf(plan);
  const table = new CriteriaTable(requirements);
  const next = nextCheckpoints(plan, gates);
  plan.groups.forEach((g, i) => {
    const following = next[i] ?? null;
    if (g.references.length > 0) table.claim(g.references, g.id, gatesForTask(g, null, following));
    for (const t of g.tasks) {
      table.claim(t.references, t.id, gatesForTask(g, t, following));
      for (const p of t.properties) table.validate(p);
    }
  });
  return {
    gates,
    groupGates: groupGates(plan, next),
    criteria: table.sorted(),
    unknown: table.unknown,
  };
}

/** Group id -> the gates that verify its tasks. */
function groupGates(plan: Plan, next: (string | null)[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  plan.groups.forEach((g, i) => {
    const following = next[i] ?? null;
    const ids = new Set<string>();
    if (g.kind === "checkpoint") ids.add(g.id);
    else if (g.kind === "verification" && g.tasks.length === 0) ids.add(g.id);
    for (const t of g.tasks) for (const id of gatesForTask(g, t, following)) ids.add(id);
    if (g.kind === "work" && g.tasks.length === 0 && following) ids.add(following);
    out[g.id] = [...ids];
  });
  return out;
}

/** Diagnostics that need the trace: unknown and unclaimed criteria. */
export function traceDiagnostics(
  trace: Trace,
  plan: Plan,
  requirements: RequirementsDoc | null,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const u of trace.unknown) {
    out.push({
      severity: "error",
      code: "unknown-criterion",
      message: `criterion ${u.id} does not exist in ${requirements?.path ?? "the requirements document"}`,
      file: plan.path,
      line: u.line,
      column: u.column,
    });
  }
  if (requirements) {
    // The first definition of each id, looked up once (a find per criterion was quadratic).
    const defs = new Map<string, { line: number }>();
    for (const r of requirements.requirements) {
      for (const x of r.criteria) if (!defs.has(x.id)) defs.set(x.id, x);
    }
    for (const c of trace.criteria) {
      if (c.covered || !c.known) continue;
      const def = defs.get(c.id);
      out.push({
        severity: "warning",
        code: "uncovered-criterion",
        message: `criterion ${c.id} is claimed by no task`,
        file: requirements.path,
        line: def?.line ?? 1,
        column: 1,
      });
    }
  }
  return out;
}
