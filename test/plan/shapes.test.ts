// Plans as people write them (issue 13 items 2-4): heading plans, status fields written
// back in their own words, checklists, cancelled and archived tasks.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { advanceGroup, parsePlan, setTaskState } from "../../src/plan/index.ts";
import { present } from "./present.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url), "utf8");
const tree = (text: string) =>
  parsePlan(text).groups.map(
    (g) => `${g.id} ${g.kind} ${g.state}: ${g.tasks.map((t) => `${t.id}=${t.state}`).join(" ")}`,
  );

describe("heading plans", () => {
  const text = fixture("heading-status.md");
  const plan = parsePlan(text, { path: "tasks.md" });

  it("reads groups and tasks from headings, states from Status fields", () => {
    expect(tree(text)).toEqual([
      "1 work done: ",
      "2 work in_progress: 2.1=todo",
      "3 checkpoint todo: ",
      "17b work todo: ",
    ]);
    expect(plan.groups.map((g) => g.title)).toEqual([
      "Set up the project",
      "Parse notes",
      "Checkpoint - Ensure `npm test` passes",
      "Late addition",
    ]);
    expect(plan.groups.map((g) => g.requirements)).toEqual([["1.1", "1.4"], ["2.1"], [], ["3.1"]]);
    expect(plan.groups[1]?.tasks[0]?.requirements).toEqual(["2.2"]);
    expect(plan.groups[2]?.commands.map((c) => c.run)).toEqual(["npm test"]);
  });

  it("writes progress back into the Status field, byte for byte", () => {
    const edited = setTaskState(text, plan, "2.1", "done");
    expect(edited).toBe(
      text.replace(
        "- **Status**: pending\n- **Requirements**: 2.2",
        "- **Status**: done\n- **Requirements**: 2.2",
      ),
    );
    const advanced = advanceGroup(text, plan, "2", "done");
    expect(advanced).toBe(
      text
        .replace("- **Status**: In progress", "- **Status**: Done")
        .replace(
          "- **Status**: pending\n- **Requirements**: 2.2",
          "- **Status**: done\n- **Requirements**: 2.2",
        ),
    );
    expect(tree(advanced)[1]).toBe("2 work done: 2.1=done");
    const started = advanceGroup(text, plan, "17b", "in_progress");
    expect(started).toBe(text.replace("**Status:** Not started", "**Status:** In progress"));
  });

  it("reads `## Phase N` groups with `N.M:` items, and checklists apart", () => {
    const boxes = fixture("heading-boxes.md");
    const p = parsePlan(boxes);
    expect(tree(boxes)).toEqual([
      "1 work done: 1.1=done 1.2=done",
      "2 work in_progress: 2.1=in_progress 2.2=todo",
      "3 checkpoint todo: 3.1=todo",
    ]);
    expect(p.groups[0]?.tasks.map((t) => t.title)).toEqual([
      "Create the repository",
      "Add the linter",
    ]);
    expect(p.checklists.map((c) => [c.text, c.state, c.section])).toEqual([
      ["All endpoints documented", "todo", "Acceptance"],
      ["Store has tests", "done", "Acceptance"],
      ["CI is green", "todo", "Definition of Done"],
      ["Docs updated", "todo", "Definition of Done"],
    ]);
  });

  it("reads `## Phase 1` over `### Task 1` headings with the tasks as groups", () => {
    const text =
      "## Phase 1: Setup\n\n### Task 1: Init\n- [ ] 1.1 a\n\n### Task 2: Config\n- [x] 2.1 b\n\n## Phase 2: Core\n\n### Task 3: Store\n- [ ] 3.1 c\n";
    expect(tree(text)).toEqual([
      "1 work todo: 1.1=todo",
      "2 work done: 2.1=done",
      "3 work todo: 3.1=todo",
    ]);
  });

  it("keeps a list plan under phase headings as it was", () => {
    const text =
      "## Phase 1: Setup\n\n- [ ] 1. Init\n  - [ ] 1.1 a\n\n## Phase 2\n\n- [ ] 2. Core\n";
    expect(tree(text)).toEqual(["1 work todo: 1.1=todo", "2 work todo: "]);
  });
});

describe("checklists", () => {
  it("are unnumbered checkboxes of a numbered plan", () => {
    const plan = parsePlan(
      "- [ ] 1. Build\n  - [ ] 1.1 Write it\n\n## Completion criteria\n\n- [x] All tests pass\n- [ ] 覆盖率达标\n",
    );
    expect(plan.groups.map((g) => g.id)).toEqual(["1"]);
    expect(plan.checklists.map((c) => [c.text, c.state, c.line])).toEqual([
      ["All tests pass", "done", 6],
      ["覆盖率达标", "todo", 7],
    ]);
  });

  it("stay tasks in a plan whose tasks are all unnumbered", () => {
    const plan = parsePlan("- [ ] Write the parser\n- [x] Write the tests\n");
    expect(plan.groups.map((g) => [g.id, g.title, g.state])).toEqual([
      ["1", "Write the parser", "todo"],
      ["2", "Write the tests", "done"],
    ]);
    expect(plan.checklists).toEqual([]);
  });
});

describe("cancelled and archived tasks", () => {
  it("sets struck-through tasks aside, with their sub-tasks", () => {
    const plan = parsePlan(
      "- [ ] 1. Live\n- [ ] ~~2. Dropped idea~~\n  - [ ] 2.1 Part of it\n- ~~[x] 3. Also dropped~~\n- [ ] 4. Live again\n  - [ ] ~~4.1 Not this~~\n  - [ ] 4.2 This\n",
    );
    expect(tree("- [ ] 1. Live\n- [ ] ~~2. Dropped idea~~\n")).toEqual(["1 work todo: "]);
    expect(plan.groups.map((g) => [g.id, g.tasks.map((t) => t.id)])).toEqual([
      ["1", []],
      ["4", ["4.2"]],
    ]);
    expect(plan.cancelled).toEqual([
      { id: "2", title: "Dropped idea", line: 2 },
      { id: "2.1", title: "Part of it", line: 3 },
      { id: "3", title: "Also dropped", line: 4 },
      { id: "4.1", title: "Not this", line: 6 },
    ]);
  });

  it("sets archived sections aside; a live duplicate group is a warning and the first stays", () => {
    const text = [
      "## Tasks",
      "- [ ] 1. New work",
      "  - [ ] 1.1 Do it",
      "## Previously completed tasks",
      "- [x] 1. Old work",
      "  - [x] 1.1 Done long ago",
      "## More",
      "- [ ] 2. Next",
      "- [ ] 2. Next, written again",
      "",
    ].join("\n");
    const plan = parsePlan(text, { path: "tasks.md" });
    expect(plan.groups.map((g) => `${g.id} ${g.title}`)).toEqual(["1 New work", "2 Next"]);
    expect(plan.archived).toEqual([
      { id: "1", title: "Old work", line: 5 },
      { id: "1.1", title: "Done long ago", line: 6 },
    ]);
    const dup = present(
      plan.diagnostics.find((d) => d.code === "duplicate-id"),
      "a duplicate",
    );
    expect([dup.severity, dup.line]).toEqual(["warning", 9]);
  });
});

describe("group state and duplicates", () => {
  it("an empty group box leaves the state to its tasks, and advancing still ticks it", () => {
    const text = "- [ ] 1. Build\n  - [x] 1.1 a\n  - [ ] 1.2 b\n";
    const plan = parsePlan(text);
    expect(plan.groups[0]?.state).toBe("in_progress");
    const done = advanceGroup(text, plan, "1", "done");
    expect(done).toBe("- [x] 1. Build\n  - [x] 1.1 a\n  - [x] 1.2 b\n");
  });

  it("a task written twice in its group: the first stays", () => {
    const plan = parsePlan("- [ ] 1. A\n  - [x] 1.1 first\n  - [ ] 1.1 again\n  - [ ] 1.2 next\n");
    expect(plan.groups[0]?.tasks.map((t) => `${t.id} ${t.title}`)).toEqual([
      "1.1 first",
      "1.2 next",
    ]);
    expect(
      setTaskState("- [ ] 1. A\n  - [x] 1.1 first\n  - [ ] 1.1 again\n", plan, "1.1", "todo"),
    ).toBe("- [ ] 1. A\n  - [ ] 1.1 first\n  - [ ] 1.1 again\n");
  });

  it("a task that names a tool in its work is work, not verification", () => {
    const plan = parsePlan(
      "- [ ] 1. CLI\n  - [ ] 1.1 Create the entry point with `typer`\n- [ ] 2. Checks\n  - [ ] 2.1 Run the tests\n    - Run `pytest -q`\n",
    );
    expect(plan.groups.map((g) => g.kind)).toEqual(["work", "verification"]);
  });
});
