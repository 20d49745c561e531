// Marking a group's tasks with the plan engine's lossless editor: only checkbox
// characters change, so the rest of the user's file stays byte-for-byte the same.
import { parsePlan, setGroupState, setTaskState } from "../plan/index.ts";
import type { Task, TaskState } from "../plan/model.ts";

/**
 * The text with the group's box and its tasks in `state`. Tasks already done stay done
 * and optional tasks are never marked done (finishing them is the user's call). Returns
 * the text unchanged when nothing needs a change.
 */
export function markGroup(text: string, path: string, groupId: string, state: TaskState): string {
  const plan = parsePlan(text, { path });
  const group = plan.groups.find((g) => g.id === groupId);
  if (!group) throw new Error(`${path} has no task group ${groupId}`);
  const changes = (t: Task) =>
    t.box !== null && t.state !== "done" && t.state !== state && !(t.optional && state === "done");
  if (group.box && group.state !== "done" && group.state !== state) {
    // setGroupState moves every box of the group: put back the tasks that must keep theirs.
    let out = setGroupState(text, plan, group.id, state);
    for (const t of group.tasks) {
      if (t.box && !changes(t)) {
        const at = t.box.offset;
        out = out.slice(0, at) + text[at] + out.slice(at + 1);
      }
    }
    return out;
  }
  let out = text;
  for (const t of group.tasks) if (changes(t)) out = setTaskState(out, plan, t.id, state);
  return out;
}

/** True when every required task of the group (and its box) is done in the text. */
export function groupDone(text: string, path: string, groupId: string): boolean {
  const group = parsePlan(text, { path }).groups.find((g) => g.id === groupId);
  if (!group) return false;
  const tasksDone = group.tasks.every((t) => t.optional || !t.box || t.state === "done");
  return tasksDone && (!group.box || group.state === "done");
}
