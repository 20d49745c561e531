// Spec Kit checkpoints that can run (issue 13, item 7): a phase's checkpoint is gated by
// its verification tasks and its Independent Test line; nested items are sub-tasks.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlan, setTaskState, traceCriteria } from "../../src/plan/index.ts";

const text = readFileSync(
  new URL("../fixtures/commands/speckit-gated.md", import.meta.url),
  "utf8",
);
const plan = parsePlan(text, { path: "specs/002-log-parser/tasks.md" });
const group = (id: string) => plan.groups.find((g) => g.id === id);

describe("Spec Kit checkpoints with commands", () => {
  it("gates a phase's checkpoint by its verification tasks and Independent Test commands", () => {
    expect(plan.format).toBe("speckit");
    expect(group("cp2")?.commands.map((c) => [c.run, c.line])).toEqual([
      ["cargo clippy --all-targets -- -D warnings", 23],
      ["cargo test --workspace", 24],
      ["cargo test -p core parser", 16],
    ]);
    // `parseLine` on the same line is code, not a command.
    const independent = group("cp2")?.commands[2];
    expect(text.split("\n")[15]?.slice((independent?.column ?? 0) - 1)).toMatch(
      /^`cargo test -p core parser`/,
    );
  });

  it("leaves a prose checkpoint without commands, and says nothing new about it while earlier ones run", () => {
    expect(group("cp3")?.commands).toEqual([]);
    expect(group("cp4")?.commands).toEqual([]);
    const trace = traceCriteria(plan);
    const cp3 = trace.gates.find((g) => g.id === "cp3");
    expect(cp3?.inherited.map((c) => c.run)).toEqual([
      "cargo clippy --all-targets -- -D warnings",
      "cargo test --workspace",
      "cargo test -p core parser",
    ]);
    expect(plan.diagnostics.filter((d) => d.code === "checkpoint-without-command")).toEqual([]);
  });

  it("does not call a checkpoint unverifiable when an earlier one got its command from an Independent Test line", () => {
    const later = parsePlan(
      [
        "# Tasks: Users",
        "",
        "## Phase 1: User Story 1 (Priority: P1)",
        "",
        "**Independent Test**: run `npm test -- users`",
        "",
        "- [ ] T001 [US1] Add the users route in src/users.ts",
        "",
        "**Checkpoint**: User Story 1 works on its own",
        "",
        "## Phase 2: User Story 2 (Priority: P2)",
        "",
        "- [ ] T002 [US2] Add deactivation in src/users.ts",
        "",
        "**Checkpoint**: both stories work",
        "",
      ].join("\n"),
      { path: "specs/001-users/tasks.md" },
    );
    const gates = later.groups.filter((g) => g.kind === "checkpoint");
    expect(gates.map((g) => g.commands.map((c) => c.run))).toEqual([["npm test -- users"], []]);
    expect(later.diagnostics.filter((d) => d.code === "checkpoint-without-command")).toEqual([]);
  });

  it("reads nested checkbox items as sub-tasks of their task, with editable boxes", () => {
    const tasks = group("2")?.tasks ?? [];
    expect(tasks.map((t) => [t.id, t.parent, t.state])).toEqual([
      ["T003", null, "done"],
      ["T003.1", "T003", "done"],
      ["T003.2", "T003", "todo"],
      ["T004", null, "todo"],
      ["T005", null, "todo"],
    ]);
    expect(tasks[2]?.title).toBe("Handle multi-line stack traces");
    const edited = setTaskState(text, plan, "T003.2", "done");
    expect(edited.replace("  - [x] Handle multi", "  - [ ] Handle multi")).toBe(text);
  });

  it("keeps a checkpoint's own command and does not repeat it", () => {
    const own = parsePlan(
      [
        "## Phase 1: Core",
        "",
        "**Independent Test**: `npm test` passes",
        "",
        "- [ ] T001 Run `npm test`",
        "",
        "**Checkpoint**: `npm test` passes",
      ].join("\n"),
    );
    expect(own.groups[1]?.commands.map((c) => [c.run, c.line])).toEqual([["npm test", 7]]);
  });

  it("runs the whole command a checkpoint names after a colon, with its phase's gates", () => {
    const colon = parsePlan(
      [
        "## Phase 1: Load",
        "",
        "- [ ] T001 Load rows in src/load.py",
        "- [ ] T002 Run `ruff check src`",
        "",
        "**Checkpoint**: Loads a day end to end: `pytest tests/integration -q`",
      ].join("\n"),
    );
    expect(colon.groups[1]?.commands.map((c) => [c.run, c.line])).toEqual([
      ["ruff check src", 4],
      ["pytest tests/integration -q", 6],
    ]);
  });

  it("warns about a first checkpoint that still has nothing to run", () => {
    const bare = parsePlan(
      [
        "## Phase 1: Core",
        "",
        "- [ ] T001 Write the parser",
        "",
        "**Checkpoint**: parser done",
      ].join("\n"),
    );
    expect(bare.diagnostics.map((d) => d.code)).toContain("checkpoint-without-command");
  });
});
