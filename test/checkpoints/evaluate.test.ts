// Statuses of criteria from checkpoint results: the precedence rules of docs/statuses.md.
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/checkpoints/evaluate.ts";
import type { CriterionTest } from "../../src/checkpoints/properties.ts";
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

describe("honest statuses: tests that name a criterion decide for it", () => {
  // Five criteria behind one checkpoint; four have a tagged test, one has none.
  const five = parsePlan(`# P
- [x] 1. Work
  - [x] 1.1 Do it
    - _Requirements: 1.1, 1.2, 1.3, 1.4, 1.5_
- [ ] 2. Checkpoint - Ensure \`npm test\` passes
`);
  const fiveReqs = parseRequirements(`### Requirement 1: Dates
#### Acceptance Criteria
1. A
2. B
3. C
4. D
5. E
`);
  const testRun = (failed: string[]): CheckpointResult => {
    const names = ["parses 1.1", "parses 1.2", "parses 1.3", "parses 1.4", "untagged"];
    return {
      ...cp("2", "failed"),
      commands: [
        {
          ...cmd("failed"),
          run: "npm test",
          tests: {
            passed: names.length - failed.length,
            failed: failed.length,
            ignored: 0,
            failures: failed,
          },
        },
      ],
    };
  };
  const tagged = (failed: string): CriterionTest[] =>
    ["1.1", "1.2", "1.3", "1.4"].map((id) => ({
      criteria: [id],
      name: `parses ${id}`,
      status: `parses ${id}` === failed ? "failed" : "passed",
    }));

  it("one failing test out of five fails only its criteria, and says why for each", () => {
    const e = evaluate(five, traceCriteria(five, fiveReqs), [testRun(["parses 1.2"])], [], {
      tests: tagged("parses 1.2"),
      requirements: fiveReqs,
    });
    const by = Object.fromEntries(e.requirements.map((r) => [r.id, [r.status, r.reason]]));
    expect(by).toEqual({
      "1.1": ["verified", "test parses 1.1 passed"],
      "1.2": ["failing", "test parses 1.2 failed"],
      "1.3": ["verified", "test parses 1.3 passed"],
      "1.4": ["verified", "test parses 1.4 passed"],
      // No test names 1.5: the checkpoint's failure is the best evidence it has.
      "1.5": ["failing", "checkpoint 2: 1 of 5 tests failed"],
    });
    expect(e.requirementTitles).toEqual([{ id: "1", title: "Dates" }]);
    expect(e.requirements[1]?.tests).toEqual([{ name: "parses 1.2", status: "failed" }]);
  });

  it("a tag naming a requirement covers all its criteria; a test that did not run decides nothing", () => {
    const tests: CriterionTest[] = [
      { criteria: ["1"], name: "whole requirement", status: "passed" },
      { criteria: ["1.5"], name: "never ran", status: "not_run" },
    ];
    const e = evaluate(five, traceCriteria(five, fiveReqs), [testRun(["untagged"])], [], {
      tests,
    });
    const by = Object.fromEntries(e.requirements.map((r) => [r.id, r.status]));
    expect(by["1.1"]).toBe("verified");
    // 1.5's own test did not run, but the requirement-wide test passed.
    expect(by["1.5"]).toBe("verified");
    expect(e.requirements.find((r) => r.id === "1.5")?.tests).toEqual([
      { name: "whole requirement", status: "passed" },
      { name: "never ran", status: "not_run" },
    ]);
  });

  it("a property whose tagged test passed verifies its criteria though its checkpoint failed", () => {
    const p = plan({ a: "x", b: "x", c: "x" });
    const e = evaluate(
      p,
      traceCriteria(p, reqs),
      [cp("2", "failed"), cp("3.1", "passed")],
      [prop("passed")],
    );
    const by = Object.fromEntries(e.requirements.map((r) => [r.id, [r.status, r.reason]]));
    expect(by["1.2"]).toEqual(["verified", "property 1: its test passed"]);
    expect(by["1.1"]).toEqual(["failing", "checkpoint 2: exit 1"]);
  });

  it("says why a criterion waits", () => {
    const p = plan({ a: " ", b: " ", c: "x" });
    const e = evaluate(p, traceCriteria(p, reqs), [cp("3.1", "passed")], []);
    const by = Object.fromEntries(e.requirements.map((r) => [r.id, r.reason]));
    expect(by).toEqual({
      "1.1": "checkpoint 2 not run",
      "1.2": "checkpoint 2 not run",
      "1.3": "task 3.1 passed",
      "1.4": "no task claims it",
    });
  });
});
