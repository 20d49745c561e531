// Public entry of the plan engine (pure: no fs, no network, no processes).
// NOTE: being implemented by the lead; signatures are final.
import type { Plan, RequirementsDoc, TaskState, Trace } from "./model.ts";

export type * from "./model.ts";

export class PlanEditError extends Error {}

export function parsePlan(_text: string, _options: { path?: string | null } = {}): Plan {
  throw new Error("not implemented yet");
}
export function parseRequirements(
  _text: string,
  _options: { path?: string | null } = {},
): RequirementsDoc {
  throw new Error("not implemented yet");
}
export function traceCriteria(_plan: Plan, _requirements: RequirementsDoc | null = null): Trace {
  throw new Error("not implemented yet");
}
export function setTaskState(_text: string, _plan: Plan, _taskId: string, _state: TaskState): string {
  throw new Error("not implemented yet");
}
export function setGroupState(_text: string, _plan: Plan, _groupId: string, _state: TaskState): string {
  throw new Error("not implemented yet");
}
