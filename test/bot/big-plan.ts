// A generated plan with many work groups: the fan-out attack (one push, 150 groups).

export const BIG_PLAN = ".kiro/specs/big/tasks.md";

/** A Kiro plan with `n` work groups of one task each. */
export function bigPlan(n: number): string {
  const groups = Array.from(
    { length: n },
    (_, i) => `- [ ] ${i + 1}. Group ${i + 1}\n  - [ ] ${i + 1}.1 Do part ${i + 1}\n`,
  );
  return `# Implementation Plan: big\n\n## Tasks\n\n${groups.join("\n")}`;
}
