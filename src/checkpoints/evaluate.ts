// Results + trace -> the status of every checkpoint, property, group and criterion.
// Pure: the precise rules are documented in docs/statuses.md; what counts as a failure
// and how results roll up is the shared vocabulary of src/report/status.ts.
import type { CriterionTrace, Group, Plan, Task, Trace } from "../plan/model.ts";
import type {
  CheckpointResult,
  Counts,
  GroupResult,
  PropertyResult,
  RequirementResult,
} from "../report/schema.ts";
import { isFailure, type Verdict, verdictOf } from "../report/status.ts";

export interface Evaluation {
  requirements: RequirementResult[];
  groups: GroupResult[];
  status: Verdict;
  summary: Counts;
}

/** What a criterion's status is decided from, looked up by id. */
interface Lookup {
  byGate: Map<string, CheckpointResult>;
  /** Every task, with the group it sits in. */
  tasks: Map<string, { task: Task; groupId: string }>;
  groups: Map<string, Group>;
  properties: Map<string, PropertyResult>;
}

export function evaluate(
  plan: Plan,
  trace: Trace,
  checkpoints: CheckpointResult[],
  properties: PropertyResult[],
): Evaluation {
  const lookup: Lookup = {
    byGate: new Map(checkpoints.map((c) => [c.id, c])),
    tasks: new Map(
      plan.groups.flatMap((g) =>
        g.tasks.map((task) => [task.id, { task, groupId: g.id }] as const),
      ),
    ),
    groups: new Map(plan.groups.map((g) => [g.id, g])),
    properties: new Map(properties.map((p) => [p.id, p])),
  };
  const requirements = trace.criteria.map((c) => criterionResult(c, lookup));
  const groups: GroupResult[] = plan.groups.map((g) => {
    const gates = trace.groupGates[g.id] ?? [];
    const status = verdictOf(gates.map((id) => lookup.byGate.get(id)));
    return { id: g.id, title: g.title, kind: g.kind, state: g.state, gates, status };
  });
  const summary = summarise(requirements, checkpoints, properties);
  return { requirements, groups, status: verdictOf(checkpoints), summary };
}

function criterionResult(c: CriterionTrace, lookup: Lookup): RequirementResult {
  const base = {
    id: c.id,
    text: c.text,
    tasks: c.tasks,
    checkpoints: c.checkpoints,
    properties: c.properties,
  };
  if (!c.covered) return { ...base, status: "uncovered" };
  const gateResults = c.checkpoints.map((id) => lookup.byGate.get(id));
  const linked = c.properties
    .map((id) => lookup.properties.get(id))
    .filter((p): p is PropertyResult => p !== undefined);
  // A failed property test fails its criteria whatever the boxes say.
  const failing =
    gateResults.some((r) => r !== undefined && isFailure(r.status)) ||
    linked.some((p) => p.status === "failed");
  if (failing) return { ...base, status: "failing" };
  const allRan =
    gateResults.length > 0 && gateResults.every((r) => r !== undefined && r.status === "passed");
  // For verifying, a property counts when its task is required or was done anyway.
  const propsPassed = linked
    .filter((p) => isRequired(lookup.tasks.get(p.taskId)?.task))
    .every((p) => p.status === "passed");
  const verified = allRan && workDone(c, lookup) && propsPassed;
  return { ...base, status: verified ? "verified" : "pending" };
}

/** Required: not optional, or optional but done anyway. An unknown task counts as required. */
function isRequired(task: Task | undefined): boolean {
  return !task?.optional || task.state === "done";
}

/** Is the work claiming a criterion done: its required tasks, or the groups it names? */
function workDone(c: CriterionTrace, lookup: Lookup): boolean {
  const claiming = c.tasks.flatMap((id) => lookup.tasks.get(id) ?? []);
  const required = claiming.filter((t) => isRequired(t.task));
  if (required.length > 0) {
    return required.every((t) => taskDone(t.task, t.groupId, lookup.byGate));
  }
  // A reference written on a group (not a task) is done when the group is.
  const groupClaims = c.tasks.filter((id) => !lookup.tasks.has(id));
  return (
    claiming.length === 0 && groupClaims.every((id) => lookup.groups.get(id)?.state === "done")
  );
}

/**
 * Is the work of a task done? A verification task is done when its commands pass: its
 * own gate, or the checkpoint of its group when it sits in one.
 */
function taskDone(
  task: Task,
  groupId: string,
  checkpoints: Map<string, CheckpointResult>,
): boolean {
  if (task.verification) {
    return (checkpoints.get(task.id) ?? checkpoints.get(groupId))?.status === "passed";
  }
  return task.state === "done";
}

function summarise(
  requirements: RequirementResult[],
  checkpoints: CheckpointResult[],
  properties: PropertyResult[],
): Counts {
  const count = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;
  const summary: Counts = {
    requirements: {
      total: requirements.length,
      verified: count(requirements, (r) => r.status === "verified"),
      failing: count(requirements, (r) => r.status === "failing"),
      pending: count(requirements, (r) => r.status === "pending"),
      uncovered: count(requirements, (r) => r.status === "uncovered"),
    },
    checkpoints: {
      total: checkpoints.length,
      passed: count(checkpoints, (c) => c.status === "passed"),
      failed: count(checkpoints, (c) => isFailure(c.status)),
      notRun: count(checkpoints, (c) => c.status === "not_run"),
    },
    properties: {
      total: properties.length,
      passed: count(properties, (p) => p.status === "passed"),
      failed: count(properties, (p) => p.status === "failed"),
      notFound: count(properties, (p) => p.status === "not_found"),
      notRun: count(properties, (p) => p.status === "not_run"),
    },
    errors: 0,
    warnings: 0,
    processes: 0,
  };
  // Errors and warnings of distinct command runs (a reused result is counted once).
  for (const cp of checkpoints) {
    for (const cmd of cp.commands) {
      if (cmd.reused || (cmd.exitCode === null && cmd.status !== "timeout")) continue;
      summary.errors += cmd.errors;
      summary.warnings += cmd.warnings;
      summary.processes++;
    }
  }
  return summary;
}
