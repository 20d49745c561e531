import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMENT_LIMIT } from "../../src/github/limits.ts";
import { DEFAULT_MAX_LENGTH, renderMarkdown, verdictLine } from "../../src/report/markdown.ts";
import { Report } from "../../src/report/schema.ts";
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

const RUN = "https://github.com/o/r/actions/runs/42";
const SHA = "57d401f03591229c964d4ae0b1ee8f0767752aec";
const BLOB = `https://github.com/o/r/blob/${SHA}`;

/** mixedReport at a commit, with requirement titles and reasons, as the engine writes them. */
function explained(): Report {
  const report = mixedReport();
  return Report.parse({
    ...report,
    commit: { sha: SHA, ref: null },
    requirementTitles: [
      { id: "1", title: "Reactor dependency" },
      { id: "4", title: "Local tier tracking" },
    ],
    requirements: report.requirements.map((r) => ({
      ...r,
      reason:
        r.status === "verified"
          ? "checkpoint 3 passed"
          : r.status === "failing"
            ? "property 2: its test failed"
            : r.status === "pending"
              ? "checkpoint 5 not run"
              : "no task claims it",
    })),
  });
}

describe("verdictLine", () => {
  it("states checkpoints and criteria in one line", () => {
    expect(verdictLine(mixedReport())).toBe(
      "**1 of 2 checkpoints failed** · criteria: 2 of 5 verified, 1 failing, 1 pending, 1 uncovered",
    );
    expect(verdictLine(buildReport())).toBe(
      "**All 1 checkpoint passed** · criteria: 1 of 1 verified",
    );
    const pending = buildReport({
      checkpoints: [checkpoint({ commands: [command({ status: "not_run", exitCode: null })] })],
      requirements: [requirement({ status: "pending" })],
    });
    expect(verdictLine(pending)).toBe(
      "**1 of 1 checkpoint not run** · criteria: 0 of 1 verified, 1 pending",
    );
  });
});

describe("renderMarkdown: the first screen", () => {
  const out = renderMarkdown(explained(), { runUrl: RUN });

  it("opens with the verdict, the commit it reflects (linked) and when", () => {
    const [heading, , facts] = out.split("\n");
    expect(heading).toBe("### ❌ dxfix · DX-Py-Runtime Compilation Fix");
    expect(facts).toBe(
      `**1 of 2 checkpoints failed** · criteria: 2 of 5 verified, 1 failing, 1 pending, 1 uncovered · [\`57d401f\`](https://github.com/o/r/commit/${SHA}) · 2026-01-15 10:00 UTC`,
    );
    // No progress bar of emoji squares for screen readers to spell out.
    expect(out).not.toMatch(/🟩|⬜/);
  });

  it("shows the cause in plain sight: errors by file, each line linked at the commit", () => {
    const cause = out.slice(out.indexOf("#### Why it failed"), out.indexOf("#### Criteria"));
    expect(cause).toContain(
      "❌ **3. Checkpoint - Verify JIT Integration Compiles** · `cargo build -p dx-py-interpreter` · exit 101 · 24 errors · 2 warnings",
    );
    expect(cause).toContain(
      [
        "- `crates/dx-py-interpreter/src/jit.rs`",
        `  - [line 42](${BLOB}/crates/dx-py-interpreter/src/jit.rs#L42) E0433 failed to resolve: use of undeclared type \`FunctionId\``,
        `  - [line 88](${BLOB}/crates/dx-py-interpreter/src/jit.rs#L88) E0599 no method named \`call_count\` found`,
        "- … 22 more errors",
      ].join("\n"),
    );
    expect(cause).not.toContain("<details>");
    expect(cause).toContain(`Every error and the whole log: [workflow run](${RUN}).`);
  });

  it("puts the criteria in one table: worst rows first, verified requirements collapsed, with why", () => {
    expect(out).toContain("❌ failing · ⚠️ uncovered · ⏳ pending · ✅ verified");
    const table = out.slice(out.indexOf("| Requirement |"), out.indexOf("Properties:"));
    const rows = table
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| Requirement |"));
    expect(rows.slice(0, 3)).toEqual([
      "| 4. Local tier tracking | ❌\u00A04.1 ⏳\u00A04.2 | **4.1** property 2: its test failed; **4.2** checkpoint 5 not run |",
      "| Requirement 9 | ⚠️\u00A09.1 | no task claims it |",
      "| 1. Reactor dependency | ✅\u00A01.1 ✅\u00A01.2 | checkpoint 3 passed |",
    ]);
    const collapsed = out.indexOf("<details><summary>✅ 1 requirement fully verified</summary>");
    expect(collapsed).toBeGreaterThan(out.indexOf("| 4. Local tier tracking"));
    expect(collapsed).toBeLessThan(out.indexOf("| 1. Reactor dependency"));
  });

  it("collapses the properties and the checkpoints that did not fail; draws no diagram", () => {
    expect(out).toContain(
      "<details><summary>Properties: 1 of 3 passed (1 failed, 1 without a test)</summary>",
    );
    expect(out).toContain(
      "| ❌ | 2. Tier Tracking Consistency | 4.1, 4.2 | ❌ <code>prop_tier_tracking</code> |",
    );
    expect(out).toContain("<details><summary>1 checkpoint not run</summary>");
    expect(out).toContain(
      "| ⏳ | 5. Final Checkpoint - Ensure all tests pass | <code>cargo test --workspace</code> | — |",
    );
    expect(out).not.toContain("mermaid");
  });

  it("details: failed lists only what failed or waits; none keeps the verdict and the cause", () => {
    const failed = renderMarkdown(explained(), { runUrl: RUN, details: "failed" });
    expect(failed).toContain("| 4. Local tier tracking |");
    expect(failed).not.toContain("| 1. Reactor dependency |");
    expect(failed).toContain("✅ 1 requirement fully verified.");
    expect(failed).not.toContain("<details>");
    expect(failed).toContain("#### Why it failed");
    const none = renderMarkdown(explained(), { runUrl: RUN, details: "none" });
    expect(none).toContain("#### Why it failed");
    expect(none).toContain("line 42");
    expect(none).not.toContain("#### Criteria");
    expect(none).not.toContain("Properties");
    expect(none.length).toBeLessThan(failed.length);
  });
});

describe("renderMarkdown: the cause", () => {
  it("names failing tests, and says a command once however many checkpoints fail on it", () => {
    const tests = failedCommand({
      run: "cargo test",
      errors: 0,
      warnings: 0,
      diagnostics: [],
      tests: { passed: 4, failed: 1, ignored: 0, failures: ["jit::tests::tiers"] },
    });
    const report = buildReport({
      checkpoints: [
        checkpoint({ id: "3", commands: [tests] }),
        checkpoint({ id: "5", title: "Final", commands: [{ ...tests, reused: true }] }),
      ],
    });
    const out = renderMarkdown(report);
    expect(out).toContain("- failed tests (1 of 5): `jit::tests::tiers`");
    expect(out).toContain("❌ **5. Final**: fails on the same command as checkpoint 3 above");
    expect(out.match(/jit::tests::tiers/g)).toHaveLength(1);
  });

  it("shows the last lines of output when the tool gave no error and no test name", () => {
    const silent = failedCommand({
      run: "make check",
      reader: "generic",
      errors: 0,
      warnings: 0,
      diagnostics: [],
      exitCode: 2,
      logTail: `${Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n")}\nmake: *** [check] Error 2\n`,
    });
    const out = renderMarkdown(buildReport({ checkpoints: [checkpoint({ commands: [silent] })] }));
    expect(out).toContain("```text\nline 16\n");
    expect(out).toContain("line 29\nmake: *** [check] Error 2\n```");
    expect(out).not.toContain("line 15\n");
  });

  it("says where a reused result came from", () => {
    const report = Report.parse({
      ...buildReport({ checkpoints: [checkpoint({ commands: [failedCommand()] })] }),
      checkpoints: [
        checkpoint({ commands: [{ ...failedCommand(), reusedFrom: "0123456789abcdef0123" }] }),
      ],
    });
    expect(renderMarkdown(report, { runUrl: RUN })).toContain(
      "· reused from [`0123456`](https://github.com/o/r/commit/0123456789abcdef0123)",
    );
  });

  it("shows the trend across pushes from two entries on", () => {
    const trend = [
      { sha: "a".repeat(40), errors: 24, failingTests: 0, verified: 0 },
      { sha: "b".repeat(40), errors: 30, failingTests: 2, verified: 0 },
      { sha: "c".repeat(40), errors: 0, failingTests: 0, verified: 30 },
    ];
    const with3 = renderMarkdown(Report.parse({ ...buildReport(), trend }));
    expect(with3).toContain(
      "Trend over 3 pushes (`aaaaaaa` → `bbbbbbb` → `ccccccc`): errors 24 → 30 → 0 · failing tests 0 → 2 → 0 · verified 0 → 0 → 30",
    );
    const with1 = renderMarkdown(Report.parse({ ...buildReport(), trend: trend.slice(0, 1) }));
    expect(with1).not.toContain("Trend");
  });

  it("never cuts a title inside a code span", () => {
    const title = `Fix ${"x".repeat(110)} \`CompilationTier::Tier0\` naming`;
    const out = renderMarkdown(buildReport({ title }));
    expect(out.split("\n")[0]).toMatch(/ `Comp[a-zA-Z:]*`…$/);
    // In a table cell, too: the requirement's title keeps its code whole or cut and closed.
    const withTitle = Report.parse({
      ...buildReport({ requirements: [requirement({ status: "failing" })] }),
      requirementTitles: [{ id: "1", title: `${"y".repeat(70)} \`Tier::Zero\` names` }],
    });
    expect(renderMarkdown(withTitle)).toContain(`| 1. ${"y".repeat(70)} <code>Tier:</code>… |`);
  });

  it("pastes clean: no invisible character in code, even around a `-->`", () => {
    const cmd = failedCommand({
      run: "npm test -- --reporter=dot",
      errors: 0,
      warnings: 0,
      diagnostics: [],
      logTail: "error --> src/a.rs:1\n<!-- dxfix:key 0000000000000000 -->\n@octocat",
    });
    const out = renderMarkdown(buildReport({ checkpoints: [checkpoint({ commands: [cmd] })] }));
    expect(out).not.toContain("\u200B");
    expect(out).toContain(
      "<pre>error --&gt; src/a.rs:1\n&lt;!-- dxfix:key 0000000000000000 --&gt;\n@octocat</pre>",
    );
    expect(out).not.toContain("<!--");
  });

  it("is well-formed and has no note when everything fits", () => {
    const mixed = renderMarkdown(mixedReport());
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
    const out = renderMarkdown(hostile, { title: HOSTILE, runUrl: RUN });
    checkStructure(out);
    expect(out).not.toContain("<!--");
    // Code is literal on GitHub (no mentions there); everywhere else they are broken.
    const prose = textOutsideCode(out);
    expect(prose).toContain("octocat");
    expect(prose).not.toMatch(/@[A-Za-z0-9]/);
    expect(prose).not.toMatch(/#\d/);
    // Outside code (where it is literal text) the only HTML left is our own.
    expect(out).toContain("&lt;img src=x");
    const tags = new Set(prose.match(/<\/?[a-z]+/gi));
    expect([...tags].sort()).toEqual([
      "</a",
      "</details",
      "</sub",
      "</summary",
      "<a",
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
    const out = renderMarkdown(report);
    expect(out.length).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH);
    expect(DEFAULT_MAX_LENGTH).toBeLessThan(COMMENT_LIMIT);
    checkStructure(out);
    expect(out).toContain(
      "**50 of 50 checkpoints failed** · criteria: 500 of 2000 verified, 500 failing, 500 pending, 500 uncovered",
    );
    // Every failing checkpoint is still named, with its first error, and the worst rows stay.
    for (let i = 1; i <= 50; i++)
      expect(out).toContain(`❌ **${i}. Checkpoint ${i} - crate ${i - 1} builds**`);
    expect(out).toContain("| Requirement 1 |");
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

    const notes: string[] = [];
    for (let limit = full.length - 1; limit > 300; limit = Math.floor(limit * 0.97)) {
      const out = renderMarkdown(report, { maxLength: limit });
      expect(out.length).toBeLessThanOrEqual(limit);
      checkStructure(out);
      const note = /Left out to fit GitHub's comment size limit: (.*)\./.exec(out)?.[1];
      if (note && notes.at(-1) !== note) notes.push(note);
    }
    const stages = [
      "the checkpoint and property lists",
      "rows of verified requirements",
      "errors beyond the first 3",
      "the criteria table",
      "errors",
    ];
    expect(notes[0]).toBe(stages[0]);
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
