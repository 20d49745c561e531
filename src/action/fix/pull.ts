// What a fix run needs to know from GitHub about its PR: that it is a dxfix PR the fixer
// may work on, its plan and group, the budget already spent (from commit trailers), the
// latest trusted report, and the guidance: comments by people with write access since
// the last fix commit. Reads only; every call is one REST request.
import { statusOf, UserError } from "../../errors.ts";
import type { GuidanceComment } from "../../fix/guidance.ts";
import { HOLD_LABEL } from "../../fix/settings.ts";
import type { Credit } from "../../fix/trailers.ts";
import { fixRunsIn, parseTrailers, TRAILER } from "../../fix/trailers.ts";
import { accessFrom, mayWrite } from "../../github/access.ts";
import { isBotAccount } from "../../github/limits.ts";
import { dxfixPrState, extractReport, findMarker, type PrState } from "../../github/markers.ts";
import type { GitHubClient } from "../../github/octokit.ts";
import { pullCommits } from "../../github/pull-commits.ts";
import { trusted } from "../../github/trust.ts";
import type { Report } from "../../report/schema.ts";

/** A reason not to run: reported, not an error of the run. */
export class FixRefusal extends UserError {}

export interface Repo {
  octokit: GitHubClient;
  owner: string;
  repo: string;
}

export interface FixTarget {
  number: number;
  state: PrState;
  branch: string;
  headSha: string;
  /** Fix runs already recorded in the PR's commits, and the highest run number. */
  runs: { count: number; last: number };
  /** When the last fix commit was made (guidance is what came after); null: none yet. */
  since: string | null;
}

/** The PR as a fix target, or a FixRefusal saying why it is not one. */
export async function fixTarget(r: Repo, number: number, botLogin: string, maxRuns: number) {
  const { data: pull } = await r.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    owner: r.owner,
    repo: r.repo,
    pull_number: number,
  });
  const state = dxfixPrState({ body: pull.body, author: pull.user }, [botLogin]);
  if (!state)
    throw new FixRefusal(`#${number} is not a dxfix PR opened by ${botLogin}: nothing to fix`);
  if (pull.state !== "open") throw new FixRefusal(`#${number} is ${pull.state}: nothing to fix`);
  if (pull.head.repo?.full_name !== `${r.owner}/${r.repo}`) {
    throw new FixRefusal(`#${number} comes from a fork: dxfix never pushes to forks`);
  }
  if (pull.labels.some((l) => l.name === HOLD_LABEL)) {
    throw new FixRefusal(`#${number} has the ${HOLD_LABEL} label: no fix runs until it is removed`);
  }
  const commits = await pullCommits(r.octokit, r, number);
  const runs = fixRunsIn(commits.map((c) => c.message));
  if (runs.count >= maxRuns) {
    throw new FixRefusal(
      `#${number} has used its ${maxRuns} fix runs (fixer.maxRuns): push a fix by hand, or raise the limit`,
    );
  }
  const fixCommits = commits.filter((c) => parseTrailers(c.message).has(TRAILER.run.toLowerCase()));
  return {
    number,
    state,
    branch: pull.head.ref,
    headSha: pull.head.sha,
    runs,
    since: fixCommits.at(-1)?.date ?? null,
  } satisfies FixTarget;
}

export interface Conversation {
  guidance: GuidanceComment[];
  credits: Credit[];
  /** The latest trusted report of the plan for the PR head, or null. */
  report: Report | null;
}

/** Guidance (write access, no bots, after `since`) and the latest report, from the PR's comments. */
export async function readConversation(
  r: Repo,
  target: FixTarget,
  reportAuthors: readonly string[],
): Promise<Conversation> {
  const comments = await r.octokit.paginate(
    "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
    {
      owner: r.owner,
      repo: r.repo,
      issue_number: target.number,
      per_page: 100,
    },
  );
  let report: Report | null = null;
  const guidance: GuidanceComment[] = [];
  const credits = new Map<string, Credit>();
  const access = new Map<string, boolean>();
  for (const c of comments) {
    if (trusted(c.user, reportAuthors) && findMarker(c.body)?.plan === target.state.plan) {
      const found = extractReport(c.body);
      if (found?.commit?.sha === target.headSha) report = found;
      continue;
    }
    const login = c.user?.login;
    if (!login || isBotAccount(c.user) || !c.body) continue;
    if (target.since && c.created_at <= target.since) continue;
    if (!access.has(login)) access.set(login, await mayGuide(r, login));
    if (!access.get(login)) continue;
    guidance.push({
      author: login,
      body: withoutCommands(c.body),
      createdAt: c.created_at,
      url: c.html_url,
    });
    credits.set(login, { login, id: c.user?.id ?? null });
  }
  return {
    guidance: guidance.filter((g) => g.body.trim() !== ""),
    credits: [...credits.values()],
    report,
  };
}

async function mayGuide(r: Repo, username: string): Promise<boolean> {
  try {
    const { data } = await r.octokit.request(
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      { owner: r.owner, repo: r.repo, username },
    );
    return mayWrite(accessFrom({ role: data.role_name, permission: data.permission }));
  } catch (error) {
    if (statusOf(error) === 404) return false; // not a collaborator
    throw error;
  }
}

/** `/dxfix fix use the pool` -> `use the pool`; other command lines go. */
export function withoutCommands(body: string): string {
  return body
    .split(/\r?\n/)
    .map((line) => {
      const m = /^ {0,3}\/dxfix(?:[ \t]+(\S+))?(.*)$/i.exec(line);
      if (!m) return line;
      return (m[1] ?? "").toLowerCase() === "fix" ? (m[2] ?? "").trim() : "";
    })
    .join("\n")
    .trim();
}
