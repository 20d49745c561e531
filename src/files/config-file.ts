// `.github/dxfix.yml` read from a checkout, for the edges that run on one (the CLI, and
// the Action through src/action/config.ts), and the plan files with its checkpoint
// commands applied. Every error of the file is reported at once, each with its line.
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { applyConfigCommands, checkpointSuggestions } from "../checkpoints/config-commands.ts";
import type { CheckpointCommands } from "../config.ts";
import { CONFIG_PATH, type ConfigRead, formatConfigErrors, parseConfig } from "../config.ts";
import { UserError } from "../errors.ts";
import { lintPlan } from "../plan/index.ts";
import { type PlanFiles, readPlanFiles } from "./plan-files.ts";
import { findRoot } from "./root.ts";

/** The repository's config file under `root`, or null when there is none; bad files throw. */
export function readConfigFile(root: string, file: string = CONFIG_PATH): ConfigRead | null {
  const path = resolve(root, file);
  if (!existsSync(path)) return null;
  const result = parseConfig(readFileSync(path, "utf8"), file);
  if ("errors" in result) throw new UserError(formatConfigErrors(file, result.errors));
  return result;
}

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

/** For the CLI: the config beside the plan's root (`findRoot`), applied to its files. */
export function withRepositoryConfig(files: PlanFiles, planPath: string, root: string): PlanFiles {
  const config = readConfigFile(root);
  const rel = relative(root, resolve(planPath)).split(/[\\/]/).join("/");
  return planFilesWithConfig(files, config?.config.checkpoints ?? [], rel);
}

/** readPlanFiles, then the configuration of the plan's repository (see findRoot) applied. */
export function readPlanFilesWithConfig(
  planPath: string,
  requirementsPath?: string | null,
): PlanFiles {
  return withRepositoryConfig(
    readPlanFiles(planPath, requirementsPath),
    planPath,
    findRoot(planPath),
  );
}
