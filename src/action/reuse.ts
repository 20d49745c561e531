// Which earlier results a run may stand on: the PR's previous report (its living
// comment) when there is one, else GitHub's Actions cache (pushes, a PR's first run).
// With `reuse: false` every command runs; keys are recorded either way.
import * as core from "@actions/core";
import type { ReuseOptions } from "../checkpoints/check.ts";
import type { DxfixConfig } from "../config.ts";
import { messageOf } from "../errors.ts";
import type { GitHubClient } from "../github/octokit.ts";
import type { Report } from "../report/schema.ts";
import { actionsCacheSource } from "../reuse/actions-cache.ts";
import { reportSource } from "../reuse/sources.ts";
import { type EventInfo, isFork, pullOf } from "./event.ts";
import { type Previous, previousReports } from "./previous.ts";

export function reuseOptions(
  config: DxfixConfig,
  enabled: boolean,
  previous: Report | null,
  sha: string | null,
): ReuseOptions {
  const { ignore, env } = config.reuse;
  if (!enabled) return { ignore, env };
  if (previous) return { ignore, env, source: reportSource(previous) };
  return { ignore, env, source: actionsCacheSource(sha ?? "unknown", core.info) };
}

/** The PR's previous reports by plan path; none when there is no PR, token or answer. */
export async function readPrevious(
  event: EventInfo,
  token: string,
  identity: string,
  octokit: (token: string) => GitHubClient,
): Promise<Previous> {
  const none: Previous = { reports: new Map(), comments: null };
  const isPr = event.name === "pull_request" || event.name === "pull_request_target";
  // A fork's checklist is written by the bot (docs/matrix.md): not this token's comment.
  const fork = event.name === "pull_request" && isFork(event.payload);
  const pr = isPr && !fork ? pullOf(event) : null;
  if (!pr || !token) return none;
  try {
    return await previousReports(octokit(token), pr, identity);
  } catch (error) {
    core.info(
      `dxfix: could not read the PR's previous report (every command runs): ${messageOf(error)}`,
    );
    return none;
  }
}
