// The builder decides what a group is: a caller may state a checkpoint; otherwise a
// title naming a checkpoint makes one (Kiro's convention), else its tasks decide.
import { describe, expect, expectTypeOf, it } from "vitest";
import { type GroupDraft, PlanBuilder } from "../../src/plan/builder.ts";

const where = { line: 1, column: 1 };

describe("plan builder", () => {
  it("takes a stated checkpoint kind whatever the title says", () => {
    const b = new PlanBuilder("tasks.md");
    b.addGroup({
      id: "1",
      title: "Foundation ready: `npm test` passes",
      where,
      kind: "checkpoint",
    });
    b.addGroup({ id: "2", title: "Checkpoint - Ensure `make` succeeds", where });
    b.addGroup({ id: "3", title: "Write the parser", where });
    const plan = b.finish({ format: "test", title: null });
    expect(plan.groups.map((g) => [g.id, g.kind, g.commands.map((c) => c.run)])).toEqual([
      ["1", "checkpoint", ["npm test"]],
      ["2", "checkpoint", ["make"]],
      ["3", "work", []],
    ]);
  });

  it("changes drafts only through its operations", () => {
    const b = new PlanBuilder(null, false);
    const g = b.addGroup({ id: null, title: "Group", where });
    b.addDetail(g, "Next group title", where);
    expect(b.takeLastDetail(g, "something else")).toBe(false);
    expect(b.takeLastDetail(g, "Next group title")).toBe(true);
    b.addNote(g, "parallel [P]");
    b.setGroupId(g, "4");
    const plan = b.finish({ format: "kiro", title: "T", repaired: true });
    expect(plan).toMatchObject({ format: "kiro", title: "T", repaired: true });
    expect(plan.groups[0]).toMatchObject({ id: "4", kind: "work", details: ["parallel [P]"] });
    // Drafts are read-only outside the builder (checked by tsc, like every type).
    expectTypeOf(g.details).toEqualTypeOf<readonly string[]>();
    expectTypeOf<Pick<GroupDraft, "id">>().toEqualTypeOf<{ readonly id: string | null }>();
  });
});
