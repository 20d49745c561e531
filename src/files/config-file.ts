// `.github/dxfix.yml` read from a checkout, for the CLI (the Action reads it through
// src/action/config.ts), applied to a plan's files. Every error of the file is reported
// at once, each with its line.
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { CONFIG_PATH, type ConfigRead, formatConfigErrors, parseConfig } from "../config.ts";
import { UserError } from "../errors.ts";
import { type PlanFiles, readPlanFiles } from "./plan-files.ts";
import { findRoot } from "./root.ts";
import { planFilesWithConfig } from "./with-commands.ts";

/** The repository's config file under `root`, or null when there is none; bad files throw. */
export function readConfigFile(root: string, file: string = CONFIG_PATH): ConfigRead | null {
  const path = resolve(root, file);
  if (!existsSync(path)) return null;
  const result = parseConfig(readFileSync(path, "utf8"), file);
  if ("errors" in result) throw new UserError(formatConfigErrors(file, result.errors));
  return result;
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
