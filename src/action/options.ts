// The check options of one plan in this run, shared by a whole-plan run, a matrix job
// and the merge: the same root, timeout, JUnit globs and commit, so their reports agree.
import { relative, sep } from "node:path";
import type { CheckOptions } from "../checkpoints/check.ts";
import type { DxfixConfig } from "../config-defaults.ts";
import { type PlanFiles, readPlanFiles } from "../files/plan-files.ts";
import { planFilesWithConfig } from "../files/with-commands.ts";
import type { GitHubClient } from "../github/octokit.ts";
import type { Report } from "../report/schema.ts";
import type { ArtifactStore } from "./artifacts.ts";
import type { Engine } from "./engine-types.ts";
import { type EventInfo, eventCommit } from "./event.ts";
import type { ActionInputs } from "./inputs.ts";
import { logEvents } from "./results.ts";
import { reuseOptions } from "./reuse.ts";

export interface ActionDeps {
  /** The checkpoint runner and renderer; default the real ones. */
  engine?: Engine;
  /** Builds the REST client from the token; default createOctokit with GITHUB_API_URL. */
  createOctokit?: (token: string) => GitHubClient;
  /** Aborted when the workflow is cancelled: no further command starts, nothing is posted. */
  signal?: AbortSignal;
  /** Where matrix jobs and fork PR runs leave reports; default this run's artifacts. */
  artifacts?: ArtifactStore;
}

/** A checked plan: its absolute path, its report and the PR's previous report of it. */
export interface Checked {
  planPath: string;
  report: Report;
  previous: Report | null;
}

export interface Setup {
  inputs: ActionInputs;
  workspace: string;
  event: EventInfo;
  config: DxfixConfig;
  /** The run's REST client for a token, built once and shared by every call site. */
  client: (token: string) => GitHubClient;
}

export interface Targets {
  planPaths: string[];
  requirementsPath: string | null;
  root: string | null;
}

/** The repository-relative path that names a plan's comment and artifacts. */
export function repoPath(workspace: string, planPath: string): string {
  return relative(workspace, planPath).split(sep).join("/");
}

/** The plan with the config's checkpoint commands, when the config maps any. */
function configuredFiles(setup: Setup, targets: Targets, planPath: string): PlanFiles | null {
  const entries = setup.config.checkpoints;
  if (entries.length === 0) return null;
  const files = readPlanFiles(planPath, targets.requirementsPath);
  return planFilesWithConfig(files, entries, repoPath(setup.workspace, planPath), false);
}

export function planOptions(
  setup: Setup,
  targets: Targets,
  planPath: string,
  previous: Report | null,
  signal: AbortSignal | undefined,
): CheckOptions {
  const { inputs, config, event } = setup;
  const timeoutMinutes = inputs.timeoutMinutes ?? config.timeoutMinutes;
  const commit = eventCommit(event);
  const files = configuredFiles(setup, targets, planPath);
  return {
    planPath,
    ...(files ? { files } : {}),
    requirementsPath: targets.requirementsPath,
    root: targets.root,
    ...(inputs.checkpoints.length > 0 ? { checkpoints: inputs.checkpoints } : {}),
    timeoutMs: timeoutMinutes * 60_000,
    junit: config.junit,
    onEvent: logEvents(),
    commit,
    reuse: reuseOptions(config, inputs.reuse, previous, commit?.sha ?? null),
    ...(signal ? { signal } : {}),
  };
}
