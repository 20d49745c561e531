// A plan's files with the configured checkpoint commands (`checkpoints:` of
// `.github/dxfix.yml`) applied, and the lint that follows; shared by the CLI
// (config-file.ts) and the Action, which reads the file its own way.
import { applyConfigCommands, checkpointSuggestions } from "../checkpoints/config-commands.ts";
import type { CheckpointCommands } from "../config-defaults.ts";
import { lintPlan } from "../plan/index.ts";
import type { PlanFiles } from "./plan-files.ts";

/**
 * The plan files with the configured checkpoint commands applied, and the lint that
 * follows; with `suggest`, a checkpoint still without a command gets a suggestion (info).
 */
export function planFilesWithConfig(
  files: PlanFiles,
  entries: readonly CheckpointCommands[],
  planPath: string,
  suggest = true,
): PlanFiles {
  const plan = applyConfigCommands(files.plan, entries, planPath);
  if (plan === files.plan && !suggest) return files;
  const diagnostics = [
    ...lintPlan(plan, files.requirements),
    ...(suggest ? checkpointSuggestions(plan, planPath) : []),
  ].sort(
    (a, b) => (a.file ?? "").localeCompare(b.file ?? "") || a.line - b.line || a.column - b.column,
  );
  return { ...files, plan, diagnostics };
}
