// Fork PRs get their checklist through the bot: the fork's workflow token cannot comment,
// so the Action uploads its reports as an artifact, and on `workflow_run` the bot (with
// `actions: read`) downloads it and posts or updates the same living comment. The
// artifact came from code the fork controls: it is size-capped, schema-validated, bound
// to the PR whose head is the run's head commit, and rendered with the usual escaping.
import { buildCommentBody } from "../action/comment-body.ts";
import { messageOf } from "../errors.ts";
import {
  FORK_ARTIFACT,
  FORK_FILE,
  FORK_JSON_LIMIT,
  FORK_ZIP_LIMIT,
  type ForkReports,
  parseForkReports,
} from "../github/fork-artifact.ts";
import { renderMarkdown } from "../report/markdown.ts";
import { downloadArtifact, getPull, type Repo, runArtifact, upsertChecklist } from "./github.ts";
import { readEntry, zipEntries } from "./zip.ts";

export interface ForkRun {
  id: number;
  event: string;
  headSha: string;
  /** `owner/repo` of the run's head (the fork), or null when GitHub does not say. */
  headRepo: string | null;
  /** `owner/repo` of the repository the run belongs to. */
  repo: string;
  url: string | null;
}

export function isForkRun(run: ForkRun): boolean {
  return (
    run.event === "pull_request" &&
    run.headRepo !== null &&
    run.headRepo.toLowerCase() !== run.repo.toLowerCase()
  );
}

/** The artifact's reports, or the reason they were refused. */
async function fetchReports(r: Repo, run: ForkRun): Promise<ForkReports | string> {
  const artifact = await runArtifact(r, run.id, FORK_ARTIFACT);
  if (!artifact) return `run ${run.id} left no ${FORK_ARTIFACT} artifact`;
  if (artifact.expired) return `the ${FORK_ARTIFACT} artifact of run ${run.id} expired`;
  if (artifact.size > FORK_ZIP_LIMIT)
    return `the ${FORK_ARTIFACT} artifact is ${artifact.size} bytes, over the ${FORK_ZIP_LIMIT} limit`;
  try {
    const zip = await downloadArtifact(r, artifact.id);
    if (zip.length > FORK_ZIP_LIMIT) return `the ${FORK_ARTIFACT} download is over the limit`;
    const entry = zipEntries(zip).find((e) => e.name === FORK_FILE);
    if (!entry) return `the ${FORK_ARTIFACT} artifact holds no ${FORK_FILE}`;
    return parseForkReports(readEntry(zip, entry, FORK_JSON_LIMIT).toString("utf8"));
  } catch (error) {
    return `the ${FORK_ARTIFACT} artifact was refused: ${messageOf(error)}`;
  }
}

/** Posts a fork run's reports on its PR; returns what happened, for the log. */
export async function postForkReports(r: Repo, run: ForkRun): Promise<string> {
  const reports = await fetchReports(r, run);
  if (typeof reports === "string") return reports;
  // The PR number is the fork's word: it counts only if that PR's head is this run's head.
  const pull = await getPull(r, reports.pr);
  if (pull.headSha !== run.headSha)
    return `PR #${reports.pr}'s head is not ${run.headSha.slice(0, 7)}: the artifact was ignored`;
  const done: string[] = [];
  for (const { path, report } of reports.plans) {
    if (report.commit?.sha !== run.headSha) {
      done.push(`${path}: the report is not for ${run.headSha.slice(0, 7)}, ignored`);
      continue;
    }
    const { body, marker, key } = buildCommentBody(report, renderMarkdown, run.url, path);
    done.push(`${path}: ${await upsertChecklist(r, reports.pr, { body, marker, key })}`);
  }
  return `fork PR #${reports.pr}: ${done.join("; ")}`;
}
