// Degraded copies keep what survives (issue 13 item 9): `- * 2.6` stays optional, a
// `- -Checkpoint` + `- Title` split is one checkpoint, stray sub-tasks find their group.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/index.ts";

const text = readFileSync(
  new URL("../fixtures/plans/degraded-optional.md", import.meta.url),
  "utf8",
);

describe("a degraded copy", () => {
  const plan = parsePlan(text);

  it("keeps `- * 1.2` as an optional task with its property", () => {
    const t = plan.groups[0]?.tasks[1];
    expect([t?.id, t?.title, t?.optional]).toEqual(["1.2", "Write property test for server", true]);
    expect(t?.properties.map((p) => [p.id, p.validates])).toEqual([["1", ["1.1"]]]);
    expect(plan.groups[0]?.tasks[0]?.optional).toBe(false);
  });

  it("joins `- -Checkpoint` and `- Backend complete` into one checkpoint", () => {
    expect(plan.groups.map((g) => `${g.id} ${g.kind} ${g.title}`)).toEqual([
      "1 work Set up backend",
      "2 checkpoint Checkpoint - Backend complete",
      "3 work Build frontend",
      "4 checkpoint Final Checkpoint",
    ]);
  });

  it("joins a numbered checkpoint split the same way, and puts a stray sub-task back", () => {
    const p = parsePlan(
      "- 1. Work\n- 1.1 a\n- 2. Checkpoint\n- Backend complete\n- 3. More\n- 3.1 b\n- 1.2 c\n",
    );
    expect(
      p.groups.map((g) => `${g.id} ${g.title}: ${g.tasks.map((t) => t.id).join(" ")}`),
    ).toEqual(["1 Work: 1.1 1.2", "2 Checkpoint - Backend complete: ", "3 More: 3.1"]);
  });

  it("rejoins `-- -D` whether the split kept the option's dash or took it", () => {
    const command = (pieces: string) =>
      parsePlan(
        `- 1. Lint\n- 1.1 Run \`cargo clippy\n${pieces}\n`,
      ).groups[0]?.tasks[0]?.commands.map((c) => c.run);
    const expected = ["cargo clippy --all-targets -- -D warnings"];
    expect(command("- -all-targets\n- -\n- D warnings`")).toEqual(expected);
    expect(command("- -all-targets\n- -\n- -D warnings`")).toEqual(expected);
    // A long option keeps both dashes: `cargo test -- --nocapture`.
    expect(command("- -\n- -nocapture`")).toEqual(["cargo clippy -- --nocapture"]);
  });
});
