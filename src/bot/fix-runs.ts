// Starting a fix run for a dxfix PR: the bot never runs a fixer itself (it runs no
// repository code); it dispatches the fix workflow, which runs the fix action in a runner.
// The workflow is dispatched on the default branch, so its definition always comes from
// there and never from the PR branch. GitHub is the state: the budget is counted from
// the PR's fix commits, a run already queued or running for the PR (its run-name is
// `dxfix fix #N`) is joined rather than doubled, and the `dxfix:hold` label stops runs.
// Requests that read "nothing running" at the same moment, in any process, are refereed
// by a claim (a ref only one writer can create) on the PR head and the newest fix run.
import type { DxfixConfig } from "../config.ts";
import { HOLD_LABEL } from "../fix/settings.ts";
import { fixRunsIn } from "../fix/trailers.ts";
import { dxfixPrState } from "../github/markers.ts";
import {
  dispatchedRuns,
  dispatchWorkflow,
  getPull,
  pullCommitMessages,
  type Repo,
} from "./github.ts";
import { coalesce, fixClaim, once } from "./locks.ts";
import { PROGRESS_GROUP } from "./progress-pr.ts";

export type FixStart =
  | { kind: "started"; run: number; workflow: string }
  | { kind: "running"; url: string }
  | { kind: "no-fixer" }
  | { kind: "not-dxfix" }
  | { kind: "held" }
  | { kind: "budget"; used: number; max: number };

/** The run-name the fix workflow must give its runs, so the bot can find them. */
export function fixRunTitle(pr: number): string {
  return `dxfix fix #${pr}`;
}

const ACTIVE = new Set(["queued", "in_progress", "waiting", "requested", "pending"]);

/** Starts one fix run for the PR; simultaneous requests in a process share one answer. */
export async function startFixRun(
  r: Repo,
  config: DxfixConfig,
  pr: number,
  defaultBranch: string,
): Promise<{ start: FixStart; joined: boolean }> {
  const { value, joined } = await coalesce(`fix:${r.owner}/${r.repo}#${pr}`, () =>
    startOnce(r, config, pr, defaultBranch),
  );
  return { start: value.start, joined: joined || value.elsewhere };
}

async function startOnce(
  r: Repo,
  config: DxfixConfig,
  number: number,
  defaultBranch: string,
): Promise<{ start: FixStart; elsewhere: boolean }> {
  const fixer = config.fixer;
  if (!fixer) return { start: { kind: "no-fixer" }, elsewhere: false };
  const refusal = await refusalOf(r, fixer.maxRuns, number);
  if ("start" in refusal) return { start: refusal.start, elsewhere: false };
  const title = fixRunTitle(number);
  const runs = (await dispatchedRuns(r, fixer.workflow)).filter((run) => run.title === title);
  const active = runs.find((run) => run.status !== null && ACTIVE.has(run.status));
  if (active) return { start: { kind: "running", url: active.url }, elsewhere: false };
  const start: FixStart = { kind: "started", run: refusal.used + 1, workflow: fixer.workflow };
  const newest = Math.max(0, ...runs.map((run) => run.id));
  const dispatched = await once(r, fixClaim(number, refusal.headSha, newest), refusal.headSha, () =>
    dispatchWorkflow(r, fixer.workflow, defaultBranch, { pr: String(number) }),
  );
  if (dispatched) r.log.info(`dispatched ${fixer.workflow} for #${number} (fix run ${start.run})`);
  return { start, elsewhere: !dispatched };
}

/** Why the PR gets no fix run (not ours, held, out of budget), else its head and runs used. */
async function refusalOf(
  r: Repo,
  maxRuns: number,
  number: number,
): Promise<{ start: FixStart } | { used: number; headSha: string }> {
  const pull = await getPull(r, number);
  const state = dxfixPrState(pull, [await r.botLogin()]);
  // dxfix PRs live in this repository; never a fork, never someone else's PR.
  if (!state || pull.state !== "open" || pull.headRepo !== `${r.owner}/${r.repo}`) {
    return { start: { kind: "not-dxfix" } };
  }
  // A progress PR carries no group's work: there is nothing for a fixer to do.
  if (state.group === PROGRESS_GROUP) return { start: { kind: "not-dxfix" } };
  if (pull.labels.includes(HOLD_LABEL)) return { start: { kind: "held" } };
  const used = fixRunsIn(await pullCommitMessages(r, number)).count;
  if (used >= maxRuns) return { start: { kind: "budget", used, max: maxRuns } };
  return { used, headSha: pull.headSha };
}

export function fixStartReply(start: FixStart, joined: boolean): string {
  switch (start.kind) {
    case "started":
      return joined
        ? "A fix run was just started by another `/dxfix fix`: one is enough."
        : `Started fix run ${start.run} (\`${start.workflow}\`). Comments by people with write access since the last fix are its guidance; the fixer's log will follow here.`;
    case "running":
      return `A fix run for this PR is already queued or running: [run](${start.url}). Not starting another; comment again with \`/dxfix fix\` after it if it needs more guidance.`;
    case "no-fixer":
      return "No fixer is configured: add `fixer:` to `.github/dxfix.yml` (see the dxfix fixer docs).";
    case "not-dxfix":
      return "`/dxfix fix` works on open dxfix group PRs of this repository only.";
    case "held":
      return `This PR has the \`${HOLD_LABEL}\` label: no fix runs until it is removed.`;
    case "budget":
      return `This PR has used its ${start.max} fix runs (\`fixer.maxRuns\`, counted from its fix commits): push a fix by hand, or raise the limit.`;
  }
}
