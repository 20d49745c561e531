// Honest criterion statuses end to end: a real crate whose five tests run under one
// checkpoint, four of them tagged with the criterion they check. One failing test fails
// its own criterion, and the checkpoint's failure taints only the criterion no test names.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPlan } from "../../src/checkpoints/check.ts";
import { contentKey } from "../../src/github/markers.ts";
import { cargoEnv, crate, PLAN, project } from "./project.ts";

const LIB = `pub fn double(x: u32) -> u32 { x * 2 }

#[cfg(test)]
mod tests {
    use super::double;

    // Validates: 1.1
    #[test]
    fn doubles_zero() { assert_eq!(double(0), 0); }

    // Validates: 1.2
    #[test]
    fn doubles_one() { assert_eq!(double(1), 3); }

    // Requirements: 1.3
    #[test]
    fn doubles_two() { assert_eq!(double(2), 4); }

    /// **Validates: Requirements 1.4**
    #[test]
    fn doubles_three() { assert_eq!(double(3), 6); }

    #[test]
    fn untagged() { assert_eq!(double(4), 8); }
}
`;

const TASKS = `# Doubling
- [x] 1. Write double
  - [x] 1.1 Implement it
    - _Requirements: 1.1, 1.2, 1.3, 1.4, 1.5_
- [ ] 2. Checkpoint - Ensure \`cargo test --offline\` passes
`;

const REQUIREMENTS = `# Requirements
### Requirement 1: Doubling
#### Acceptance Criteria
1. WHEN given 0 THEN it SHALL return 0
2. WHEN given 1 THEN it SHALL return 2
3. WHEN given 2 THEN it SHALL return 4
4. WHEN given 3 THEN it SHALL return 6
5. WHEN given 4 THEN it SHALL return 8
`;

describe("one failing test out of five", () => {
  it("fails only its own criterion; the checkpoint taints only the criterion without a test", async () => {
    const root = project({
      ...crate("dxfix_honest", LIB),
      [PLAN]: TASKS,
      ".kiro/specs/demo/requirements.md": REQUIREMENTS,
    });
    const report = await checkPlan({ planPath: join(root, PLAN), env: cargoEnv });
    expect(report.checkpoints[0]?.commands[0]?.tests).toMatchObject({ passed: 4, failed: 1 });
    const by = Object.fromEntries(report.requirements.map((r) => [r.id, [r.status, r.reason]]));
    expect(by).toEqual({
      "1.1": ["verified", "test tests::doubles_zero passed"],
      "1.2": ["failing", "test tests::doubles_one failed"],
      "1.3": ["verified", "test tests::doubles_two passed"],
      "1.4": ["verified", "test tests::doubles_three passed"],
      "1.5": ["failing", "checkpoint 2: 1 of 5 tests failed"],
    });
    expect(report.requirementTitles).toEqual([{ id: "1", title: "Doubling" }]);

    // A re-run has other timings and libtest may finish the tests in another order:
    // the comment's content key is the same, so the comment is not edited.
    const again = await checkPlan({ planPath: join(root, PLAN), env: cargoEnv });
    expect(again.generatedAt).not.toBe(report.generatedAt);
    expect(contentKey(again)).toBe(contentKey(report));
  });
});
