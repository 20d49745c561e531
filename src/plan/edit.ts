// Lossless edits: changing a task's state rewrites exactly one character, the one
// between its checkbox's brackets. Every other byte (line endings, tabs, trailing
// spaces, non-ASCII) stays as it was. Every edit goes through `apply`, which first
// checks that each box is still where the parse saw it.
import { UserError } from "../errors.ts";
import type { Checkbox, Group, Plan, Task, TaskState } from "./model.ts";

/** The plan text does not match what an edit expects (stale parse, unknown task). */
export class PlanEditError extends UserError {}

const CHAR: Record<TaskState, string> = { todo: " ", in_progress: "-", done: "x" };

/** One box to set. */
export interface BoxEdit {
  box: Checkbox;
  state: TaskState;
}

/** The text with each box set; throws PlanEditError when a box is not where it was parsed. */
export function applyBoxEdits(text: string, edits: readonly BoxEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.box.offset - b.box.offset);
  let out = "";
  let at = 0;
  for (const { box, state } of sorted) {
    const { was, next } = rewrite(text, box, state);
    if (box.offset < at) continue; // the same box twice: the first edit wins
    out += text.slice(at, box.offset) + next;
    at = box.offset + was.length;
  }
  return out + text.slice(at);
}

/** What a box (or status field) holds now, and what it becomes. */
function rewrite(text: string, box: Checkbox, state: TaskState): { was: string; next: string } {
  const { field } = box;
  if (field) {
    // A `Status:` field is rewritten in its own words; an unchanged state keeps its text.
    if (text.slice(box.offset, box.offset + field.text.length) !== field.text) {
      throw new PlanEditError(
        `the plan changed since it was parsed (no status "${field.text}" at offset ${box.offset})`,
      );
    }
    return { was: field.text, next: state === box.state ? field.text : field.words[state] };
  }
  const current = text[box.offset];
  if (current === undefined || text[box.offset - 1] !== "[" || text[box.offset + 1] !== "]") {
    throw new PlanEditError(
      `the plan changed since it was parsed (no checkbox at offset ${box.offset})`,
    );
  }
  // `[X]` already means done: keep the user's capital rather than churn it.
  return { was: current, next: state === "done" && current === "X" ? "X" : CHAR[state] };
}

function apply(text: string, boxes: Checkbox[], state: TaskState): string {
  return applyBoxEdits(
    text,
    boxes.map((box) => ({ box, state })),
  );
}

/**
 * Sets one task's state; throws PlanEditError when it does not exist, has no checkbox, or
 * its id is written more than once (editing "the first" would be a guess).
 */
export function setTaskState(text: string, plan: Plan, taskId: string, state: TaskState): string {
  const found = plan.groups.flatMap((g) => g.tasks.filter((x) => x.id === taskId));
  const [t, ...more] = found;
  if (!t) throw new PlanEditError(`no task ${taskId} in the plan`, { file: plan.path });
  if (more.length > 0) {
    const lines = found.map((x) => x.line).join(", ");
    throw new PlanEditError(
      `task id ${taskId} is ambiguous: it is written ${found.length} times (lines ${lines})`,
      {
        file: plan.path,
        line: t.line,
      },
    );
  }
  if (!t.box) {
    throw new PlanEditError(`task ${taskId} (line ${t.line}) has no checkbox to set`, {
      file: plan.path,
      line: t.line,
    });
  }
  return apply(text, [t.box], state);
}

/** Sets the state of a group's own checkbox and of every task in it that has one. */
export function setGroupState(text: string, plan: Plan, groupId: string, state: TaskState): string {
  const g = findGroup(plan, groupId);
  const boxes = [g.box, ...g.tasks.map((t) => t.box)].filter((b): b is Checkbox => b !== null);
  if (boxes.length === 0) {
    throw new PlanEditError(`group ${groupId} (line ${g.line}) has no checkbox to set`);
  }
  return apply(text, boxes, state);
}

function findGroup(plan: Plan, groupId: string): Group {
  const [g, ...more] = [
    ...plan.groups.filter((x) => x.id === groupId),
    ...plan.duplicates.filter((d) => d.kind === "group" && d.id === groupId),
  ];
  if (!g || !("tasks" in g)) {
    throw new PlanEditError(`no task group ${groupId} in the plan`, { file: plan.path });
  }
  if (more.length > 0) {
    throw new PlanEditError(
      `task group ${groupId} is ambiguous: it is written ${more.length + 1} times (lines ${[g, ...more].map((x) => x.line).join(", ")})`,
      { file: plan.path, line: g.line },
    );
  }
  return g;
}

/**
 * Progress as dxfix records it: the group's box and its tasks move to `state`, except
 * that work already done stays done and optional tasks are never marked done (finishing
 * them is the user's call). Returns the text unchanged when nothing needs a change.
 */
export function advanceGroup(text: string, plan: Plan, groupId: string, state: TaskState): string {
  const group = findGroup(plan, groupId);
  const moves = (t: { state: TaskState }) => t.state !== "done" && t.state !== state;
  const edits: BoxEdit[] = [];
  // The box's own state: a group's state may come from its tasks while its box is empty.
  if (group.box && moves(group.box)) edits.push({ box: group.box, state });
  for (const t of group.tasks) {
    if (t.box && moves(t) && !(t.optional && state === "done")) edits.push({ box: t.box, state });
  }
  return edits.length === 0 ? text : applyBoxEdits(text, edits);
}

/** True when the group's box (if any) and every required task with a box are done. */
export function isGroupDone(plan: Plan, groupId: string): boolean {
  const group = plan.groups.find((g) => g.id === groupId);
  if (!group) return false;
  const tasksDone = group.tasks.every((t: Task) => t.optional || !t.box || t.state === "done");
  return tasksDone && (!group.box || group.box.state === "done");
}

/**
 * `edited` with every checkbox put back to its state in `original` (dxfix owns progress:
 * a fixer or a person's tool may not tick boxes). Boxes are matched by task id; a task
 * or group that exists in only one of the two is left as it is. Only box characters
 * change.
 */
export function restoreBoxes(
  original: Plan,
  edited: Plan,
  editedText: string,
): { text: string; restored: string[] } {
  const before = new Map<string, TaskState>();
  for (const g of original.groups) {
    if (g.box) before.set(`group:${g.id}`, g.box.state);
    for (const t of g.tasks) if (t.box) before.set(`task:${t.id}`, t.state);
  }
  const edits: BoxEdit[] = [];
  const restored: string[] = [];
  const check = (key: string, id: string, box: Checkbox | null, state: TaskState) => {
    const was = before.get(key);
    if (!box || was === undefined || was === state) return;
    edits.push({ box, state: was });
    restored.push(id);
  };
  for (const g of edited.groups) {
    // The box's own state: a group's state may come from its tasks.
    check(`group:${g.id}`, g.id, g.box, g.box?.state ?? g.state);
    for (const t of g.tasks) check(`task:${t.id}`, t.id, t.box, t.state);
  }
  return { text: edits.length ? applyBoxEdits(editedText, edits) : editedText, restored };
}
