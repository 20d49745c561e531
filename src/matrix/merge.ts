// Matrix jobs and their merge. A job runs one unit and records, beside its partial report,
// the test cases each command named; the merge walks the plan like a single job would,
// taking each command's result from the job that ran it instead of running it, so the
// merged report is the single-job report (statuses, counts, properties, requirements all
// recomputed over every result), apart from timings and the jobs it lists.
import type { CheckOptions, ResultSource, SourceQuery } from "../checkpoints/check.ts";
import { checkPlan } from "../checkpoints/check.ts";
import type { Ran } from "../checkpoints/command.ts";
import type { MatrixJob, Report } from "../report/schema.ts";
import { type Unit, unitOf } from "./units.ts";

type MatrixTests = NonNullable<NonNullable<Report["matrix"]>["tests"]>;

/** Wraps `inner` (or nothing) to record the tests of every result a job produced. */
export function recordingSource(inner?: ResultSource): {
  source: ResultSource;
  tests: MatrixTests;
} {
  const tests: MatrixTests = [];
  const note = (q: SourceQuery, ran: Ran) =>
    tests.push({ run: q.run, cwd: q.cwd, cases: ran.tests });
  const source: ResultSource = {
    async find(query) {
      const found = (await inner?.find(query)) ?? null;
      if (found) note(query, found);
      return found;
    },
    async ran(query, ran) {
      note(query, ran);
      await inner?.ran?.(query, ran);
    },
  };
  return { source, tests };
}

/** Marks a unit's report as a matrix job's partial report. */
export function asPartial(
  report: Report,
  unit: Unit,
  tests: MatrixTests,
  job: { name: string | null; cancelled: boolean },
): Report {
  const state = job.cancelled ? "cancelled" : "reported";
  return {
    ...report,
    matrix: {
      kind: "partial",
      jobs: [{ unit: unit.id, checkpoints: unit.checkpoints, state, job: job.name }],
      tests,
      cancelled: job.cancelled,
    },
  };
}

/** Results of the partial reports, looked up by checkpoint and command. */
function mergeSource(units: Unit[], partials: Map<string, Report>): ResultSource {
  const partialOf = (q: SourceQuery) => {
    const unit = unitOf(units, q.checkpointId);
    return { unit, partial: unit ? partials.get(unit.id) : undefined };
  };
  return {
    async find(q) {
      const { partial } = partialOf(q);
      const cp = partial?.checkpoints.find((c) => c.id === q.checkpointId);
      const result = cp?.commands.find((c) => c.run === q.run && c.cwd === q.cwd);
      if (!partial || !result) return null;
      if (partial.matrix?.cancelled && result.status === "not_run") return null;
      const cases = partial.matrix?.tests?.find((t) => t.run === q.run && t.cwd === q.cwd);
      return { result, tests: cases?.cases ?? [] };
    },
    notRunReason(q) {
      const { unit, partial } = partialOf(q);
      const id = unit?.id ?? q.checkpointId;
      return partial
        ? `the matrix job for checkpoint ${id} was cancelled before this command ended`
        : `the matrix job for checkpoint ${id} did not report (missing or cancelled)`;
    },
  };
}

/** What the merge says about each unit's job. */
export function mergedJobs(units: Unit[], partials: Map<string, Report>): MatrixJob[] {
  return units.map((u) => {
    const job = partials.get(u.id)?.matrix?.jobs[0];
    return {
      unit: u.id,
      checkpoints: u.checkpoints,
      state: !job ? "missing" : job.state === "cancelled" ? "cancelled" : "reported",
      job: job?.job ?? null,
    };
  });
}

/** The merged report of one plan from its units' partial reports (keyed by unit id). */
export async function mergeReports(
  options: Omit<CheckOptions, "reuse" | "checkpoints"> & {
    reuse: { ignore: string[]; env: string[] };
  },
  units: Unit[],
  partials: Map<string, Report>,
): Promise<Report> {
  const report = await checkPlan({
    ...options,
    reuse: { ...options.reuse, source: mergeSource(units, partials) },
  });
  return { ...report, matrix: { kind: "merged", jobs: mergedJobs(units, partials) } };
}
