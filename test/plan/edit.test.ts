import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  PlanEditError,
  parsePlan,
  setGroupState,
  setTaskState,
  type TaskState,
} from "../../src/plan/index.ts";
import { present } from "./present.ts";

const canonical = readFileSync(new URL("../fixtures/plans/canonical.md", import.meta.url), "utf8");
const seed = readFileSync(new URL("../fixtures/plans/seed-flattened.md", import.meta.url), "utf8");

/** Indices where two equal-length strings differ. */
function diffAt(a: string, b: string): number[] {
  expect(b.length).toBe(a.length);
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(i);
  return out;
}

const variants: Record<string, (s: string) => string> = {
  lf: (s) => s,
  crlf: (s) => s.replace(/\n/g, "\r\n"),
  cr: (s) => s.replace(/\n/g, "\r"),
  tabs: (s) => s.replace(/^( {2})+/gm, (m) => "\t".repeat(m.length / 2)),
  trailing: (s) => s.replace(/\n/g, "  \n"),
};

describe("lossless edits", () => {
  for (const [name, variant] of Object.entries(variants)) {
    it(`changes only the checkbox characters (${name})`, () => {
      const text = variant(canonical);
      const plan = parsePlan(text);
      expect(plan.groups).toHaveLength(6);
      const edited = setTaskState(text, plan, "4.1", "in_progress");
      const changed = diffAt(text, edited);
      expect(changed).toEqual([plan.groups[3]?.tasks[0]?.box?.offset]);
      expect(edited[present(changed[0], "a changed offset")]).toBe("-");
      expect(parsePlan(edited).groups[3]?.tasks[0]?.state).toBe("in_progress");
    });
  }

  it("sets a whole group, its own box included, keeping non-ASCII intact", () => {
    const plan = parsePlan(canonical);
    const edited = setGroupState(canonical, plan, "2", "done");
    const g = present(plan.groups[1], "group 2");
    const boxes = [g.box, ...g.tasks.map((t) => t.box)]
      .map((b) => present(b, "a checkbox").offset)
      .sort((a, b) => a - b);
    // 2.1 is already done: only the others change.
    expect(diffAt(canonical, edited)).toEqual(boxes.filter((o) => canonical[o] !== "x"));
    const after = parsePlan(edited);
    expect(after.groups[1]?.state).toBe("done");
    expect(after.groups[1]?.tasks.every((t) => t.state === "done")).toBe(true);
    expect(edited).toContain("“smart quotes” and émojis ☕");
  });

  it("keeps an existing [X] as it is when marking done", () => {
    const plan = parsePlan(canonical);
    expect(setGroupState(canonical, plan, "1", "done")).toBe(canonical);
  });

  it("refuses tasks without a checkbox and unknown ids, with a clear message", () => {
    const plan = parsePlan(seed);
    expect(() => setTaskState(seed, plan, "2.1", "done")).toThrow(PlanEditError);
    expect(() => setTaskState(seed, plan, "2.1", "done")).toThrow(
      /task 2.1 \(line 14\) has no checkbox/,
    );
    expect(() => setTaskState(canonical, parsePlan(canonical), "9.9", "done")).toThrow(
      /no task 9.9/,
    );
  });

  it("refuses to edit a text that changed since it was parsed", () => {
    const plan = parsePlan(canonical);
    expect(() => setTaskState(`x${canonical}`, plan, "4.1", "done")).toThrow(
      /changed since it was parsed/,
    );
  });
});

describe("properties", () => {
  const state = fc.constantFrom<TaskState>("todo", "in_progress", "done");
  // Lines that look like plan pieces, mixed with noise, in random order and indentation.
  const piece = fc.oneof(
    fc.constantFrom(
      "- [ ] 1. Group",
      "  - [x] 1.1 Task",
      "  - [-] 2.1 Task `code",
      "- [ ]* 3. Checkpoint - Ensure `npm test` passes",
      "    - _Requirements: 1.1, 2.3-2.5_",
      "    - **Property 1: P**",
      "- -Checkpoint",
      "- 2.2 Flattened",
      "```bash",
      "~~~",
      "# Title",
      "  - Run `make` in build directory",
      "\t- [X] 4.1 tab",
      "## Phase 2: Spec Kit",
      "- [ ] T001 [P] [US1] Spec Kit task (FR-001)",
      "**Checkpoint**: `npm test` passes",
      "",
    ),
    fc.string({ maxLength: 40 }),
  );
  const doc = fc
    .tuple(fc.array(piece, { maxLength: 40 }), fc.constantFrom("\n", "\r\n", "\r"))
    .map(([lines, eol]) => lines.join(eol));

  it("never throws and keeps every position inside the input", () => {
    fc.assert(
      fc.property(fc.oneof(doc, fc.string({ maxLength: 400 })), (text) => {
        const plan = parsePlan(text);
        const lines = text.split(/\r\n|\n|\r/).length;
        const inside = (line: number, column: number) =>
          line >= 1 && line <= lines && column >= 1 && column <= text.length + 1;
        for (const g of plan.groups) {
          expect(inside(g.line, g.column)).toBe(true);
          if (g.box) expect(text[g.box.offset - 1]).toBe("[");
          for (const t of g.tasks) {
            expect(inside(t.line, t.column)).toBe(true);
            if (t.box) expect(text[t.box.offset + 1]).toBe("]");
          }
        }
        for (const d of plan.diagnostics) expect(inside(d.line, d.column)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("an edit changes only its checkboxes and a re-parse sees the new state", () => {
    fc.assert(
      fc.property(doc, state, fc.nat(), (text, s, pick) => {
        const plan = parsePlan(text);
        const tasks = plan.groups.flatMap((g) => g.tasks).filter((t) => t.box);
        if (tasks.length === 0) return;
        const task = present(tasks[pick % tasks.length], "a task");
        if (plan.groups.flatMap((g) => g.tasks).filter((t) => t.id === task.id).length > 1) return;
        const edited = setTaskState(text, plan, task.id, s);
        const changed = diffAt(text, edited);
        expect(changed.every((i) => i === task.box?.offset)).toBe(true);
        const again = parsePlan(edited)
          .groups.flatMap((g) => g.tasks)
          .find((t) => t.box?.offset === task.box?.offset);
        expect(again?.state).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe("ambiguous ids", () => {
  const twice = [
    "- [ ] 1. First",
    "  - [ ] 1.1 Do it",
    "- [ ] 2. Second",
    "  - [ ] 1.1 Do it again",
    "- [ ] 2. Second again",
    "",
  ].join("\n");

  it("refuses to edit a task id written twice, naming the lines", () => {
    const plan = parsePlan(twice, { path: "tasks.md" });
    expect(() => setTaskState(twice, plan, "1.1", "done")).toThrow(
      "task id 1.1 is ambiguous: it is written 2 times (lines 2, 4)",
    );
  });

  it("refuses to edit a group id written twice", () => {
    const plan = parsePlan(twice, { path: "tasks.md" });
    expect(() => setGroupState(twice, plan, "2", "done")).toThrow(/task group 2 is ambiguous/);
  });
});
