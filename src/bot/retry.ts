// `/dxfix retry [checkpoint]`: re-run the failed jobs of the latest dxfix workflow run for
// the PR head. Ten people (or one impatient double-click) commenting at once must cause
// one re-run request. GitHub is the state: right before asking, the run is re-read and a
// run already queued or in progress is left alone. Within a process, retries for the
// same PR share one in-flight attempt, and a run this process already re-ran (same run
// id and attempt) is not re-run again while GitHub has not flipped its status yet.
import type { DxfixConfig } from "../config.ts";
import { getPull, listComments, type Repo } from "./github.ts";
import { readPrMarker } from "./markers.ts";
import { trustedReports } from "./reports.ts";

export type RetryOutcome =
  | { kind: "rerun"; sha: string; runId: number; url: string }
  | { kind: "already-running"; sha: string; runId: number; url: string; status: string }
  | { kind: "nothing-failed"; sha: string; runId: number; url: string; conclusion: string }
  | { kind: "no-run"; sha: string; workflow: string }
  | { kind: "checkpoint-passed"; sha: string; checkpoint: string }
  | { kind: "unknown-checkpoint"; checkpoint: string; known: string[] };

const inflight = new Map<string, Promise<RetryOutcome>>();
/** run id -> attempt this process asked to re-run (bounded; only bridges GitHub's lag). */
const requested = new Map<number, number>();

/** Coalesces simultaneous retries on one PR; `joined` is true for the ones that waited. */
export async function retry(
  r: Repo,
  config: DxfixConfig,
  pull: number,
  checkpoint: string | null,
): Promise<{ outcome: RetryOutcome; joined: boolean }> {
  const key = `${r.owner}/${r.repo}#${pull}`;
  const running = inflight.get(key);
  if (running) return { outcome: await running, joined: true };
  const attempt = retryOnce(r, config, pull, checkpoint).finally(() => inflight.delete(key));
  inflight.set(key, attempt);
  return { outcome: await attempt, joined: false };
}

const ACTIVE = new Set(["queued", "in_progress", "waiting", "requested", "pending"]);
const FAILED = new Set(["failure", "timed_out", "cancelled", "startup_failure"]);

async function retryOnce(
  r: Repo,
  config: DxfixConfig,
  number: number,
  checkpoint: string | null,
): Promise<RetryOutcome> {
  const pull = await getPull(r, number);
  const sha = pull.headSha;
  if (checkpoint !== null) {
    const refusal = await checkpointRefusal(r, config, number, pull.body, sha, checkpoint);
    if (refusal) return refusal;
  }
  const { data } = await r.octokit.request(
    "GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    { owner: r.owner, repo: r.repo, workflow_id: config.workflow, head_sha: sha, per_page: 5 },
  );
  const run = [...data.workflow_runs].sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
  if (!run) return { kind: "no-run", sha, workflow: config.workflow };
  const runId = Number(run.id);
  const base = { sha, runId, url: run.html_url };
  const attempt = run.run_attempt ?? 1;
  if (run.status && ACTIVE.has(run.status))
    return { kind: "already-running", ...base, status: run.status };
  if (requested.get(runId) === attempt)
    return { kind: "already-running", ...base, status: "requested" };
  if (!run.conclusion || !FAILED.has(run.conclusion)) {
    return { kind: "nothing-failed", ...base, conclusion: run.conclusion ?? "unknown" };
  }
  await r.octokit.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs", {
    owner: r.owner,
    repo: r.repo,
    run_id: runId,
  });
  requested.set(runId, attempt);
  if (requested.size > 1000) requested.delete(requested.keys().next().value!);
  return { kind: "rerun", ...base };
}

/** When a checkpoint is named, it must exist in the latest report and not have passed. */
async function checkpointRefusal(
  r: Repo,
  config: DxfixConfig,
  number: number,
  body: string | null,
  sha: string,
  checkpoint: string,
): Promise<RetryOutcome | null> {
  const plan = readPrMarker(body)?.plan ?? null;
  const reports = trustedReports(await listComments(r, number), config, plan);
  const checkpoints = reports.flatMap((f) => f.report.checkpoints);
  if (checkpoints.length === 0) return null; // No report yet: let the run decide.
  const wanted = checkpoint.replace(/\.$/, "");
  const found = checkpoints.filter((c) => c.id === wanted);
  if (found.length === 0) {
    return {
      kind: "unknown-checkpoint",
      checkpoint,
      known: [...new Set(checkpoints.map((c) => c.id))],
    };
  }
  if (found.every((c) => c.status === "passed"))
    return { kind: "checkpoint-passed", sha, checkpoint: wanted };
  return null;
}

export function retryReply(outcome: RetryOutcome, joined: boolean): string {
  switch (outcome.kind) {
    case "rerun":
      return joined
        ? `A re-run of the failed jobs for ${outcome.sha.slice(0, 7)} was just requested by another \`/dxfix retry\`: one is enough. [Run](${outcome.url})`
        : `Re-running the failed jobs of the dxfix run for ${outcome.sha.slice(0, 7)}: [run](${outcome.url}).`;
    case "already-running":
      return `The dxfix run for ${outcome.sha.slice(0, 7)} is already ${outcome.status.replace("_", " ")}: [run](${outcome.url}). Not starting another.`;
    case "nothing-failed":
      return `Nothing to retry: the latest dxfix run for ${outcome.sha.slice(0, 7)} ended with \`${outcome.conclusion}\` ([run](${outcome.url})).`;
    case "no-run":
      return `There is no run of the \`${outcome.workflow}\` workflow for ${outcome.sha.slice(0, 7)} yet, so nothing to retry. (The workflow file name comes from \`workflow\` in \`.github/dxfix.yml\`.)`;
    case "checkpoint-passed":
      return `Checkpoint ${outcome.checkpoint} passed on ${outcome.sha.slice(0, 7)}: nothing to retry.`;
    case "unknown-checkpoint":
      return `The latest report has no checkpoint \`${outcome.checkpoint}\`. Known checkpoints: ${outcome.known.map((k) => `\`${k}\``).join(", ") || "none"}.`;
  }
}
