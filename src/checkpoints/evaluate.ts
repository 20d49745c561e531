// Results + trace -> the status of every checkpoint, property, group and criterion, and
// why each criterion has its status. Pure: the precise rules are documented in
// docs/statuses.md; what counts as a failure and how results roll up is the shared
// vocabulary of src/report/status.ts.
import type { CriterionTrace, Group, Plan, RequirementsDoc, Task, Trace } from "../plan/model.ts";
import { plural, requirementGroup } from "../report/format.ts";
import type {
  CheckpointResult,
  Counts,
  GroupResult,
  PropertyResult,
  RequirementResult,
} from "../report/schema.ts";
import { isFailure, type Verdict, verdictOf } from "../report/status.ts";
import type { CriterionTest } from "./properties.ts";

export interface Evaluation {
  requirements: RequirementResult[];
  /** Titles of the requirements document's requirements, in its order. */
  requirementTitles: { id: string; title: string }[];
  groups: GroupResult[];
  status: Verdict;
  summary: Counts;
}

/** Evidence beyond checkpoints: tests linked to criteria, and the requirements document. */
export interface Evidence {
  tests?: CriterionTest[];
  requirements?: RequirementsDoc | null;
}

/** What a criterion's status is decided from, looked up by id. */
interface Lookup {
  byGate: Map<string, CheckpointResult>;
  /** Every task, with the group it sits in. */
  tasks: Map<string, { task: Task; groupId: string }>;
  groups: Map<string, Group>;
  properties: Map<string, PropertyResult>;
  /** Criterion id -> the tests tagged with it (or with its requirement). */
  tests: Map<string, LinkedTest[]>;
}

type LinkedTest = { name: string; status: CriterionTest["status"] };

export function evaluate(
  plan: Plan,
  trace: Trace,
  checkpoints: CheckpointResult[],
  properties: PropertyResult[],
  evidence: Evidence = {},
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
    tests: testsByCriterion(
      trace.criteria.map((c) => c.id),
      evidence.tests ?? [],
    ),
  };
  const requirements = trace.criteria.map((c) => criterionResult(c, lookup));
  const groups: GroupResult[] = plan.groups.map((g) => {
    const gates = trace.groupGates[g.id] ?? [];
    const status = verdictOf(gates.map((id) => lookup.byGate.get(id)));
    return { id: g.id, title: g.title, kind: g.kind, state: g.state, gates, status };
  });
  const summary = summarise(requirements, checkpoints, properties);
  const requirementTitles = (evidence.requirements?.requirements ?? []).map((r) => ({
    id: r.id,
    title: r.title,
  }));
  return { requirements, requirementTitles, groups, status: verdictOf(checkpoints), summary };
}

/** Criterion id -> its tagged tests; a tag naming a requirement ("2") covers its criteria. */
function testsByCriterion(ids: string[], tests: CriterionTest[]): Map<string, LinkedTest[]> {
  const out = new Map<string, LinkedTest[]>();
  for (const test of tests) {
    const named = new Set(test.criteria);
    for (const id of ids) {
      if (!named.has(id) && !named.has(requirementGroup(id))) continue;
      const list = out.get(id) ?? [];
      if (!list.some((t) => t.name === test.name && t.status === test.status))
        list.push({ name: test.name, status: test.status });
      out.set(id, list);
    }
  }
  return out;
}

function criterionResult(c: CriterionTrace, lookup: Lookup): RequirementResult {
  const tests = lookup.tests.get(c.id) ?? [];
  const base = {
    id: c.id,
    text: c.text,
    tasks: c.tasks,
    checkpoints: c.checkpoints,
    properties: c.properties,
    ...(tests.length > 0 ? { tests } : {}),
  };
  const { status, reason } = decide(c, lookup, tests);
  return { ...base, status, reason };
}

/**
 * The status of a covered criterion and why. Tests that name it (tagged, or through a
 * property) decide when they ran; only without them does a failed gate taint it.
 */
function decide(
  c: CriterionTrace,
  lookup: Lookup,
  tests: LinkedTest[],
): { status: RequirementResult["status"]; reason: string } {
  if (!c.covered) return { status: "uncovered", reason: "no task claims it" };
  const gateResults = c.checkpoints.map((id) => lookup.byGate.get(id));
  const linked = c.properties
    .map((id) => lookup.properties.get(id))
    .filter((p): p is PropertyResult => p !== undefined);
  // A failed test that names it fails it whatever the boxes say.
  const failedTest = tests.find((t) => t.status === "failed");
  if (failedTest) return { status: "failing", reason: testsFailed(tests) };
  const failedProperty = linked.find((p) => p.status === "failed");
  if (failedProperty)
    return { status: "failing", reason: `property ${failedProperty.id}: its test failed` };
  const ranTests = tests.filter((t) => t.status === "passed").length;
  const decisive = ranTests > 0 || linked.some((p) => p.status === "passed");
  const failedGate = gateResults.find((r) => r !== undefined && isFailure(r.status));
  if (failedGate && !decisive) return { status: "failing", reason: gateFailure(failedGate) };
  const waiting =
    (decisive ? null : gateWaiting(c, gateResults)) ??
    workWaiting(c, lookup) ??
    propertyWaiting(linked, lookup);
  if (waiting !== null) return { status: "pending", reason: waiting };
  return { status: "verified", reason: verifiedBy(c, lookup, tests, linked, decisive) };
}

function testsFailed(tests: LinkedTest[]): string {
  const failed = tests.filter((t) => t.status === "failed");
  const [first] = failed;
  if (failed.length === 1 && first) return `test ${first.name} failed`;
  return `${failed.length} of ${plural(tests.length, "linked test")} failed`;
}

/** "checkpoint 3", or "task 7.1" for a verification task (a gate without a result: checkpoint). */
function gateName(id: string, gate: CheckpointResult | undefined): string {
  return `${gate?.kind === "verification" ? "task" : "checkpoint"} ${id}`;
}

/** "checkpoint 3: 1 of 5 tests failed", "checkpoint 3: 24 errors", "task 7.1 timed out". */
export function gateFailure(gate: CheckpointResult): string {
  const name = gateName(gate.id, gate);
  if (gate.status === "timeout") return `${name} timed out`;
  if (gate.status === "error") return `${name} could not run`;
  let failed = 0;
  let total = 0;
  let errors = 0;
  for (const cmd of gate.commands) {
    errors += cmd.errors;
    if (cmd.tests) {
      failed += cmd.tests.failed;
      total += cmd.tests.failed + cmd.tests.passed;
    }
  }
  if (failed > 0) return `${name}: ${failed} of ${plural(total, "test")} failed`;
  if (errors > 0) return `${name}: ${plural(errors, "error")}`;
  const bad = gate.commands.find((cmd) => isFailure(cmd.status));
  return bad?.exitCode != null ? `${name}: exit ${bad.exitCode}` : `${name} failed`;
}

function gateWaiting(c: CriterionTrace, results: (CheckpointResult | undefined)[]): string | null {
  if (results.length === 0) return "no checkpoint runs after its tasks";
  const index = results.findIndex((r) => r === undefined || r.status !== "passed");
  const id = c.checkpoints[index];
  return index < 0 || id === undefined ? null : `${gateName(id, results[index])} not run`;
}

function workWaiting(c: CriterionTrace, lookup: Lookup): string | null {
  if (workDone(c, lookup)) return null;
  const open = c.tasks.find((id) => {
    const t = lookup.tasks.get(id);
    return t ? isRequired(t.task) && !taskDone(t.task, t.groupId, lookup.byGate) : true;
  });
  return open ? `task ${open} not done` : "its tasks are not done";
}

/** For verifying, a property counts when its task is required or was done anyway. */
function propertyWaiting(linked: PropertyResult[], lookup: Lookup): string | null {
  const open = linked.find(
    (p) => isRequired(lookup.tasks.get(p.taskId)?.task) && p.status !== "passed",
  );
  if (!open) return null;
  return `property ${open.id}: ${open.status === "not_found" ? "no test found" : "its test did not run"}`;
}

function verifiedBy(
  c: CriterionTrace,
  lookup: Lookup,
  tests: LinkedTest[],
  linked: PropertyResult[],
  decisive: boolean,
): string {
  const passed = tests.filter((t) => t.status === "passed");
  const [first] = passed;
  if (passed.length === 1 && first) return `test ${first.name} passed`;
  if (passed.length > 1) return `${plural(passed.length, "linked test")} passed`;
  const property = linked.find((p) => p.status === "passed");
  if (decisive && property) return `property ${property.id}: its test passed`;
  const gates = c.checkpoints.map((id) => gateName(id, lookup.byGate.get(id))).join(", ");
  return `${gates} passed`;
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
