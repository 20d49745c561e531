// The fix action: one fix run on one dxfix group PR, inside the runner. It reads the PR
// (is it a dxfix PR, which group, the budget, the guidance, the latest report), checks
// out its branch, runs the fix loop, pushes the one commit (never forced) and leaves a
// log comment with what was tried. `run(deps)` takes injected parts for tests.
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { type DxfixConfig, defaultConfig, formatConfigErrors, parseConfig } from "../../config.ts";
import { messageOf, UserError } from "../../errors.ts";
import { type FixOutcome, fixGroup } from "../../fix/loop.ts";
import { FixerConfig, fixSettings } from "../../fix/settings.ts";
import { createOctokit, type GitHubClient } from "../../github/octokit.ts";
import { type FixInputs, readFixInputs } from "./inputs.ts";
import { fixLogComment, fixLogOf, lastWords } from "./log.ts";
import { FixRefusal, fixTarget, type Repo, readConversation } from "./pull.ts";
import { checkoutBranch, pushBranch } from "./remote.ts";

export interface FixDeps {
  createOctokit?: (token: string) => GitHubClient;
  /** The checkout to work in; default GITHUB_WORKSPACE. */
  workspace?: string;
  getInput?: (name: string) => string;
}

function readConfig(root: string, path: string): DxfixConfig {
  let text: string;
  try {
    text = readFileSync(join(root, path), "utf8");
  } catch {
    return defaultConfig;
  }
  const parsed = parseConfig(text, path);
  if ("errors" in parsed) throw new UserError(formatConfigErrors(path, parsed.errors));
  return parsed.config;
}

/** The job summary, appended directly (core.summary caches the file path per process). */
function appendSummary(markdown: string): void {
  const path = process.env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  try {
    appendFileSync(path, markdown);
  } catch (error) {
    core.warning(`could not write the job summary: ${messageOf(error)}`);
  }
}

function repository(): { owner: string; repo: string } {
  const [owner = "", repo = ""] = (process.env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo)
    throw new UserError("GITHUB_REPOSITORY is not set: run this inside GitHub Actions");
  return { owner, repo };
}

function setOutputs(o: {
  status: string;
  commit: string | null;
  attempts: number;
  passed: boolean;
  group: string;
}) {
  core.setOutput("status", o.status);
  core.setOutput("commit", o.commit ?? "");
  core.setOutput("attempts", String(o.attempts));
  core.setOutput("passed", String(o.passed));
  core.setOutput("group", o.group);
}

export async function run(deps: FixDeps = {}): Promise<void> {
  try {
    const inputs = readFixInputs(deps.getInput);
    await fixRun(inputs, deps);
  } catch (error) {
    if (error instanceof FixRefusal) {
      core.notice(`dxfix fix: ${error.message}`);
      appendSummary(`### dxfix fix\n\nNot run: ${error.message}\n`);
      setOutputs({ status: "refused", commit: null, attempts: 0, passed: false, group: "" });
      return;
    }
    const message =
      error instanceof UserError ? error.message : `internal error: ${messageOf(error)}`;
    core.setFailed(`dxfix fix: ${message}`);
  }
}

async function fixRun(inputs: FixInputs, deps: FixDeps): Promise<void> {
  const root = deps.workspace ?? process.env.GITHUB_WORKSPACE ?? process.cwd();
  const config = readConfig(root, inputs.config);
  const fixerConfig = FixerConfig.parse({
    ...(config.fixer ?? {}),
    ...(inputs.fixer ? { command: inputs.fixer } : {}),
  });
  const octokit = (deps.createOctokit ?? ((t) => createOctokit(t, { log: core.info })))(
    inputs.token,
  );
  const r: Repo = { octokit, ...repository() };
  const target = await fixTarget(r, inputs.pr, inputs.botLogin, fixerConfig.maxRuns);
  const conversation = await readConversation(r, target, [
    ...config.reportAuthors,
    inputs.botLogin,
  ]);
  core.info(
    `dxfix fix: #${target.number}, ${target.state.plan} group ${target.state.group}, run ${target.runs.last + 1}, ${conversation.guidance.length} guidance comment(s)`,
  );
  const base = await checkoutBranch(root, inputs.token, target.branch);
  const briefDir = join(process.env.RUNNER_TEMP || tmpdir(), `dxfix-fix-${target.number}`);
  mkdirSync(briefDir, { recursive: true });
  const outcome = await fixGroup({
    root,
    planPath: target.state.plan,
    groupId: target.state.group,
    settings: fixSettings(fixerConfig),
    guidance: conversation.guidance,
    credits: conversation.credits,
    report: base === target.headSha ? conversation.report : null,
    run: target.runs.last + 1,
    identity: inputs.identity,
    briefDir,
    checkpointTimeoutMs: config.timeoutMinutes * 60_000,
    junit: config.junit,
    dropCredentials: true,
    log: (line) => core.info(`dxfix fix: ${line}`),
    onChunk: (chunk) => process.stdout.write(chunk),
  });
  await publish(r, inputs, { target, base, outcome, root });
}

async function publish(
  r: Repo,
  inputs: FixInputs,
  run: {
    target: Awaited<ReturnType<typeof fixTarget>>;
    base: string;
    outcome: FixOutcome;
    root: string;
  },
): Promise<void> {
  const { target, outcome } = run;
  if (outcome.commit) {
    const pushed = await pushBranch(run.root, inputs.token, target.branch);
    if (!pushed.pushed) {
      outcome.status = "failed";
      outcome.stop = `the branch moved while the fixer ran, so nothing was pushed (${pushed.reason})`;
      outcome.commit = null;
    }
  }
  const said = lastWords(outcome.attempts.at(-1)?.output ?? "");
  const log = fixLogOf(outcome, {
    run: target.runs.last + 1,
    plan: target.state.plan,
    group: target.state.group,
    base: run.base,
    said,
  });
  const body = fixLogComment(log);
  if (inputs.comment) {
    await r.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: r.owner,
      repo: r.repo,
      issue_number: target.number,
      body,
    });
  }
  appendSummary(`${body.replace(/<!-- dxfix:fix [^>]*-->/, "").trimEnd()}\n`);
  setOutputs({
    status: outcome.status,
    commit: outcome.commit,
    attempts: outcome.attempts.filter((a) => a.attempt > 0).length,
    passed: outcome.passed,
    group: target.state.group,
  });
  if (outcome.status === "failed" || outcome.status === "timeout") {
    core.setFailed(`dxfix fix: ${outcome.stop}`);
  }
}
