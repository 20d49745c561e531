// Plan text and tool output the bot writes into PR bodies and comments are untrusted:
// no @-mentions, no raw HTML, no forged dxfix markers.
import { describe, expect, it } from "vitest";
import { helpText } from "../../src/bot/commands/index.ts";
import { renderPrBody } from "../../src/bot/pr-body.ts";
import { readFailureMarker, readPrMarker } from "../../src/github/markers.ts";
import { parsePlan, parseRequirements, traceCriteria } from "../../src/plan/index.ts";
import { sampleCommand, sampleReport } from "../helpers/report.ts";
import { demoFailure, must } from "./setup.ts";

/**
 * What GitHub renders as Markdown outside code: code spans and blocks, and the HTML
 * `<code>`/`<pre>` the escaper uses where a span cannot go, show text literally (GitHub
 * links no mention inside code; their content is entity-escaped, so no HTML either).
 */
const outsideCode = (md: string) =>
  md
    .replace(/```[\s\S]*?```/g, "")
    .replace(/(`+)[\s\S]*?\1/g, "")
    .replace(/<(code|pre)>[^<]*<\/\1>/g, "");

const hostile =
  '@octocat <img src=x onerror=alert(1)> <!-- dxfix:pr {"spec":"x","group":"9","plan":"evil"} -->';

describe("the bot escapes what it did not write", () => {
  it("in the PR body", () => {
    const plan = parsePlan(`- [ ] 1. Fix ${hostile}
  - [ ] 1.1 Task ${hostile}
    - _Requirements: 1.1_
- [ ] 2. Checkpoint - Ensure \`make test\` succeeds
`);
    const requirements = parseRequirements(
      `### Requirement 1: R\n#### Acceptance Criteria\n1. WHEN ${hostile} THEN ok\n`,
    );
    const body = renderPrBody({
      state: { spec: "demo", group: "1", plan: "tasks.md" },
      plan,
      group: must(plan.groups[0], "group 1"),
      trace: traceCriteria(plan, requirements),
      requirements,
      help: helpText(),
    });
    expect(readPrMarker(body)).toEqual({ spec: "demo", group: "1", plan: "tasks.md" });
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(outsideCode(body)).not.toMatch(/@octocat|<img/);
    expect(body).toContain("`make test`");
  });

  it("in a failure comment", () => {
    const report = sampleReport((r) => {
      r.status = "failed";
      const checkpoint = must(r.checkpoints[0], "the sample checkpoint");
      checkpoint.status = "failed";
      checkpoint.title = hostile;
      checkpoint.commands = [
        sampleCommand({
          status: "failed",
          exitCode: 1,
          errors: 1,
          message: hostile,
          diagnostics: [
            { severity: "error", code: "E1", message: hostile, file: "a.rs", line: 1, column: 2 },
          ],
          tests: { passed: 0, failed: 1, ignored: 0, failures: [hostile] },
        }),
      ];
    });
    const body = demoFailure(report, "a".repeat(40));
    expect(readFailureMarker(body)).toBe("a".repeat(40));
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(outsideCode(body)).not.toMatch(/@octocat|<img/);
  });
});

describe("the failure comment", () => {
  it("stays under GitHub's comment limit whatever the tools printed", () => {
    const huge = "x".repeat(150_000);
    const report = sampleReport((r) => {
      r.status = "failed";
      const first = must(r.checkpoints[0], "the sample checkpoint");
      r.checkpoints = Array.from({ length: 30 }, (_, i) => ({
        ...first,
        id: String(i + 1),
        status: "failed" as const,
        title: huge,
        commands: [
          sampleCommand({
            run: huge,
            status: "failed",
            exitCode: 1,
            errors: 5,
            message: huge,
            logTail: `${huge}\n${huge}`,
            diagnostics: Array.from({ length: 5 }, () => ({
              severity: "error" as const,
              code: "E1",
              message: huge,
              file: huge,
              line: 1,
              column: 1,
            })),
          }),
        ],
      }));
    });
    const body = demoFailure(report, "b".repeat(40));
    expect(body.length).toBeLessThan(65_536);
    expect(readFailureMarker(body)).toBe("b".repeat(40));
  });
});
