// The runner's view of the event that started the Action: its name and payload, the
// commit it checks, whether a pull request comes from a fork, and the run's URL.
import { existsSync, readFileSync } from "node:fs";
import * as core from "@actions/core";
import { messageOf } from "../errors.ts";

export interface EventInfo {
  name: string;
  payload: Record<string, unknown>;
}

export function readEvent(): EventInfo {
  const name = process.env.GITHUB_EVENT_NAME ?? "";
  const path = process.env.GITHUB_EVENT_PATH;
  let payload: Record<string, unknown> = {};
  if (path && existsSync(path)) {
    try {
      payload = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      core.warning(`could not read the event payload ${path}: ${messageOf(error)}`);
    }
  }
  return { name, payload };
}

/**
 * The commit a run checks: on a pull request the PR head (the runner checks out a merge
 * commit, which the bot cannot match to anything), else the pushed or dispatched SHA.
 */
export function eventCommit(event: EventInfo): { sha: string; ref: string | null } | null {
  const head = (event.payload.pull_request as { head?: { sha?: string; ref?: string } } | undefined)
    ?.head;
  if (head?.sha) return { sha: head.sha, ref: head.ref ?? null };
  const sha = process.env.GITHUB_SHA;
  return sha ? { sha, ref: process.env.GITHUB_REF_NAME || null } : null;
}

/** True unless the pull request's head and base are the same repository. */
export function isFork(payload: Record<string, unknown>): boolean {
  const pr = payload.pull_request as
    | { head?: { repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } }
    | undefined;
  const head = pr?.head?.repo?.full_name;
  const base = pr?.base?.repo?.full_name;
  return !head || !base || head.toLowerCase() !== base.toLowerCase();
}

export function runUrl(): string | null {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : null;
}

/** The pull request of a PR event (its number and repository), or null. */
export function pullOf(event: EventInfo): { owner: string; repo: string; number: number } | null {
  const pr = event.payload.pull_request as { number?: number } | undefined;
  const number = pr?.number ?? (event.payload.number as number | undefined);
  const fullName =
    (event.payload.repository as { full_name?: string } | undefined)?.full_name ??
    process.env.GITHUB_REPOSITORY ??
    "";
  const [owner, repo] = fullName.split("/");
  return number && owner && repo ? { owner, repo, number } : null;
}
