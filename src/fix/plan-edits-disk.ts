// The plan-edits fixer on a checkout: list the tracked text files in scope, apply the
// group's mechanical edits (pure, in plan-edits.ts), write back what changed.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Plan } from "../plan/model.ts";
import { git } from "./git.ts";
import { applyPlanEdits, describeEdits, instructionsOf, scopeDirs } from "./plan-edits.ts";

/** Files larger than this are not edited (generated or data files). */
const MAX_FILE_BYTES = 1024 * 1024;

export async function applyPlanEditsOnDisk(
  root: string,
  planPath: string,
  planText: string,
  plan: Plan,
  groupId: string,
): Promise<{ lines: string[]; changed: string[] }> {
  const group = plan.groups.find((x) => x.id === groupId);
  const instructions = group ? instructionsOf(group) : [];
  if (instructions.length === 0) return { lines: [], changed: [] };
  const tracked = (await git(root, ["ls-files", "-z"])).split("\0").filter(Boolean);
  const specDir = dirname(planPath);
  let design = "";
  try {
    design = readFileSync(resolve(root, join(specDir, "design.md")), "utf8");
  } catch {
    design = "";
  }
  const dirs = scopeDirs(plan, [planText, design], tracked);
  const excluded = [specDir === "." ? planPath : specDir, ".github"];
  const files = new Map<string, string>();
  for (const path of tracked) {
    const abs = resolve(root, path);
    try {
      if (statSync(abs).size > MAX_FILE_BYTES) continue;
      const text = readFileSync(abs, "utf8");
      if (!text.includes("\u0000")) files.set(path, text);
    } catch {
      // Deleted in the working tree or unreadable: nothing to edit.
    }
  }
  const result = applyPlanEdits({ instructions, files, dirs, excluded });
  for (const [path, text] of result.changed) writeFileSync(resolve(root, path), text);
  return { lines: describeEdits(result), changed: [...result.changed.keys()] };
}
