import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMENT_LIMIT } from "../../src/github/limits.ts";
import {
  DEFAULT_MAX_LENGTH,
  progressBar,
  renderMarkdown,
  verdictLine,
} from "../../src/report/markdown.ts";
import {
  buildReport,
  checkpoint,
  command,
  failedCommand,
  finding,
  group,
  hugeReport,
  mixedReport,
  property,
  requirement,
} from "../helpers/report.ts";
import { checkStructure, textOutsideCode } from "./structure.ts";

const FORGED = "<!-- dxfix:report v1 eyJmYWtlIjp0cnVlfQ== -->";
const HOSTILE = `@octocat <img src=x onerror=alert(1)> ${FORGED} | \`\`\` #12`;

describe("progressBar", () => {
  it("fills one cell per 10% verified, rounding down", () => {
    expect(progressBar(0, 0)).toBe("");
    expect(progressBar(0, 7)).toBe(`${"⬜".repeat(10)} 0%`);
    expect(progressBar(3, 10)).toBe(`${"🟩".repeat(3)}${"⬜".repeat(7)} 30%`);
    expect(progressBar(29, 30)).toBe(`${"🟩".repeat(9)}⬜ 96%`);
    expect(progressBar(30, 30)).toBe(`${"🟩".repeat(10)} 100%`);
  });
});

describe("verdictLine", () => {
  it("states criteria and checkpoints in one line", () => {
    expect(verdictLine(mixedReport())).toBe(
      "❌ **dxfix** · 2/5 criteria verified · 1 failing · 1 uncovered · 1 checkpoint failing",
    );
    expect(verdictLine(buildReport())).toBe(
      "✅ **dxfix** · 1/1 criteria verified · all 1 checkpoint passed",
    );
    const pending = buildReport({
      checkpoints: [checkpoint({ commands: [command({ status: "not_run", exitCode: null })] })],
      requirements: [requirement({ status: "pending" })],
    });
    expect(verdictLine(pending)).toBe(
      "⏳ **dxfix** · 0/1 criteria verified · 1 of 1 checkpoint not run",
    );
  });
});

describe("renderMarkdown", () => {
  const mixed = renderMarkdown(mixedReport());

  it("opens with the title, verdict and progress bar", () => {
    const [heading, , verdict, , bar] = mixed.split("\n");
    expect(heading).toBe("### dxfix · DX-Py-Runtime Compilation Fix");
    expect(verdict).toContain("2/5 criteria verified");
    expect(bar).toBe(`${"🟩".repeat(4)}${"⬜".repeat(6)} 40%`);
  });

  it("groups the criteria table by requirement with status, tasks and checks", () => {
    expect(mixed).toContain("**Requirement 1** · 2/2 verified");
    expect(mixed).toContain("**Requirement 4** · 0/2 verified");
    expect(mixed).toContain(
      "| 4.1 | THE JIT SHALL track tiers locally | ❌ failing | 2.2, 2.5 | checkpoint 3, property 2 |",
    );
    expect(mixed).toContain(
      "| 4.2 | THE tier map SHALL be thread-safe | ⏳ pending | 2.2 | checkpoint 3 |",
    );
    expect(mixed).toContain("| 9.1 | THE docs SHALL be updated | ⚠️ uncovered | — | — |");
    expect(mixed.indexOf("Requirement 1")).toBeLessThan(mixed.indexOf("Requirement 4"));
  });

  it("shows a failing checkpoint's command, exit code, time, first errors and log tail in a collapsible block", () => {
    expect(mixed).toContain(
      "<details><summary>❌ <code>cargo build -p dx-py-interpreter</code> · 12.3s · exit 101 · 24 errors · 2 warnings</summary>",
    );
    expect(mixed).toContain(
      "- `crates/dx-py-interpreter/src/jit.rs:42:17` **error** `E0433` failed to resolve: use of undeclared type `FunctionId`",
    );
    expect(mixed).toContain("… 23 more diagnostics not shown.");
    expect(mixed).toMatch(/```text\nerror\[E0433\]: failed to resolve\n/);
    expect(mixed).toContain(
      "| ⏳ | 5. Final Checkpoint - Ensure all tests pass | <code>cargo test --workspace</code> | — |",
    );
  });

  it("counts diagnostics per file when a command touched several", () => {
    const report = buildReport({
      checkpoints: [
        checkpoint({
          commands: [
            failedCommand({
              files: [
                { file: "src/jit.rs", errors: 20, warnings: 1 },
                { file: "src/async.rs", errors: 4, warnings: 0 },
                { file: "src/clean.rs", errors: 0, warnings: 0 },
              ],
            }),
          ],
        }),
      ],
    });
    expect(renderMarkdown(report)).toContain(
      "By file: `src/jit.rs` 20 errors, 1 warning, `src/async.rs` 4 errors",
    );
  });

  it("lists properties with status and linked tests", () => {
    expect(mixed).toContain("3 properties: 1 passed · 1 failed · 1 without a test · 0 not run");
    expect(mixed).toContain(
      "| 2. Tier Tracking Consistency | 4.1, 4.2 | ❌ failed | ❌ <code>prop_tier_tracking</code> |",
    );
    expect(mixed).toContain("| 3. Tier Promotion Monotonicity | 4.3 | ❔ no test found | — |");
  });

  it("draws the groups and checkpoints in plan order, coloured by status", () => {
    const diagram = mixed.slice(mixed.indexOf("```mermaid"));
    expect(diagram).toContain('n0["1. Fix Missing Dependency · done"]');
    expect(diagram).toContain('n2{{"3. Checkpoint - Verify JIT Integration Compiles"}}');
    expect(diagram).toContain("n3 --> n4");
    expect(diagram).toContain("class n1,n2 failed");
    expect(diagram).toContain("class n3,n4 pending");
  });

  it("is well-formed and has no note when everything fits", () => {
    checkStructure(mixed);
    expect(mixed).not.toContain("[!NOTE]");
  });

  it("mentions nobody, renders no HTML from the plan and cannot carry a forged marker", () => {
    const hostile = buildReport({
      title: HOSTILE,
      groups: [group({ title: HOSTILE })],
      checkpoints: [
        checkpoint({
          title: HOSTILE,
          commands: [
            failedCommand({
              run: HOSTILE,
              cwd: HOSTILE,
              message: HOSTILE,
              diagnostics: [finding({ message: HOSTILE, file: HOSTILE, code: HOSTILE })],
              tests: { passed: 0, failed: 1, ignored: 0, failures: [HOSTILE] },
              logTail: `${HOSTILE}\n${"`".repeat(8)}\n${FORGED}`,
            }),
          ],
        }),
      ],
      properties: [
        property({
          title: HOSTILE,
          tests: [{ name: HOSTILE, file: null, status: "failed" }],
          status: "failed",
        }),
      ],
      requirements: [requirement({ id: HOSTILE, text: HOSTILE, tasks: [HOSTILE] })],
    });
    const out = renderMarkdown(hostile, { title: HOSTILE });
    checkStructure(out);
    expect(out).not.toContain("<!--");
    // Code is literal on GitHub (no mentions there); everywhere else they are broken.
    const prose = textOutsideCode(out);
    expect(prose).toContain("octocat");
    expect(prose).not.toMatch(/@[A-Za-z0-9]/);
    expect(prose).not.toMatch(/#\d/);
    expect(out.slice(out.indexOf("```mermaid"))).not.toMatch(/@[A-Za-z0-9]/);
    // Outside code (where it is literal text) the only HTML left is our own.
    expect(out).toContain("&lt;img src=x");
    const tags = new Set(prose.match(/<\/?[a-z]+/gi));
    expect([...tags].sort()).toEqual([
      "</details",
      "</sub",
      "</summary",
      "<details",
      "<sub",
      "<summary",
    ]);
  });

  it("links the workflow run only when it is an http(s) URL", () => {
    const url = "https://github.com/o/r/actions/runs/42";
    expect(renderMarkdown(mixedReport(), { runUrl: url })).toContain(
      `<a href="${url}">workflow run</a>`,
    );
    expect(renderMarkdown(mixedReport(), { runUrl: 'javascript:alert(1)"' })).not.toContain(
      "<a href",
    );
  });
});

describe("renderMarkdown size limit", () => {
  it("keeps 2,000 criteria and 50 failing checkpoints with 10 kB log tails under the comment limit", () => {
    const report = hugeReport(2_000, 50, 10_000);
    expect(JSON.stringify(report).length).toBeGreaterThan(500_000);
    const started = performance.now();
    const out = renderMarkdown(report);
    const elapsed = performance.now() - started;
    expect(out.length).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH);
    expect(DEFAULT_MAX_LENGTH).toBeLessThan(COMMENT_LIMIT);
    checkStructure(out);
    expect(out).toContain(
      "500/2000 criteria verified · 500 failing · 500 uncovered · 50 checkpoints failing",
    );
    expect(out).toContain("| Requirement | ✅ verified | ❌ failing | ⏳ pending | ⚠️ uncovered |");
    expect(out).toContain("| 200 | 2 | 2 | 3 | 3 |");
    expect(out).toMatch(/\nFailing: 1\.2, 1\.6, 1\.10, 2\.4, .*, \+400\n/);
    // Every failing checkpoint is still named, with its first errors.
    for (let i = 1; i <= 50; i++)
      expect(out).toContain(`**❌ ${i}. Checkpoint ${i} - crate ${i - 1} builds**`);
    expect(out.match(/\*\*error\*\* `E0433`/g)?.length).toBe(150);
    expect(out).toContain(
      "> Left out to fit GitHub's comment size limit: log tails, diagnostics beyond the first 3 per command, the plan diagram, criteria texts, criteria and property rows (counts only).",
    );
    expect(elapsed).toBeLessThan(5_000);
  });

  it("leaves room for what the caller adds (reserve)", () => {
    const out = renderMarkdown(hugeReport(2_000, 50, 10_000), { reserve: 40_000 });
    expect(out.length).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH - 40_000);
    checkStructure(out);
    expect(out).toContain("Left out");
  });

  it("drops detail in the documented order as the limit shrinks", () => {
    const report = hugeReport(60, 6, 10_000);
    const full = renderMarkdown(report, { maxLength: 10_000_000 });
    expect(full).not.toContain("Left out");
    expect(full).toContain("```mermaid");

    const notes: string[] = [];
    for (let limit = full.length - 1; limit > 300; limit = Math.floor(limit * 0.97)) {
      const out = renderMarkdown(report, { maxLength: limit });
      expect(out.length).toBeLessThanOrEqual(limit);
      checkStructure(out);
      const note = /Left out to fit GitHub's comment size limit: (.*)\./.exec(out)?.[1];
      if (note && notes.at(-1) !== note) notes.push(note);
    }
    expect(notes[0]).toBe("log tails beyond their last 10 lines");
    const stages = [
      "log tails beyond their last 10 lines",
      "log tails",
      "diagnostics beyond the first 3 per command",
      "the plan diagram",
      "criteria texts",
      "criteria and property rows (counts only)",
      "failing command details",
      "the checkpoint lists",
    ];
    const firstSeen = stages.map((stage) => notes.findIndex((n) => n.split(", ").includes(stage)));
    expect(firstSeen.every((index) => index >= 0)).toBe(true);
    expect([...firstSeen].sort((a, b) => a - b)).toEqual(firstSeen);
    expect(notes.at(-1)).toBe("everything but the verdict");
  });

  it("never exceeds any limit, however small", () => {
    const report = hugeReport(30, 4, 2_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: 0, max: 500 }),
        (maxLength, reserve) => {
          const out = renderMarkdown(report, {
            maxLength,
            reserve,
            runUrl: "https://example.test/run/1",
          });
          expect(out.length).toBeLessThanOrEqual(Math.max(0, maxLength - reserve));
          if (out.length > 400) checkStructure(out);
        },
      ),
      { numRuns: 60 },
    );
  });
});
