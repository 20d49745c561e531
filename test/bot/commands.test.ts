import { describe, expect, it } from "vitest";
import { COMMANDS, helpText, parseCommands } from "../../src/bot/commands/index.ts";
import { fixSummary, statusSummary } from "../../src/bot/commands/status.ts";
import { failureComment } from "../../src/bot/failures.ts";
import { branchName, prTitle, slug, specOf } from "../../src/bot/naming.ts";
import { prMarker, readPrMarker } from "../../src/github/markers.ts";
import { STATUS } from "../../src/report/status.ts";
import { sampleReport } from "../helpers/report.ts";
import { demoFailure } from "./setup.ts";

describe("parseCommands", () => {
  it("finds commands at line start, with arguments", () => {
    expect(parseCommands("Looks flaky.\n/dxfix retry 3\n  /dxfix status")).toEqual([
      { name: "retry", args: { checkpoint: "3" } },
      { name: "status", args: {} },
    ]);
    expect(parseCommands("/dxfix")).toEqual([{ name: "help", args: {} }]);
    expect(parseCommands("/DXFIX Plan\r\n")).toEqual([{ name: "plan", args: {} }]);
    expect(parseCommands("/dxfix rerun")).toEqual([{ name: "retry", args: { checkpoint: null } }]);
    expect(parseCommands("/dxfix frobnicate")).toEqual([{ name: null, verb: "frobnicate" }]);
  });

  it("ignores commands inside text, quotes and fences", () => {
    expect(parseCommands("please run /dxfix retry")).toEqual([]);
    expect(parseCommands("> /dxfix retry")).toEqual([]);
    expect(parseCommands("```\n/dxfix retry\n```")).toEqual([]);
    expect(parseCommands("~~~md\n/dxfix retry\n~~~\n/dxfix help")).toEqual([
      { name: "help", args: {} },
    ]);
    // A ``` line does not close a ~~~ fence, and a longer fence needs a longer close.
    expect(parseCommands("~~~\n```\n/dxfix retry\n")).toEqual([]);
    expect(parseCommands("````\n```\n/dxfix retry\n````\n/dxfix status")).toEqual([
      { name: "status", args: {} },
    ]);
    expect(parseCommands("    /dxfix retry")).toEqual([]); // indented code block
    expect(parseCommands("/dxfix retry now please")).toEqual([]);
  });

  it("ignores commands inside HTML comments, on one line or several", () => {
    expect(parseCommands("<!-- /dxfix retry -->")).toEqual([]);
    expect(parseCommands("<!--\n/dxfix retry\n-->")).toEqual([]);
    expect(parseCommands("hidden <!-- note\n\n/dxfix retry\n\nstill hidden -->")).toEqual([]);
    expect(parseCommands("  <!--\n```\n-->\n/dxfix retry\n-->")).toEqual([
      { name: "retry", args: { checkpoint: null } },
    ]);
    // Once the comment closes, the next line is text again; empty comments close at once.
    expect(parseCommands("<!-- a\nb -->\n/dxfix status")).toEqual([{ name: "status", args: {} }]);
    expect(parseCommands("<!-->\n/dxfix status\n<!--->\n/dxfix plan")).toEqual([
      { name: "status", args: {} },
      { name: "plan", args: {} },
    ]);
    // A comment opener inside a fence is code, not a comment.
    expect(parseCommands("```\n<!--\n```\n/dxfix help")).toEqual([{ name: "help", args: {} }]);
  });

  it("ignores commands in a quote's lazy continuation lines", () => {
    expect(parseCommands("> you said\n/dxfix retry")).toEqual([]);
    expect(parseCommands("> > nested\ntext\n/dxfix retry")).toEqual([]);
    // A blank line ends the quote; so does an empty quote line (no paragraph to continue).
    expect(parseCommands("> you said\n\n/dxfix retry")).toEqual([
      { name: "retry", args: { checkpoint: null } },
    ]);
    expect(parseCommands("> you said\n>\n/dxfix status")).toEqual([{ name: "status", args: {} }]);
  });

  it("keeps a repeated command once", () => {
    expect(parseCommands("/dxfix retry\n/dxfix retry")).toEqual([
      { name: "retry", args: { checkpoint: null } },
    ]);
    // The argument of a command that takes none does not make it another command.
    expect(parseCommands("/dxfix status\n/dxfix status now")).toEqual([
      { name: "status", args: {} },
    ]);
  });
});

describe("naming and markers", () => {
  it("derives branch, title and spec", () => {
    expect(specOf(".kiro/specs/dx-py-runtime-compilation-fix/tasks.md")).toBe(
      "dx-py-runtime-compilation-fix",
    );
    expect(slug("Fix OSR methods (can_osr and do_osr)")).toBe("fix-osr-methods-can-osr-and-do-osr");
    expect(slug("Ünïcode — and a very long title that keeps going on and on")).toBe(
      "unicode-and-a-very-long-title-that-keeps",
    );
    expect(branchName("dxfix/", "demo", "2", "Fix JIT Integration Module")).toBe(
      "dxfix/demo/2-fix-jit-integration-module",
    );
    expect(branchName("bots", "my spec", "1", "!!!")).toBe("bots/my-spec/1-group");
    expect(prTitle("demo", "2", "Fix JIT")).toBe("demo: 2. Fix JIT");
  });

  it("round-trips the PR state marker, even with -- in values", () => {
    const state = { spec: "a--b", group: "3", plan: "x/--/tasks.md" };
    const marker = prMarker(state);
    expect(marker.slice(4, -3)).not.toContain("--");
    expect(readPrMarker(`text\n${marker}\nmore`)).toEqual(state);
    expect(readPrMarker("<!-- dxfix:pr {bad json} -->")).toBeNull();
  });
});

describe("the command table", () => {
  it("gives every row a unique verb and a help line, in the help list's order", () => {
    const verbs = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    expect(new Set(verbs).size).toBe(verbs.length);
    expect(helpText().split("\n")).toEqual(COMMANDS.map((c) => `- \`${c.usage}\`: ${c.help}`));
    expect(COMMANDS.map((c) => c.name)).toEqual(["fix", "retry", "status", "plan", "help"]);
  });
});

describe("status words in the bot's comments", () => {
  const statuses = ["passed", "failed", "timeout", "error", "not_run"] as const;
  const report = sampleReport((r) => {
    const [first] = r.checkpoints;
    if (!first) throw new Error("sample report without a checkpoint");
    r.checkpoints = statuses.map((status, i) => ({
      ...first,
      id: String(i + 1),
      title: `Gate ${i + 1}`,
      status,
    }));
    // Every one of them gates the PR's group (group 1).
    for (const g of r.groups) if (g.id === "1") g.gates = r.checkpoints.map((c) => c.id);
  });

  it("/dxfix status shows each checkpoint with the report's icon and label", () => {
    const summary = statusSummary(report);
    statuses.forEach((status, i) => {
      const { icon, label } = STATUS[status];
      expect(summary).toContain(`- ${icon} **${i + 1}** Gate ${i + 1}: ${label}`);
    });
    // The icons that used to disagree with the checklist comment.
    expect(summary).toContain("- 💥 **4** Gate 4: error");
    expect(summary).toContain("- ⏳ **5** Gate 5: not run");
  });

  it("the failure comment names each failed checkpoint the same way", () => {
    const body = demoFailure(report, "c".repeat(40));
    expect(body).toContain("❌ **2. Gate 2**: failed");
    expect(body).toContain("⏱️ **3. Gate 3**: timed out");
    expect(body).toContain("💥 **4. Gate 4**: error");
    // Passed and not-run checkpoints are not failures.
    expect(body).not.toContain("Gate 1");
    expect(body).not.toContain("Gate 5");
  });
});

describe("the failure comment and the plan's later groups", () => {
  const report = sampleReport((r) => {
    const [first] = r.checkpoints;
    if (!first) throw new Error("sample report without a checkpoint");
    r.groups = [
      {
        id: "1",
        title: "Core",
        kind: "work",
        state: "in_progress",
        gates: ["2"],
        status: "failed",
      },
      { id: "3", title: "Later", kind: "work", state: "todo", gates: ["4"], status: "failed" },
    ];
    r.checkpoints = [
      { ...first, id: "2", title: "Own gate", status: "failed" },
      { ...first, id: "4", title: "Later gate", status: "failed" },
    ];
  });

  it("asks to fix only the PR's own gates and names later groups' as information", () => {
    const body = demoFailure(report, "d".repeat(40));
    expect(body).toContain("### dxfix: checkpoint 2 failed");
    expect(body).toContain("Also failing, for later task groups (information only): 4.");
    expect(body).not.toContain("Later gate");
  });

  it("frames a failure after a fix run as a question, with what the fixer tried", () => {
    const body = failureComment({
      state: { spec: "demo", group: "1", plan: "tasks.md" },
      sha: "e".repeat(40),
      branch: "dxfix/demo/1-core",
      report,
      url: null,
      fixer: true,
      fixLog: {
        run: 2,
        plan: "tasks.md",
        group: "1",
        status: "changed",
        passed: false,
        commit: "e".repeat(40),
        base: "f".repeat(40),
        attempts: [
          {
            attempt: 0,
            fixer: "plan-edits",
            changedFiles: 1,
            refused: [],
            gates: { "2": "failed" },
          },
          { attempt: 1, fixer: "passed", changedFiles: 2, refused: [], gates: { "2": "failed" } },
        ],
        stop: "3 attempts used",
        stat: " src/a.rs | 2 +-",
        edits: [],
        said: "QUESTION: pool or reactor? @octocat",
      },
    });
    expect(body).toContain(
      "### dxfix needs your input: checkpoint 2 still fails on eeeeeee after fix run 2",
    );
    expect(body).toContain("- attempt 1 (the fixer exited 0): 2 files changed, then 2 failed");
    expect(body).toContain("QUESTION: pool or reactor?");
    expect(body).toContain("comment `/dxfix fix`");
    // The fixer's words are quoted in a code block: no mention reaches anyone.
    expect(body).toMatch(/```text\nQUESTION: pool or reactor\? @octocat\n```/);
  });
});

describe("/dxfix status and fix runs", () => {
  it("sums up the latest fix run and its attempts", () => {
    const text = fixSummary({
      run: 3,
      plan: "tasks.md",
      group: "4",
      status: "unchanged",
      passed: false,
      commit: null,
      base: "a".repeat(40),
      attempts: [
        { attempt: 0, fixer: "plan-edits", changedFiles: 0, refused: [], gates: {} },
        { attempt: 1, fixer: "passed", changedFiles: 0, refused: [], gates: {} },
      ],
      stop: "attempt 1 changed nothing",
      stat: "",
      edits: [],
      said: "",
    });
    expect(text).toBe(
      "Fix run 3 (task group 4): unchanged; 1 attempt; stopped: attempt 1 changed nothing.\n- attempt 1: the fixer exited 0, 0 files changed",
    );
  });
});
