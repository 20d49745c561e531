// Results + trace -> the status of every checkpoint, property, group and criterion.
// Pure: the precise rules are documented in docs/statuses.md.
import type { Plan, Task, Trace } from "../plan/model.ts";
import type {
  CheckpointResult,
  CommandResult,
  Counts,
  GroupResult,
  PropertyResult,
  RequirementResult,
} from "../report/schema.ts";

type CheckpointStatus = CheckpointResult["status"];

/** A checkpoint's status from its commands: the worst outcome wins. */
export function checkpointStatus(commands: CommandResult[]): CheckpointStatus {
  if (commands.length === 0) return "not_run";
  const has = (s: CommandResult["status"]) => commands.some((c) => c.status === s);
  if (has("timeout")) return "timeout";
  if (has("error")) return "error";
  if (has("failed")) return "failed";
  if (has("not_run")) return "not_run";
  return "passed";
}

export function isFailure(status: CheckpointStatus): boolean {
  return status === "failed" || status === "timeout" || status === "error";
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

export interface Evaluation {
  requirements: RequirementResult[];
  groups: GroupResult[];
  status: "passed" | "failed" | "pending";
  summary: Counts;
}

export function evaluate(
  plan: Plan,
  trace: Trace,
  checkpoints: CheckpointResult[],
  properties: PropertyResult[],
): Evaluation {
  const byGate = new Map(checkpoints.map((c) => [c.id, c]));
  const tasks = new Map<string, Task>();
  const groupOf = new Map<string, string>();
  for (const g of plan.groups) {
    for (const t of g.tasks) {
      tasks.set(t.id, t);
      groupOf.set(t.id, g.id);
    }
  }
  const groupsById = new Map(plan.groups.map((g) => [g.id, g]));
  const propertyById = new Map(properties.map((p) => [p.id, p]));

  const requirements: RequirementResult[] = trace.criteria.map((c) => {
    const base = {
      id: c.id,
      text: c.text,
      tasks: c.tasks,
      checkpoints: c.checkpoints,
      properties: c.properties,
    };
    if (!c.covered) return { ...base, status: "uncovered" as const };
    const gateResults = c.checkpoints.map((id) => byGate.get(id));
    const linked = c.properties
      .map((id) => propertyById.get(id))
      .filter((p): p is PropertyResult => p !== undefined);
    // A failed property test fails its criteria whatever the boxes say; for verifying,
    // a property counts when its task is required or was done anyway.
    const props = linked.filter((p) => {
      const t = tasks.get(p.taskId);
      return !t?.optional || t.state === "done";
    });
    const failing =
      gateResults.some((r) => r !== undefined && isFailure(r.status)) ||
      linked.some((p) => p.status === "failed");
    if (failing) return { ...base, status: "failing" as const };
    const allRan =
      gateResults.length > 0 && gateResults.every((r) => r !== undefined && r.status === "passed");
    const claiming = c.tasks
      .map((id) => tasks.get(id) ?? null)
      .filter((t): t is Task => t !== null);
    // A reference written on a group (not a task) is done when the group is.
    const groupClaims = c.tasks.filter((id) => !tasks.has(id)).map((id) => groupsById.get(id));
    const required = claiming.filter((t) => !t.optional || t.state === "done");
    const workDone =
      required.length > 0
        ? required.every((t) => taskDone(t, groupOf.get(t.id)!, byGate))
        : claiming.length === 0 && groupClaims.every((g) => g?.state === "done");
    const propsPassed = props.every((p) => p.status === "passed");
    const verified = allRan && workDone && propsPassed;
    return { ...base, status: verified ? ("verified" as const) : ("pending" as const) };
  });

  const groups: GroupResult[] = plan.groups.map((g) => {
    const gates = trace.groupGates[g.id] ?? [];
    const results = gates.map((id) => byGate.get(id));
    const status = results.some((r) => r !== undefined && isFailure(r.status))
      ? "failed"
      : results.length > 0 && results.every((r) => r?.status === "passed")
        ? "passed"
        : "pending";
    return { id: g.id, title: g.title, kind: g.kind, state: g.state, gates, status };
  });

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
  const status = checkpoints.some((c) => isFailure(c.status))
    ? "failed"
    : checkpoints.length > 0 && checkpoints.every((c) => c.status === "passed")
      ? "passed"
      : "pending";
  return { requirements, groups, status, summary };
}
