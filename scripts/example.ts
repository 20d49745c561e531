// Landing one task group of the dx-py-runtime example, as its merged PR would: the
// group's code patch (fixes/group-N.patch changes code only) and its boxes ticked in
// tasks.md with the plan engine's lossless editor. Used by the demo and the example's
// tests, so both play the same history.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parsePlan, setGroupState } from "../src/plan/index.ts";

export const EXAMPLE_PLAN = ".kiro/specs/dx-py-runtime-compilation-fix/tasks.md";
/** The work groups, in the order their patches apply. */
export const EXAMPLE_GROUPS = [1, 2, 4, 6] as const;

/** Applies fixes/group-N.patch in `repo` and ticks the group (every box, optional ones too). */
export function landGroup(repo: string, group: number): void {
  const applied = spawnSync("git", ["apply", `fixes/group-${group}.patch`], {
    cwd: repo,
    encoding: "utf8",
  });
  if (applied.status !== 0) {
    throw new Error(`git apply fixes/group-${group}.patch failed: ${applied.stderr.trim()}`);
  }
  tickGroup(repo, group);
}

/** The group's box and all its tasks' boxes `[x]` in the example's tasks.md. */
export function tickGroup(repo: string, group: number): void {
  const file = path.join(repo, EXAMPLE_PLAN);
  const text = readFileSync(file, "utf8");
  writeFileSync(
    file,
    setGroupState(text, parsePlan(text, { path: EXAMPLE_PLAN }), String(group), "done"),
  );
}
