import { describe, expect, it } from "vitest";
import { groupsToTick } from "../../src/bot/progress.ts";
import { parsePlan } from "../../src/plan/index.ts";
import { sampleReport } from "../helpers/report.ts";
import { PLAN, PLAN_TEXT } from "./setup.ts";

/** The example plan with groups 1 and 2 merged at `[-]` and group 4 in its PR. */
function started(): ReturnType<typeof parsePlan> {
  let text = PLAN_TEXT;
  for (const id of ["1", "2", "4"]) {
    text = text.replace(new RegExp(`^- \\[ \\] ${id}\\. `, "m"), `- [-] ${id}. `);
  }
  return parsePlan(text, { path: PLAN });
}

function report(passing: string[]) {
  const gates: Record<string, string[]> = { "1": ["3"], "2": ["3"], "4": ["5"], "6": ["7.4", "8"] };
  return sampleReport((r) => {
    const [template] = r.checkpoints;
    if (!template) throw new Error("sample report without a checkpoint");
    r.groups = Object.entries(gates).map(([id, g]) => ({
      id,
      title: `group ${id}`,
      kind: "work" as const,
      state: "in_progress" as const,
      gates: g,
      status: "pending" as const,
    }));
    r.checkpoints = ["3", "5", "7.4", "8"].map((id) => ({
      ...template,
      id,
      status: passing.includes(id) ? ("passed" as const) : ("failed" as const),
    }));
  });
}

describe("progress over the whole plan", () => {
  it("ticks the PR's group and the started groups whose gates pass", () => {
    // Group 4's PR makes checkpoints 3 and 5 pass: groups 1 and 2, merged while 3 still
    // failed, are ticked with it. Group 6 has not started: passing gates do not do its work.
    expect(groupsToTick(started(), report(["3", "5"]), "4")).toEqual(["1", "2", "4"]);
  });

  it("ticks nothing while the gates fail", () => {
    expect(groupsToTick(started(), report([]), "4")).toEqual([]);
  });

  it("leaves unstarted groups alone even when their gates pass", () => {
    expect(groupsToTick(started(), report(["3", "5", "7.4", "8"]), "4")).toEqual(["1", "2", "4"]);
  });
});
