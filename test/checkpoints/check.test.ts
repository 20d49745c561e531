// `checkPlan` on small real projects: real processes, real cargo, real git repos.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPlan } from "../../src/checkpoints/check.ts";
import { type CommandResult, Report } from "../../src/report/schema.ts";
import { alive, cargoEnv, crate, PLAN, project } from "./project.ts";

/** The first command of a checkpoint; the test fails when it ran none. */
function firstCommand(report: Report, checkpoint: number): CommandResult {
  const command = report.checkpoints[checkpoint]?.commands[0];
  if (!command) throw new Error(`checkpoint #${checkpoint} has no command`);
  return command;
}

describe("checkPlan with shell commands", () => {
  const plan = `# Demo
- [x] 1. Work
  - [x] 1.1 Do it
    - _Requirements: 1.1_
- [ ] 2. Checkpoint - Ensure \`echo run >> count.txt\` succeeds
- [ ] 3. Checkpoint - Ensure \`echo run >> count.txt\` succeeds again
- [ ] 4. Final verification
  - [ ] 4.1 Run \`exit 3\` in tools directory
    - _Requirements: 1.2_
  - [ ] 4.2 Run \`pwd\` in missing directory
    - _Requirements: 1.3_
- [ ] 5. Final Checkpoint
  - Ensure all tests pass
`;

  it("runs identical commands once, reports exit codes, missing directories and reuse", async () => {
    const root = project({ [PLAN]: plan, "tools/.keep": "" });
    const report = await checkPlan({ planPath: join(root, PLAN) });
    Report.parse(report);
    expect(readFileSync(join(root, "count.txt"), "utf8")).toBe("run\n");
    expect(report.checkpoints.map((c) => [c.id, c.status])).toEqual([
      ["2", "passed"],
      ["3", "passed"],
      ["4.1", "failed"],
      ["4.2", "error"],
      ["5", "error"],
    ]);
    expect(firstCommand(report, 1)).toMatchObject({ reused: true, status: "passed" });
    expect(firstCommand(report, 2)).toMatchObject({
      exitCode: 3,
      cwd: "tools",
      reused: false,
    });
    expect(firstCommand(report, 3).message).toMatch(/missing.*does not exist/);
    // The final checkpoint names no command: it reuses every distinct earlier one.
    expect(report.checkpoints[4]?.commands.map((c) => [c.run, c.reused])).toEqual([
      ["echo run >> count.txt", true],
      ["exit 3", true],
      ["pwd", true],
    ]);
    expect(report.summary.processes).toBe(2);
    expect(report.status).toBe("failed");
    expect(report.plan).toMatchObject({ path: PLAN, spec: "demo", title: "Demo" });
    expect(report.requirements.map((r) => [r.id, r.status])).toEqual([
      ["1.1", "verified"],
      ["1.2", "failing"],
      ["1.3", "failing"],
    ]);
  });

  it("selects checkpoints and stops at the first failure with --fail-fast", async () => {
    const root = project({ [PLAN]: plan, "tools/.keep": "" });
    const only = await checkPlan({ planPath: join(root, PLAN), checkpoints: ["4.1"] });
    expect(only.checkpoints.map((c) => c.id)).toEqual(["4.1"]);
    const fast = await checkPlan({ planPath: join(root, PLAN), failFast: true });
    expect(fast.checkpoints.map((c) => c.status)).toEqual([
      "passed",
      "passed",
      "failed",
      "not_run",
      "not_run",
    ]);
    await expect(checkPlan({ planPath: join(root, PLAN), checkpoints: ["9"] })).rejects.toThrow(
      /no checkpoint 9 in the plan \(checkpoints: 2, 3, 4.1, 4.2, 5\)/,
    );
  });

  it("ends a hanging command and its children at the timeout", async () => {
    const root = project({
      [PLAN]:
        "- [ ] 1. Checkpoint - Ensure `sh -c 'sleep 600 & echo $! > child.pid; wait'` succeeds\n",
    });
    const report = await checkPlan({ planPath: join(root, PLAN), timeoutMs: 500 });
    const cmd = firstCommand(report, 0);
    expect(cmd.status).toBe("timeout");
    expect(cmd.message).toMatch(/timed out/);
    const pid = Number(readFileSync(join(root, "child.pid"), "utf8"));
    expect(alive(pid)).toBe(false);
  });

  it("keeps memory bounded on a command printing 200 MB", async () => {
    const root = project({
      [PLAN]:
        "- [ ] 1. Checkpoint - Ensure `head -c 200000000 /dev/zero | tr '\\0' x | fold -w 100` succeeds\n",
    });
    const report = await checkPlan({ planPath: join(root, PLAN) });
    const cmd = firstCommand(report, 0);
    expect(cmd.status).toBe("passed");
    expect(cmd.logTail.length).toBeLessThanOrEqual(4000);
    expect(cmd.logTail).toMatch(/^x+$/m);
  });
});

describe("JUnit reports", () => {
  it("belong to the command that wrote them, not to the ones after it", async () => {
    const xml =
      '<testsuite name="s" tests="2" failures="1"><testcase name="adds" classname="math"/>' +
      '<testcase name="commutes" classname="math"><failure message="boom">math.test.ts:3:1</failure></testcase></testsuite>';
    const root = project({
      [PLAN]: `- [ ] 1. Checkpoint - Ensure \`sh write.sh\` succeeds
- [ ] 2. Checkpoint - Ensure \`true\` succeeds
`,
      "write.sh": `cat > junit.xml <<'EOF'\n${xml}\nEOF\n`,
    });
    const report = await checkPlan({ planPath: join(root, PLAN), junit: ["junit.xml"] });
    expect(report.checkpoints.map((c) => c.status)).toEqual(["failed", "passed"]);
    expect(firstCommand(report, 0).tests).toMatchObject({ passed: 1, failed: 1 });
    expect(firstCommand(report, 1).tests).toBeNull();
  });
});

describe("checkPlan with real cargo", () => {
  it("reads a compile error with file, line and code", async () => {
    const root = project({
      ...crate("dxfix_check_broken", 'pub fn f() -> u32 {\n    let x: u32 = "no";\n    x\n}\n'),
      [PLAN]:
        "- [x] 1. Work\n  - _Requirements: 1.1_\n- [ ] 2. Checkpoint - Ensure `cargo build --offline` succeeds\n",
    });
    const report = await checkPlan({ planPath: join(root, PLAN), env: cargoEnv });
    const cmd = firstCommand(report, 0);
    expect(cmd).toMatchObject({ status: "failed", exitCode: 101, errors: 1 });
    expect(cmd.reader).toMatch(/cargo|rustc/);
    expect(cmd.diagnostics[0]).toMatchObject({
      severity: "error",
      code: "E0308",
      file: "src/lib.rs",
      line: 2,
    });
    expect(report.requirements[0]).toMatchObject({ id: "1.1", status: "failing" });
  }, 120_000);

  it("reads test results and links a tagged property test", async () => {
    const lib = `pub fn add(a: u32, b: u32) -> u32 { a + b }

#[cfg(test)]
mod tests {
    use super::*;

    // Feature: demo, Property 1: Addition Commutes
    #[test]
    fn prop_addition_commutes() {
        for a in 0..50u32 { for b in 0..50u32 { assert_eq!(add(a, b), add(b, a)); } }
    }

    #[test]
    fn fails() { assert_eq!(add(1, 1), 3); }

    #[test]
    #[ignore]
    fn slow() {}
}
`;
    const root = project({
      ...crate("dxfix_check_tests", lib),
      [PLAN]: `- [x] 1. Work
  - [x]* 1.1 Property test
    - **Property 1: Addition Commutes**
    - **Validates: Requirements 1.1**
- [ ] 2. Checkpoint - Ensure \`cargo test --offline\` passes
`,
    });
    const report = await checkPlan({ planPath: join(root, PLAN), env: cargoEnv });
    const cmd = firstCommand(report, 0);
    expect(cmd.status).toBe("failed");
    expect(cmd.tests).toMatchObject({ passed: 1, failed: 1, ignored: 1 });
    expect(cmd.tests?.failures).toEqual(["tests::fails"]);
    expect(report.properties).toEqual([
      {
        id: "1",
        title: "Addition Commutes",
        taskId: "1.1",
        validates: ["1.1"],
        status: "passed",
        tests: [{ name: "tests::prop_addition_commutes", file: "src/lib.rs", status: "passed" }],
      },
    ]);
  }, 120_000);
});
