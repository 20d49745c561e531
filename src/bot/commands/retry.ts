// `/dxfix retry [checkpoint]`: re-run the failed jobs of the latest dxfix workflow run for
// the PR head. Ten people (or one impatient double-click) commenting at once, on any number
// of replicas, must cause one re-run request. GitHub is the state and the referee: right
// before asking, the run is re-read and a run already queued or in progress is left alone;
// then the re-run of that run attempt is claimed (a ref only one writer can create), and
// only the claimer asks. Within a process, retries for the same PR share one attempt.
import type { DxfixConfig } from "../../config.ts";
import { dxfixPrState } from "../../github/markers.ts";
import {
  getPull,
  listComments,
  type PullSummary,
  type Repo,
  rerunFailedJobs,
  rerunJob,
  runJobs,
  workflowRuns,
} from "../github.ts";
import { coalesce, once, retryClaim } from "../locks.ts";
import { trustedReports } from "../reports.ts";
import { type BotCommand, notOnPull } from "./command.ts";

export type RetryOutcome =
  | {
      kind: "rerun";
      sha: string;
      runId: number;
      url: string;
      elsewhere?: boolean;
      /** The matrix job re-run (with the merge after it), when the run was fanned out. */
      job?: string;
    }
  | { kind: "already-running"; sha: string; runId: number; url: string; status: string }
  | { kind: "nothing-failed"; sha: string; runId: number; url: string; conclusion: string }
  | { kind: "no-run"; sha: string; workflow: string }
  | { kind: "checkpoint-passed"; sha: string; checkpoint: string }
  | { kind: "unknown-checkpoint"; checkpoint: string; known: string[] };

export const retryCommand: BotCommand<{ checkpoint: string | null }> = {
  name: "retry",
  aliases: ["rerun"],
  usage: "/dxfix retry [checkpoint]",
  help: "re-run the failed jobs of the latest dxfix workflow run for this PR's head commit",
  parse: (arg) => ({ checkpoint: arg }),
  async run({ r, config, number, isPull }, { checkpoint }) {
    if (!isPull) return { reply: notOnPull("retry"), reaction: "confused" };
    const { outcome, joined } = await retry(r, config, number, checkpoint);
    return {
      reply: retryReply(outcome, joined),
      reaction: outcome.kind === "rerun" && !joined ? "rocket" : "+1",
    };
  },
};

/** Coalesces simultaneous retries on one PR; `joined` is true for the ones that waited. */
async function retry(
  r: Repo,
  config: DxfixConfig,
  pull: number,
  checkpoint: string | null,
): Promise<{ outcome: RetryOutcome; joined: boolean }> {
  const { value, joined } = await coalesce(`retry:${r.owner}/${r.repo}#${pull}`, () =>
    retryOnce(r, config, pull, checkpoint),
  );
  // Another process won the claim: to the user that is the same as joining.
  return { outcome: value, joined: joined || (value.kind === "rerun" && value.elsewhere === true) };
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
  let unit: string | null = null;
  if (checkpoint !== null) {
    const found = await checkpointRefusal(r, config, pull, checkpoint);
    if (found && "kind" in found) return found;
    unit = found?.unit ?? null;
  }
  const runs = await workflowRuns(r, config.workflow, sha);
  const [run] = runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (!run) return { kind: "no-run", sha, workflow: config.workflow };
  const base = { sha, runId: run.id, url: run.url };
  if (run.status && ACTIVE.has(run.status))
    return { kind: "already-running", ...base, status: run.status };
  if (!run.conclusion || !FAILED.has(run.conclusion)) {
    return { kind: "nothing-failed", ...base, conclusion: run.conclusion ?? "unknown" };
  }
  // GitHub flips the run's status a moment after the request: until then the claim is
  // what tells every other request (in any process) that this attempt was re-run.
  const job = unit === null ? null : await matrixJob(r, run.id, unit);
  const asked = await once(r, retryClaim(run.id, run.attempt), sha, () =>
    job ? rerunJob(r, job.id) : rerunFailedJobs(r, run.id),
  );
  return { kind: "rerun", ...base, elsewhere: !asked, ...(job ? { job: job.name } : {}) };
}

/** The matrix job of a unit: its name ends with the unit id (docs/matrix.md names it so). */
async function matrixJob(r: Repo, runId: number, unit: string) {
  const jobs = await runJobs(r, runId);
  return (
    jobs.find(
      (j) =>
        j.name
          .split(/[\s(),]+/)
          .filter(Boolean)
          .at(-1) === unit,
    ) ?? null
  );
}

/**
 * When a checkpoint is named, it must exist in the latest report and not have passed; in
 * a matrix run (a merged report), its unit's job is the one to re-run.
 */
async function checkpointRefusal(
  r: Repo,
  config: DxfixConfig,
  pull: PullSummary,
  checkpoint: string,
): Promise<RetryOutcome | { unit: string | null } | null> {
  const plan = dxfixPrState(pull, [await r.botLogin()])?.plan ?? null;
  const reports = trustedReports(await listComments(r, pull.number), config, plan);
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
    return { kind: "checkpoint-passed", sha: pull.headSha, checkpoint: wanted };
  const jobs = reports.at(-1)?.report.matrix?.jobs ?? [];
  return { unit: jobs.find((j) => j.checkpoints.includes(wanted))?.unit ?? null };
}

function retryReply(outcome: RetryOutcome, joined: boolean): string {
  switch (outcome.kind) {
    case "rerun":
      return joined
        ? `A re-run of the failed jobs for ${outcome.sha.slice(0, 7)} was just requested by another \`/dxfix retry\`: one is enough. [Run](${outcome.url})`
        : outcome.job
          ? `Re-running the matrix job \`${outcome.job.replaceAll("`", "'")}\` (then the merge) of the dxfix run for ${outcome.sha.slice(0, 7)}: [run](${outcome.url}).`
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
