// Public entry of the plan engine (pure: no fs, no network, no processes).
import { formatOf } from "./formats.ts";
import type { Diagnostic, Plan, RequirementsDoc } from "./model.ts";
import { parseRequirements as parseKiroRequirements } from "./requirements.ts";
import { traceCriteria, traceDiagnostics } from "./trace.ts";

export {
  advanceGroup,
  applyBoxEdits,
  type BoxEdit,
  isGroupDone,
  PlanEditError,
  restoreBoxes,
  setGroupState,
  setTaskState,
} from "./edit.ts";
export type * from "./model.ts";
export { gatesOf, traceCriteria } from "./trace.ts";

/**
 * Reads a plan in any format of the table in formats.ts (Kiro's tasks.md, canonical or
 * flattened; GitHub Spec Kit's tasks.md). Each format is one parser returning the same model.
 */
export function parsePlan(text: string, options: { path?: string | null } = {}): Plan {
  return formatOf(text).parse(text, options.path ?? null);
}

export function parseRequirements(
  text: string,
  options: { path?: string | null } = {},
): RequirementsDoc {
  return parseKiroRequirements(text, options.path ?? null);
}

/** All diagnostics for a plan (and its requirements), sorted by file and position. */
export function lintPlan(plan: Plan, requirements: RequirementsDoc | null = null): Diagnostic[] {
  const trace = traceCriteria(plan, requirements);
  const all = [
    ...plan.diagnostics,
    ...(requirements?.diagnostics ?? []),
    ...traceDiagnostics(trace, plan, requirements),
  ];
  return all.sort(
    (a, b) => (a.file ?? "").localeCompare(b.file ?? "") || a.line - b.line || a.column - b.column,
  );
}
