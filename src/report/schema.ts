// The versioned JSON report: the one contract between the Action (which runs the
// checkpoints) and the bot (which reads the report from the Action's comment), and
// what `dxfix check --json` writes. docs/report.schema.json is generated from this
// file by `npm run schemas`; bump SCHEMA_VERSION on any incompatible change.
// Zod Mini: the same validation as zod's classic API with a fraction of its start-up
// cost (schemas are plain data; the Action reads the previous report on most runs), and
// the bundler keeps only the checks used.
import * as z from "zod/mini";

export const SCHEMA_VERSION = 2;

export const CommandStatus = z.enum(["passed", "failed", "timeout", "error", "not_run"]);
export const CheckpointStatus = z.enum(["passed", "failed", "timeout", "error", "not_run"]);
export const CriterionStatus = z.enum(["verified", "failing", "pending", "uncovered"]);
export const PropertyStatus = z.enum(["passed", "failed", "not_run", "not_found"]);

export const Finding = z.object({
  severity: z.enum(["error", "warning"]),
  code: z.nullable(z.string()),
  message: z.string(),
  file: z.nullable(z.string()),
  line: z.nullable(z.int()),
  column: z.nullable(z.int()),
});

export const TestCounts = z.object({
  passed: z.int(),
  failed: z.int(),
  ignored: z.int(),
  /** Names of failed tests (first few). */
  failures: z.array(z.string()),
});

// ---- schema v2: content-addressed reuse, trend, matrix (wt-reuse) ----------------------
// Every v2 field is optional, so a v1 report (a living comment written before the
// upgrade) reads as a v2 report once its version is lifted (see parseReport).

/** Per command: what makes its result reusable by a later run. */
const CommandReuse = {
  /**
   * Content-addressed key: sha256 of the command line, its cwd, the repository's git tree
   * (plan files and `reuse.ignore` left out) and the `reuse.env` values. Null outside git.
   */
  key: z.optional(z.nullable(z.string())),
  /** The commit whose run produced this result when it was reused from an earlier run. */
  reusedFrom: z.optional(z.nullable(z.string())),
};

/** One push in the trend: the counts a reviewer follows from push to push. */
export const TrendPoint = z.object({
  sha: z.string(),
  errors: z.int(),
  failingTests: z.int(),
  verified: z.int(),
});

/** A matrix job as the merge saw it. */
export const MatrixJob = z.object({
  /** The unit's first checkpoint id (the `checkpoint` input of its job). */
  unit: z.string(),
  checkpoints: z.array(z.string()),
  /** reported: its partial report was merged; missing: no report; cancelled: it was stopped. */
  state: z.enum(["reported", "missing", "cancelled"]),
  /** The job's name when known (differs from run to run; not part of the result). */
  job: z.nullable(z.string()),
});

/** Test cases a partial report's commands named, so the merge can link properties. */
export const MatrixTests = z.object({
  run: z.string(),
  cwd: z.string(),
  cases: z.array(
    z.object({
      name: z.string(),
      status: z.enum(["passed", "failed", "ignored"]),
      suite: z.nullable(z.string()),
      file: z.nullable(z.string()),
    }),
  ),
});

/** Top level: the trend across pushes and the matrix view of a fanned-out run. */
const ReportV2 = {
  /** The last ten pushes of the PR, oldest first (this one last). */
  trend: z.optional(z.array(TrendPoint).check(z.maxLength(10))),
  /** Present on a matrix job's partial report and on the merged report. */
  matrix: z.optional(
    z.object({
      kind: z.enum(["partial", "merged"]),
      jobs: z.array(MatrixJob),
      /** Partial reports only. */
      tests: z.optional(z.array(MatrixTests)),
      /** Partial reports only: true when the job was cancelled before it finished. */
      cancelled: z.optional(z.boolean()),
    }),
  ),
};
// ---- end of schema v2 block ------------------------------------------------------------

export const CommandResult = z.object({
  run: z.string(),
  /** Working directory relative to the repository root ("." for the root). */
  cwd: z.string(),
  status: CommandStatus,
  exitCode: z.nullable(z.int()),
  durationMs: z.number(),
  /** True when an identical (run, cwd) earlier in this run supplied the result. */
  reused: z.boolean(),
  /** Which output reader understood the output ("cargo", "libtest", "tsc", "gcc", "junit", "generic"). */
  reader: z.string(),
  errors: z.int(),
  warnings: z.int(),
  /** The first diagnostics, most important first; paths relative to the repository root. */
  diagnostics: z.array(Finding),
  /** Errors and warnings per file (of the diagnostics the reader kept, up to 100). */
  files: z.optional(z.array(z.object({ file: z.string(), errors: z.int(), warnings: z.int() }))),
  tests: z.nullable(TestCounts),
  /** Why the command could not run (missing directory, spawn failure, timeout). */
  message: z.nullable(z.string()),
  /** The last lines of the output. */
  logTail: z.string(),
  ...CommandReuse,
});

export const CheckpointResult = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(["checkpoint", "verification"]),
  groupId: z.string(),
  line: z.int(),
  status: CheckpointStatus,
  durationMs: z.number(),
  commands: z.array(CommandResult),
});

export const TestStatus = z.enum(["passed", "failed", "ignored", "not_run"]);

export const PropertyResult = z.object({
  id: z.string(),
  title: z.string(),
  taskId: z.string(),
  validates: z.array(z.string()),
  status: PropertyStatus,
  tests: z.array(
    z.object({
      name: z.string(),
      file: z.nullable(z.string()),
      status: TestStatus,
    }),
  ),
});

export const RequirementResult = z.object({
  id: z.string(),
  text: z.nullable(z.string()),
  status: CriterionStatus,
  tasks: z.array(z.string()),
  checkpoints: z.array(z.string()),
  properties: z.array(z.string()),
  /** Why the criterion has its status, in a few words ("checkpoint 3: 1 of 5 tests failed"). */
  reason: z.optional(z.string()),
  /** Tests linked to the criterion by a tag (`// Validates: 2.3`) or their name, with how they ended. */
  tests: z.optional(z.array(z.object({ name: z.string(), status: TestStatus }))),
});

export const GroupResult = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(["work", "checkpoint", "verification"]),
  state: z.enum(["todo", "in_progress", "done"]),
  /** Gate ids that verify this group's tasks. */
  gates: z.array(z.string()),
  status: z.enum(["passed", "failed", "pending"]),
});

export const Counts = z.object({
  requirements: z.object({
    total: z.int(),
    verified: z.int(),
    failing: z.int(),
    pending: z.int(),
    uncovered: z.int(),
  }),
  checkpoints: z.object({
    total: z.int(),
    passed: z.int(),
    failed: z.int(),
    notRun: z.int(),
  }),
  properties: z.object({
    total: z.int(),
    passed: z.int(),
    failed: z.int(),
    notFound: z.int(),
    notRun: z.int(),
  }),
  errors: z.int(),
  warnings: z.int(),
  /** Processes actually started (reused results are not counted). */
  processes: z.int(),
});

export const Report = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal("dxfix"), version: z.string() }),
  generatedAt: z.string(),
  plan: z.object({
    /** Path of tasks.md relative to the repository root. */
    path: z.string(),
    /** The spec name (folder of tasks.md under .kiro/specs/), or null. */
    spec: z.nullable(z.string()),
    title: z.nullable(z.string()),
    format: z.string(),
    /** sha256 of the plan text, hex. */
    hash: z.string(),
    requirementsPath: z.nullable(z.string()),
  }),
  /**
   * The commit the checkpoints ran on: for a pull request the PR head (not the merge
   * commit the runner checks out), so the bot can tell a report for the current head
   * from an older one. Absent when unknown.
   */
  commit: z.optional(z.object({ sha: z.string(), ref: z.nullable(z.string()) })),
  /** passed: every selected checkpoint passed; failed: one failed; pending: none failed but some did not run. */
  status: z.enum(["passed", "failed", "pending"]),
  groups: z.array(GroupResult),
  checkpoints: z.array(CheckpointResult),
  properties: z.array(PropertyResult),
  requirements: z.array(RequirementResult),
  /** Requirement titles from requirements.md, by requirement id ("4" -> "Tier tracking"). */
  requirementTitles: z.optional(z.array(z.object({ id: z.string(), title: z.string() }))),
  summary: Counts,
  ...ReportV2,
});

export type Finding = z.infer<typeof Finding>;
export type TestCounts = z.infer<typeof TestCounts>;
export type CommandResult = z.infer<typeof CommandResult>;
export type CheckpointResult = z.infer<typeof CheckpointResult>;
export type PropertyResult = z.infer<typeof PropertyResult>;
export type RequirementResult = z.infer<typeof RequirementResult>;
export type GroupResult = z.infer<typeof GroupResult>;
export type Counts = z.infer<typeof Counts>;
export type Report = z.infer<typeof Report>;
export type TrendPoint = z.infer<typeof TrendPoint>;
export type MatrixJob = z.infer<typeof MatrixJob>;

/** Parse and validate a report from untrusted JSON (e.g. a comment); throws a readable error. */
export function parseReport(value: unknown): Report {
  const result = Report.safeParse(liftV1(value));
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first ? first.path.join(".") || "(root)" : "(root)";
    throw new Error(
      `not a dxfix report v${SCHEMA_VERSION}: ${where}: ${first?.message ?? "invalid"}`,
    );
  }
  return result.data;
}

/** A v1 report is a v2 report without the optional v2 fields: lift its version. */
function liftV1(value: unknown): unknown {
  if (
    value &&
    typeof value === "object" &&
    (value as { schemaVersion?: unknown }).schemaVersion === 1
  )
    return { ...value, schemaVersion: SCHEMA_VERSION };
  return value;
}
