import { describe, expect, it } from "vitest";
import { COMMANDS, helpText, parseCommands } from "../../src/bot/commands/index.ts";
import { statusSummary } from "../../src/bot/commands/status.ts";
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
