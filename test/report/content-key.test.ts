// The comment's content key depends on outcomes only, so a re-run with the same outcome
// makes no edit: not on timings, timestamps, log tails or the order tests finished in.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { contentKey } from "../../src/github/markers.ts";
import { parseReport, type Report } from "../../src/report/schema.ts";

const broken = (): Report =>
  parseReport(
    JSON.parse(
      readFileSync(new URL("../fixtures/comments/reports/broken.json", import.meta.url), "utf8"),
    ),
  );

/** Every command of the report, edited by `edit`. */
function eachCommand(report: Report, edit: (c: Report["checkpoints"][0]["commands"][0]) => void) {
  for (const cp of report.checkpoints) for (const cmd of cp.commands) edit(cmd);
  return report;
}

describe("content key", () => {
  it("is the same for a re-run with other timings, log tails and test order", () => {
    const first = broken();
    const rerun = eachCommand(broken(), (cmd) => {
      cmd.durationMs += 1234;
      cmd.logTail = `${cmd.logTail}\n   Compiling in another order`;
      cmd.diagnostics.reverse();
      if (cmd.tests) cmd.tests.failures.reverse();
    });
    rerun.generatedAt = "2027-01-01T00:00:00.000Z";
    for (const cp of rerun.checkpoints) cp.durationMs *= 2;
    for (const p of rerun.properties) p.tests.reverse();
    expect(contentKey(rerun)).toBe(contentKey(first));
  });

  it("changes with an outcome: a status, an error, a failing test, a reason, the commit", () => {
    const key = contentKey(broken());
    const changed: Array<(r: Report) => void> = [
      (r) => eachCommand(r, (cmd) => (cmd.errors += 1)),
      (r) =>
        eachCommand(r, (cmd) => {
          if (cmd.diagnostics[0]) cmd.diagnostics[0].message = "another error";
        }),
      (r) =>
        eachCommand(r, (cmd) => {
          cmd.tests = { passed: 4, failed: 1, ignored: 0, failures: ["tests::one"] };
        }),
      (r) => {
        const [first] = r.requirements;
        if (first) first.reason = "checkpoint 3: 1 of 5 tests failed";
      },
      (r) => {
        r.commit = { sha: "f".repeat(40), ref: null };
      },
      (r) => {
        r.status = "passed";
      },
    ];
    for (const change of changed) {
      const report = broken();
      change(report);
      expect(contentKey(report)).not.toBe(key);
    }
  });
});
