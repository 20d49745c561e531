// Lossless edits: changing a task's state rewrites exactly one character, the one
// between its checkbox's brackets. Every other byte (line endings, tabs, trailing
// spaces, non-ASCII) stays as it was.
import type { Checkbox, Plan, TaskState } from "./model.ts";

export class PlanEditError extends Error {
  override name = "PlanEditError";
}

const CHAR: Record<TaskState, string> = { todo: " ", in_progress: "-", done: "x" };

function apply(text: string, boxes: Checkbox[], state: TaskState): string {
  const sorted = [...boxes].sort((a, b) => a.offset - b.offset);
  let out = "";
  let at = 0;
  for (const box of sorted) {
    if (text[box.offset - 1] !== "[" || text[box.offset + 1] !== "]") {
      throw new PlanEditError(
        `the plan changed since it was parsed (no checkbox at offset ${box.offset})`,
      );
    }
    const current = text[box.offset]!;
    // `[X]` already means done: keep the user's capital rather than churn it.
    const next = state === "done" && current === "X" ? "X" : CHAR[state];
    out += text.slice(at, box.offset) + next;
    at = box.offset + 1;
  }
  return out + text.slice(at);
}

/** Sets one task's state; throws PlanEditError when it does not exist or has no checkbox. */
export function setTaskState(text: string, plan: Plan, taskId: string, state: TaskState): string {
  for (const g of plan.groups) {
    const t = g.tasks.find((x) => x.id === taskId);
    if (!t) continue;
    if (!t.box) throw new PlanEditError(`task ${taskId} (line ${t.line}) has no checkbox to set`);
    return apply(text, [t.box], state);
  }
  throw new PlanEditError(`no task ${taskId} in the plan`);
}

/** Sets the state of a group's own checkbox and of every task in it that has one. */
export function setGroupState(text: string, plan: Plan, groupId: string, state: TaskState): string {
  const g = plan.groups.find((x) => x.id === groupId);
  if (!g) throw new PlanEditError(`no group ${groupId} in the plan`);
  const boxes = [g.box, ...g.tasks.map((t) => t.box)].filter((b): b is Checkbox => b !== null);
  if (boxes.length === 0) {
    throw new PlanEditError(`group ${groupId} (line ${g.line}) has no checkbox to set`);
  }
  return apply(text, boxes, state);
}
