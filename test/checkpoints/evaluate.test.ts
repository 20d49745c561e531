// Statuses of criteria from checkpoint results: the precedence rules of docs/statuses.md.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/checkpoints/evaluate.ts";
import { parsePlan, parseRequirements, traceCriteria } from "../../src/plan/index.ts";
import type { CheckpointResult, CommandResult, PropertyResult } from "../../src/report/schema.ts";

const plan = (boxes: { a: string; b: string; c: string }) =>
  parsePlan(`# P
- [${boxes.a}] 1. Work
  - [${boxes.a}] 1.1 A
    - _Requirements: 1.1_
  - [${boxes.b}]* 1.2 Optional property test
    - **Property 1: Totals add up**
    - **Validates: Requirements 1.2**
  - [${boxes.c}] 1.3 C
    - _Requirements: 1.2_
- [ ] 2. Checkpoint - Ensure \`make\` succeeds
- [ ] 3. Verification
  - [ ] 3.1 Run \`make test\`
    - _Requirements: 1.3_
`);
const reqs = parseRequirements(`### Requirement 1: R
#### Acceptance Criteria
1. A
2. B
3. C
4. D
`);

const cmd = (status: CommandResult["status"]): CommandResult => ({
  run: "make",
  cwd: ".",
  status,
  exitCode: status === "passed" ? 0 : 1,
  durationMs: 1,
  reused: false,
  reader: "generic",
  errors: 0,
  warnings: 0,
  diagnostics: [],
  tests: null,
  message: null,
  logTail: "",
});
const cp = (id: string, status: CommandResult["status"] | "none"): CheckpointResult => ({
  id,
  title: id,
  kind: id.includes(".") ? "verification" : "checkpoint",
  groupId: id.split(".")[0] ?? id,
  line: 1,
  status: status === "none" ? "not_run" : status === "not_run" ? "not_run" : status,
  durationMs: 1,
  commands: status === "none" ? [] : [cmd(status)],
});
const prop = (status: PropertyResult["status"]): PropertyResult => ({
  id: "1",
  title: "Totals add up",
  taskId: "1.2",
  validates: ["1.2"],
  status,
  tests: [],
});

function statuses(
  boxes: { a: string; b: string; c: string },
  results: CheckpointResult[],
  props: PropertyResult[] = [],
) {
  const p = plan(boxes);
  const e = evaluate(p, traceCriteria(p, reqs), results, props);
  return Object.fromEntries(e.requirements.map((r) => [r.id, r.status]));
}

describe("criterion statuses", () => {
  it("uncovered beats everything; nothing run means pending", () => {
    expect(statuses({ a: "x", b: " ", c: "x" }, [])).toEqual({
      "1.1": "pending",
      "1.2": "pending",
      "1.3": "pending",
      "1.4": "uncovered",
    });
  });

  it("failing whatever the boxes say", () => {
    expect(
      statuses({ a: "x", b: "x", c: "x" }, [cp("2", "failed"), cp("3.1", "passed")]),
    ).toMatchObject({
      "1.1": "failing",
      "1.2": "failing",
      "1.3": "verified",
    });
    expect(
      statuses({ a: "x", b: "x", c: "x" }, [cp("2", "timeout"), cp("3.1", "error")]),
    ).toMatchObject({
      "1.1": "failing",
      "1.3": "failing",
    });
  });

  it("a passing build before the work is marked done proves nothing", () => {
    expect(statuses({ a: " ", b: " ", c: "-" }, [cp("2", "passed"), cp("3.1", "passed")])).toEqual({
      "1.1": "pending",
      "1.2": "pending",
      "1.3": "verified", // a verification task is done when its commands pass
      "1.4": "uncovered",
    });
  });

  it("verified when every gate passed and every required task is done; optional tasks not done are ignored", () => {
    expect(
      statuses({ a: "x", b: " ", c: "x" }, [cp("2", "passed"), cp("3.1", "passed")]),
    ).toMatchObject({
      "1.1": "verified",
      "1.2": "verified",
    });
  });

  it("a linked property test that failed makes its criteria fail; a done optional task's missing test keeps them pending", () => {
    const gates = [cp("2", "passed"), cp("3.1", "passed")];
    expect(statuses({ a: "x", b: " ", c: "x" }, gates, [prop("failed")])["1.2"]).toBe("failing");
    expect(statuses({ a: "x", b: "x", c: "x" }, gates, [prop("not_found")])["1.2"]).toBe("pending");
    expect(statuses({ a: "x", b: " ", c: "x" }, gates, [prop("not_found")])["1.2"]).toBe(
      "verified",
    );
    expect(statuses({ a: "x", b: "x", c: "x" }, gates, [prop("passed")])["1.2"]).toBe("verified");
  });

  it("counts and overall status", () => {
    const p = plan({ a: "x", b: "x", c: "x" });
    const e = evaluate(p, traceCriteria(p, reqs), [cp("2", "failed"), cp("3.1", "none")], []);
    expect(e.status).toBe("failed");
    expect(e.summary.checkpoints).toEqual({ total: 2, passed: 0, failed: 1, notRun: 1 });
    expect(e.summary.requirements).toEqual({
      total: 4,
      verified: 0,
      failing: 2,
      pending: 1,
      uncovered: 1,
    });
    expect(e.groups.map((g) => [g.id, g.gates, g.status])).toEqual([
      ["1", ["2"], "failed"],
      ["2", ["2"], "failed"],
      ["3", ["3.1"], "pending"],
    ]);
  });
});
