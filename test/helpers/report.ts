// A small, valid dxfix report (schema v1) for tests that need one without running a plan.
import { type CommandResult, type Report, SCHEMA_VERSION } from "../../src/report/schema.ts";

export function sampleCommand(overrides: Partial<CommandResult> = {}): CommandResult {
  return {
    run: "cargo build",
    cwd: ".",
    status: "passed",
    exitCode: 0,
    durationMs: 1200,
    reused: false,
    reader: "cargo",
    errors: 0,
    warnings: 0,
    diagnostics: [],
    tests: null,
    message: null,
    logTail: "Finished dev profile",
    ...overrides,
  };
}

export function sampleReport(mutate?: (r: Report) => void): Report {
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "dxfix", version: "0.1.0" },
    generatedAt: "2026-11-23T12:00:00.000Z",
    plan: {
      path: ".kiro/specs/demo/tasks.md",
      spec: "demo",
      title: "Demo",
      format: "kiro",
      hash: "0".repeat(64),
      requirementsPath: null,
    },
    status: "passed",
    groups: [
      { id: "1", title: "Core", kind: "work", state: "done", gates: ["2"], status: "passed" },
      {
        id: "2",
        title: "Checkpoint",
        kind: "checkpoint",
        state: "todo",
        gates: [],
        status: "passed",
      },
    ],
    checkpoints: [
      {
        id: "2",
        title: "Checkpoint - build",
        kind: "checkpoint",
        groupId: "2",
        line: 10,
        status: "passed",
        durationMs: 1200,
        commands: [sampleCommand()],
      },
    ],
    properties: [],
    requirements: [
      {
        id: "1.1",
        text: "It builds",
        status: "verified",
        tasks: ["1.1"],
        checkpoints: ["2"],
        properties: [],
      },
    ],
    summary: {
      requirements: { total: 1, verified: 1, failing: 0, pending: 0, uncovered: 0 },
      checkpoints: { total: 1, passed: 1, failed: 0, notRun: 0 },
      properties: { total: 0, passed: 0, failed: 0, notFound: 0, notRun: 0 },
      errors: 0,
      warnings: 0,
      processes: 1,
    },
  };
  mutate?.(report);
  return report;
}
