// The damaged seed plan must read as its canonical structure (issue 2, item 3).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gatesOf, lintPlan, parsePlan, traceCriteria } from "../../src/plan/index.ts";
import { present } from "./present.ts";

const text = readFileSync(new URL("../fixtures/plans/seed-flattened.md", import.meta.url), "utf8");
const plan = parsePlan(text, { path: "seed.md" });

describe("the flattened seed plan", () => {
  it("recovers 8 groups numbered 1-8 with their kinds", () => {
    expect(plan.repaired).toBe(true);
    expect(plan.groups.map((g) => `${g.id}:${g.kind}`)).toEqual([
      "1:work",
      "2:work",
      "3:checkpoint",
      "4:work",
      "5:checkpoint",
      "6:work",
      "7:verification",
      "8:checkpoint",
    ]);
    expect(plan.groups[2]?.title).toBe("Checkpoint - Verify JIT Integration Compiles");
    expect(plan.groups[4]?.title).toBe("Checkpoint - Verify Async Integration Compiles");
    expect(plan.groups[7]?.title).toBe("Final Checkpoint");
  });

  it("has 24 sub-tasks with their ids", () => {
    const ids = plan.groups.flatMap((g) => g.tasks.map((t) => t.id));
    expect(ids).toHaveLength(24);
    expect(ids.slice(0, 3)).toEqual(["1.1", "2.1", "2.2"]);
    expect(plan.groups[1]?.tasks).toHaveLength(12);
    expect(plan.groups[3]?.tasks.map((t) => t.id)).toEqual(["4.1", "4.2", "4.3", "4.4", "4.5"]);
  });

  it("splits the glued title of task 1.1", () => {
    const t = present(plan.groups[0]?.tasks[0], "task 1.1");
    expect(t.title).toBe("Add dx-py-reactor dependency to dx-py-interpreter Cargo.toml");
    expect(t.details[0]).toMatch(/^Add `dx-py-reactor = \{ path = "..\/dx-py-reactor" \}`/);
    expect(t.requirements).toEqual(["1.1", "1.2"]);
  });

  it("references exactly the 30 criteria of the facts", () => {
    const trace = traceCriteria(plan);
    expect(trace.criteria.map((c) => c.id)).toEqual(
      "1.1 1.2 2.2 2.3 3.1 3.2 3.3 3.4 4.1 4.2 4.3 5.1 5.2 5.3 6.1 6.2 6.3 6.4 7.1 7.2 7.3 7.4 8.1 8.2 8.3 9.1 9.2 9.3 10.1 10.2".split(
        " ",
      ),
    );
  });

  it("finds properties 1-3 with what they validate", () => {
    const props = plan.groups.flatMap((g) => g.tasks.flatMap((t) => t.properties));
    expect(props.map((p) => [p.id, p.title, p.validates])).toEqual([
      ["1", "Function ID Mapping Consistency", ["5.2"]],
      ["2", "Tier Tracking Consistency", ["4.1", "4.2", "4.3"]],
      ["3", "Tier Promotion Monotonicity", ["4.1", "4.2", "4.3"]],
    ]);
  });

  it("restores the commands and their flags, with working directories", () => {
    const gates = gatesOf(plan);
    expect(gates.map((g) => [g.id, g.commands.map((c) => [c.run, c.cwd])])).toEqual([
      ["3", [["cargo build -p dx-py-interpreter", null]]],
      ["5", [["cargo build -p dx-py-interpreter", null]]],
      ["7.1", [["cargo build --release", "dx-py-runtime"]]],
      ["7.2", [["cargo test --lib", "dx-py-runtime"]]],
      ["7.3", [["cargo test --lib -p dx-py-jit", null]]],
      ["7.4", [["cargo test --lib -p dx-py-interpreter", null]]],
      ["8", []],
    ]);
    // The final checkpoint names no command: it verifies with the 5 distinct ones before it.
    expect(gates[6]?.inherited.map((c) => c.run)).toEqual([
      "cargo build -p dx-py-interpreter",
      "cargo build --release",
      "cargo test --lib",
      "cargo test --lib -p dx-py-jit",
      "cargo test --lib -p dx-py-interpreter",
    ]);
  });

  it("traces criteria to the checkpoint after their group, or to the verification task", () => {
    const trace = traceCriteria(plan);
    const by = (id: string) =>
      present(
        trace.criteria.find((c) => c.id === id),
        `criterion ${id}`,
      );
    expect(by("1.1").checkpoints).toEqual(["3"]);
    expect(by("8.1").checkpoints).toEqual(["5"]);
    expect(by("9.1").checkpoints).toEqual(["7.1"]);
    expect(by("10.2").tasks).toEqual(["6.1", "6.2", "7.2", "7.4"]);
    expect(by("10.2").checkpoints).toEqual(["8", "7.2", "7.4"]);
    expect(by("5.2").properties).toEqual(["1"]);
  });

  it("reports each repair as info, and nothing worse", () => {
    const diags = lintPlan(plan);
    expect(diags.filter((d) => d.severity !== "info")).toEqual([]);
    const codes = new Set(diags.map((d) => d.code));
    for (const code of [
      "flattened-plan",
      "repaired-group",
      "repaired-number",
      "repaired-split",
      "repaired-title",
    ]) {
      expect(codes).toContain(code);
    }
    const split = diags.find((d) => d.code === "repaired-split");
    expect(split).toMatchObject({ file: "seed.md", line: 73 });
  });
});

describe("a flat plan written without boxes", () => {
  it("keeps the group numbers it has", () => {
    const plan = parsePlan(
      "- 1. Setup\n- 1.1 Create the layout\n- Requirements: 1.1\n- 2. Checkpoint - Run `make`\n- 3. Build\n- 3.1 Write it\n",
    );
    expect(
      plan.groups.map((g) => [g.id, g.kind, g.title, g.tasks.map((t) => t.id).join(" ")]),
    ).toEqual([
      ["1", "work", "Setup", "1.1"],
      ["2", "checkpoint", "Checkpoint - Run `make`", ""],
      ["3", "work", "Build", "3.1"],
    ]);
    expect(gatesOf(plan)[0]?.commands.map((c) => c.run)).toEqual(["make"]);
  });
});
