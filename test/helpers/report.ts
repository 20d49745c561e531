// The one factory of sample reports for tests. Pieces with defaults taken from the
// dx-py-runtime example (finding, command, checkpoint, group, requirement, property), a
// builder that derives the summary and overall status from them and validates the
// result with the zod schema (so no test renders an invalid report), and three presets:
// sampleReport (small and passing, with sampleCommand), mixedReport (a passing, a failing
// and a pending gate) and hugeReport (the size stress case).
import {
  type CheckpointResult,
  type CommandResult,
  type Finding,
  type GroupResult,
  type PropertyResult,
  Report,
  type RequirementResult,
  SCHEMA_VERSION,
} from "../../src/report/schema.ts";
import { isFailure } from "../../src/report/status.ts";

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    severity: "error",
    code: "E0433",
    message: "failed to resolve: use of undeclared type `FunctionId`",
    file: "crates/dx-py-interpreter/src/jit.rs",
    line: 42,
    column: 17,
    ...overrides,
  };
}

export function command(overrides: Partial<CommandResult> = {}): CommandResult {
  return {
    run: "cargo build -p dx-py-interpreter",
    cwd: ".",
    status: "passed",
    exitCode: 0,
    durationMs: 12_345,
    reused: false,
    reader: "cargo",
    errors: 0,
    warnings: 0,
    diagnostics: [],
    tests: null,
    message: null,
    logTail: "   Compiling dx-py-interpreter v0.1.0\n    Finished `dev` profile in 12.3s\n",
    ...overrides,
  };
}

export function failedCommand(overrides: Partial<CommandResult> = {}): CommandResult {
  return command({
    status: "failed",
    exitCode: 101,
    errors: 24,
    warnings: 2,
    diagnostics: [
      finding(),
      finding({
        code: "E0599",
        message: "no method named `call_count` found",
        line: 88,
        column: 9,
      }),
      finding({
        severity: "warning",
        code: null,
        message: "unused import: `Tier0`",
        line: 3,
        column: 5,
      }),
    ],
    logTail:
      "error[E0433]: failed to resolve\n  --> crates/dx-py-interpreter/src/jit.rs:42:17\nerror: could not compile `dx-py-interpreter` due to 24 previous errors\n",
    ...overrides,
  });
}

export function checkpoint(overrides: Partial<CheckpointResult> = {}): CheckpointResult {
  const commands = overrides.commands ?? [command()];
  return {
    id: "3",
    title: "Checkpoint - Verify JIT Integration Compiles",
    kind: "checkpoint",
    groupId: overrides.id ?? "3",
    line: 60,
    status: commands.some((c) => c.status === "failed")
      ? "failed"
      : commands.every((c) => c.status === "passed")
        ? "passed"
        : "not_run",
    durationMs: commands.reduce((sum, c) => sum + (c.reused ? 0 : c.durationMs), 0),
    commands,
    ...overrides,
  };
}

export function group(overrides: Partial<GroupResult> = {}): GroupResult {
  return {
    id: "1",
    title: "Fix Missing Dependency",
    kind: "work",
    state: "done",
    gates: [],
    status: "passed",
    ...overrides,
  };
}

export function requirement(overrides: Partial<RequirementResult> = {}): RequirementResult {
  return {
    id: "1.1",
    text: "WHEN the interpreter is built THEN it SHALL depend on dx-py-reactor",
    status: "verified",
    tasks: ["1.1"],
    checkpoints: ["3"],
    properties: [],
    ...overrides,
  };
}

export function property(overrides: Partial<PropertyResult> = {}): PropertyResult {
  return {
    id: "1",
    title: "Function ID Mapping Consistency",
    taskId: "2.11",
    validates: ["5.2"],
    status: "passed",
    tests: [
      { name: "prop_function_id_mapping_consistency", file: "tests/jit.rs", status: "passed" },
    ],
    ...overrides,
  };
}

export interface ReportParts {
  groups?: GroupResult[];
  checkpoints?: CheckpointResult[];
  properties?: PropertyResult[];
  requirements?: RequirementResult[];
  title?: string | null;
  /** Any other field of `plan` (path, spec, hash, requirementsPath). */
  plan?: Partial<Report["plan"]>;
  generatedAt?: string;
}

/** The summary a report's parts imply. */
function summarize(
  checkpoints: CheckpointResult[],
  properties: PropertyResult[],
  requirements: RequirementResult[],
): Report["summary"] {
  const countReq = (s: RequirementResult["status"]) =>
    requirements.filter((r) => r.status === s).length;
  const countProp = (s: PropertyResult["status"]) =>
    properties.filter((p) => p.status === s).length;
  const commands = checkpoints.flatMap((c) => c.commands);
  return {
    requirements: {
      total: requirements.length,
      verified: countReq("verified"),
      failing: countReq("failing"),
      pending: countReq("pending"),
      uncovered: countReq("uncovered"),
    },
    checkpoints: {
      total: checkpoints.length,
      passed: checkpoints.filter((c) => c.status === "passed").length,
      failed: checkpoints.filter((c) => isFailure(c.status)).length,
      notRun: checkpoints.filter((c) => c.status === "not_run").length,
    },
    properties: {
      total: properties.length,
      passed: countProp("passed"),
      failed: countProp("failed"),
      notFound: countProp("not_found"),
      notRun: countProp("not_run"),
    },
    errors: commands.reduce((sum, c) => sum + c.errors, 0),
    warnings: commands.reduce((sum, c) => sum + c.warnings, 0),
    processes: commands.filter((c) => !c.reused && c.status !== "not_run").length,
  };
}

/** A report whose summary and status follow from its parts, validated by the schema. */
export function buildReport(parts: ReportParts = {}): Report {
  const checkpoints = parts.checkpoints ?? [checkpoint()];
  const properties = parts.properties ?? [property()];
  const requirements = parts.requirements ?? [requirement()];
  const summary = summarize(checkpoints, properties, requirements);
  const { failed, notRun } = summary.checkpoints;
  return Report.parse({
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "dxfix", version: "0.1.0" },
    generatedAt: parts.generatedAt ?? "2026-01-15T10:00:00.000Z",
    plan: {
      path: ".kiro/specs/dx-py-runtime/tasks.md",
      spec: "dx-py-runtime",
      title: parts.title === undefined ? "DX-Py-Runtime Compilation Fix" : parts.title,
      format: "kiro",
      hash: "a".repeat(64),
      requirementsPath: ".kiro/specs/dx-py-runtime/requirements.md",
      ...parts.plan,
    },
    status: failed > 0 ? "failed" : notRun > 0 ? "pending" : "passed",
    groups: parts.groups ?? [
      group(),
      group({ id: "3", title: "Checkpoint", kind: "checkpoint", state: "todo" }),
    ],
    checkpoints,
    properties,
    requirements,
    summary,
  });
}

/** The command of sampleReport's gate (`cargo build`, 1.2s), for tests that vary it. */
export function sampleCommand(overrides: Partial<CommandResult> = {}): CommandResult {
  return command({
    run: "cargo build",
    durationMs: 1200,
    logTail: "Finished dev profile",
    ...overrides,
  });
}

/**
 * The small passing report of the edge tests (Action, bot, markers): the "demo" spec,
 * one work group gated by checkpoint 2 (`cargo build`, 1.2s), one verified criterion,
 * no property. `mutate` edits it in place; the summary is not recomputed after it.
 */
export function sampleReport(mutate?: (r: Report) => void): Report {
  const report = buildReport({
    title: "Demo",
    plan: {
      path: ".kiro/specs/demo/tasks.md",
      spec: "demo",
      hash: "0".repeat(64),
      requirementsPath: null,
    },
    generatedAt: "2026-11-23T12:00:00.000Z",
    groups: [
      group({ id: "1", title: "Core", gates: ["2"] }),
      group({ id: "2", title: "Checkpoint", kind: "checkpoint", state: "todo" }),
    ],
    checkpoints: [
      checkpoint({
        id: "2",
        title: "Checkpoint - build",
        line: 10,
        commands: [sampleCommand()],
      }),
    ],
    properties: [],
    requirements: [requirement({ text: "It builds", checkpoints: ["2"] })],
  });
  mutate?.(report);
  return report;
}

/** mixedReport's groups: two work groups gated by checkpoint 3, one by checkpoint 5. */
const mixedGroups = (): GroupResult[] => [
  group({
    id: "1",
    title: "Fix Missing Dependency",
    state: "done",
    status: "passed",
    gates: ["3"],
  }),
  group({
    id: "2",
    title: "Fix JIT Integration Module",
    state: "in_progress",
    status: "failed",
    gates: ["3"],
  }),
  group({ id: "3", title: "Checkpoint", kind: "checkpoint", state: "todo", status: "failed" }),
  group({
    id: "4",
    title: "Fix Async Integration Module",
    state: "todo",
    status: "pending",
    gates: ["5"],
  }),
  group({
    id: "5",
    title: "Final Checkpoint",
    kind: "checkpoint",
    state: "todo",
    status: "pending",
  }),
];

/** mixedReport's properties: one passing, one failing, one without a test. */
const mixedProperties = (): PropertyResult[] => [
  property(),
  property({
    id: "2",
    title: "Tier Tracking Consistency",
    taskId: "2.12",
    validates: ["4.1", "4.2"],
    status: "failed",
    tests: [{ name: "prop_tier_tracking", file: "tests/tiers.rs", status: "failed" }],
  }),
  property({
    id: "3",
    title: "Tier Promotion Monotonicity",
    validates: ["4.3"],
    status: "not_found",
    tests: [],
  }),
];

/** mixedReport's criteria: one of each status, two verified. */
const mixedRequirements = (): RequirementResult[] => [
  requirement({ id: "1.1" }),
  requirement({ id: "1.2", text: "THE crate SHALL compile without warnings" }),
  requirement({
    id: "4.1",
    text: "THE JIT SHALL track tiers locally",
    status: "failing",
    tasks: ["2.2", "2.5"],
    properties: ["2"],
  }),
  requirement({
    id: "4.2",
    text: "THE tier map SHALL be thread-safe",
    status: "pending",
    tasks: ["2.2"],
  }),
  requirement({
    id: "9.1",
    text: "THE docs SHALL be updated",
    status: "uncovered",
    tasks: [],
    checkpoints: [],
  }),
];

/** A varied, realistic report: a passing gate, a failing one, a pending one. */
export function mixedReport(): Report {
  return buildReport({
    groups: mixedGroups(),
    checkpoints: [
      checkpoint({ id: "3", commands: [failedCommand()] }),
      checkpoint({
        id: "5",
        title: "Final Checkpoint - Ensure all tests pass",
        line: 120,
        commands: [
          command({
            run: "cargo test --workspace",
            status: "not_run",
            exitCode: null,
            durationMs: 0,
            logTail: "",
          }),
        ],
      }),
    ],
    properties: mixedProperties(),
    requirements: mixedRequirements(),
  });
}

/** The stress case from the brief: many criteria, many failing gates with long log tails. */
export function hugeReport(criteria = 2_000, failing = 50, tailBytes = 10_000): Report {
  const statuses: RequirementResult["status"][] = ["verified", "failing", "pending", "uncovered"];
  const requirements = Array.from({ length: criteria }, (_, i) =>
    requirement({
      id: `${Math.floor(i / 10) + 1}.${(i % 10) + 1}`,
      text: `WHEN condition ${i} holds THEN the system SHALL do a reasonably long thing number ${i} with <html> & @someone`,
      status: statuses[i % statuses.length] ?? "pending",
      tasks: [`${Math.floor(i / 10) + 1}.1`, `${Math.floor(i / 10) + 1}.2`],
      checkpoints: [String((i % failing) + 1)],
    }),
  );
  const line =
    "error[E0308]: mismatched types: expected `u64`, found `&str` in some/long/path.rs\n";
  const tail = line.repeat(Math.ceil(tailBytes / line.length)).slice(0, tailBytes);
  const checkpoints = Array.from({ length: failing }, (_, i) =>
    checkpoint({
      id: String(i + 1),
      title: `Checkpoint ${i + 1} - crate ${i} builds`,
      groupId: String(i + 1),
      commands: [
        failedCommand({
          run: `cargo build -p crate-${i}`,
          errors: 40,
          diagnostics: Array.from({ length: 10 }, (_, j) =>
            finding({
              line: j + 1,
              message: `mismatched types in expression number ${j} of a long file`,
            }),
          ),
          logTail: tail,
        }),
      ],
    }),
  );
  const groups = checkpoints.map((c) =>
    group({ id: c.id, title: `Gate ${c.id}`, kind: "checkpoint", state: "todo", status: "failed" }),
  );
  return buildReport({ groups, checkpoints, requirements, properties: [property()] });
}
