// GitHub Spec Kit's tasks.md read into the same model: the proof that a new format is
// one more parser, with trace and lossless edits unchanged.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlan, setTaskState, traceCriteria } from "../../src/plan/index.ts";

const text = readFileSync(new URL("../fixtures/plans/speckit-tasks.md", import.meta.url), "utf8");
const plan = parsePlan(text, { path: "specs/001-photo-albums/tasks.md" });

describe("Spec Kit tasks.md", () => {
  it("reads phases as groups, checkpoint lines as checkpoints, T-ids as tasks", () => {
    expect(plan.format).toBe("speckit");
    expect(plan.title).toBe("Tasks: Photo Album Organizer");
    expect(
      plan.groups.map((g) => [g.id, g.kind, g.state, g.tasks.map((t) => t.id).join(" ")]),
    ).toEqual([
      ["1", "work", "done", "T001 T002"],
      ["2", "work", "in_progress", "T003 T004"],
      ["cp2", "checkpoint", "todo", ""],
      ["3", "work", "todo", "T005 T006 T007"],
      ["cp3", "checkpoint", "todo", ""],
    ]);
    expect(plan.groups[1]?.title).toBe("Foundational (Blocking Prerequisites)");
    // The checkpoint keeps the line's own title: it is a checkpoint by kind, not by name.
    expect(plan.groups[2]?.title).toBe(
      "Foundation ready - user story implementation can now begin",
    );
  });

  it("takes story labels and FR ids as references, and commands from task bullets and checkpoints", () => {
    const tasks = Object.fromEntries(plan.groups.flatMap((g) => g.tasks).map((t) => [t.id, t]));
    expect(tasks.T002?.title).toBe("Configure linting and formatting tools");
    expect(tasks.T003?.requirements).toEqual(["FR-001"]);
    expect(tasks.T006?.requirements).toEqual(["US1", "FR-002", "FR-003"]);
    expect(tasks.T004?.commands.map((c) => c.run)).toEqual(["npm test -- auth"]);
    expect(tasks.T007?.commands.map((c) => [c.run, c.source])).toEqual([
      ["npm run test:albums", "fence"],
    ]);
    expect(plan.groups[4]?.commands.map((c) => c.run)).toEqual(["npm test"]);
  });

  it("traces references to the checkpoint after their phase", () => {
    const trace = traceCriteria(plan);
    expect(trace.criteria.map((c) => [c.id, c.tasks, c.checkpoints])).toEqual([
      ["FR-001", ["T003"], ["cp2"]],
      ["FR-002", ["T006"], ["cp3"]],
      ["FR-003", ["T006"], ["cp3"]],
      ["US1", ["T005", "T006", "T007"], ["cp3"]],
    ]);
  });

  it("edits a task's box losslessly", () => {
    const edited = setTaskState(text, plan, "T005", "done");
    expect(edited.replace("- [x] T005", "- [ ] T005")).toBe(text);
    expect(parsePlan(edited).groups[3]?.tasks[0]?.state).toBe("done");
  });
});
