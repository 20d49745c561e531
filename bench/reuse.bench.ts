// Content-addressed reuse through the Action (run from source as a child process, as the
// runner would) against a loopback GitHub holding the PR's living comment:
// - the bot's progress commit (only tasks.md changes): wall time of the second run / the
//   first (target < 0.05), and how many commands it ran (target 0);
// - `/dxfix retry` after one command failed: commands run / commands in the plan
//   (target: only the failed one).
// The plan is generated: CHECKPOINTS checkpoints, each a command sleeping SECONDS s.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startFakeGitHub } from "../test/helpers/api-server.ts";
import { payload } from "../test/helpers/payloads.ts";
import { bundleAction } from "./bundle-action.ts";

const CHECKPOINTS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const root = mkdtempSync(join(tmpdir(), "dxfix-bench-reuse-"));
const ws = join(root, "ws");
const count = join(root, "count");
const planPath = ".kiro/specs/bench/tasks.md";
const entry = await bundleAction(mkdtempSync(join(root, "bundle-")));
const plan = [
  "# Bench",
  "- [ ] 1. Work",
  "  - [ ] 1.1 Do it",
  ...Array.from(
    { length: CHECKPOINTS },
    (_, i) =>
      `- [ ] ${i + 2}. Checkpoint - Ensure \`sleep ${SECONDS} && echo ${i} >> "$COUNT" && test ! -f fail-${i}\` succeeds`,
  ),
  "",
].join("\n");

function git(...args: string[]): string {
  const r = spawnSync("git", ["-C", ws, "-c", "user.name=b", "-c", "user.email=b@b", ...args], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

function commit(path: string, text: string): string {
  mkdirSync(join(ws, path, ".."), { recursive: true });
  writeFileSync(join(ws, path), text);
  git("add", "-A");
  git("commit", "-q", "-m", `edit ${path}`);
  return git("rev-parse", "HEAD");
}

const ran = () => (existsSync(count) ? readFileSync(count, "utf8").trim().split("\n").length : 0);

const github = await startFakeGitHub({ owner: "Codertocat", repo: "Hello-World", issueNumber: 2 });

const run = promisify(execFile);

/** One Action run on the PR head `sha` (the loopback GitHub answers meanwhile): wall ms. */
async function action(sha: string): Promise<number> {
  const dir = mkdtempSync(join(root, "runner-"));
  const event = payload("pull_request", "opened", (p) => {
    p.pull_request.head.sha = sha;
  });
  writeFileSync(join(dir, "event.json"), JSON.stringify(event));
  writeFileSync(join(dir, "output"), "");
  writeFileSync(join(dir, "summary.md"), "");
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    COUNT: count,
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: join(dir, "event.json"),
    GITHUB_OUTPUT: join(dir, "output"),
    GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
    GITHUB_WORKSPACE: ws,
    GITHUB_REPOSITORY: "Codertocat/Hello-World",
    GITHUB_API_URL: github.url,
    RUNNER_TEMP: dir,
    "INPUT_GITHUB-TOKEN": "ghs_bench",
    "INPUT_FAIL-ON": "never",
  };
  const t0 = performance.now();
  await run(process.execPath, [entry], { cwd: ws, env, maxBuffer: 64 << 20 });
  return performance.now() - t0;
}

try {
  // Warm the loopback GitHub (it loads the OpenAPI description on its first request), so
  // the first run is not charged for it.
  await fetch(`${github.url}/repos/Codertocat/Hello-World/issues/2/comments`);
  mkdirSync(ws);
  git("init", "-q");
  commit(planPath, plan);
  const first = await action(git("rev-parse", "HEAD"));
  const before = ran();
  const progress = commit(planPath, plan.replace("- [ ] 1.1", "- [x] 1.1"));
  const second = await action(progress);
  const progressRuns = ran() - before;
  console.log(
    `progress commit: first run ${(first / 1000).toFixed(2)} s, second ${(second / 1000).toFixed(2)} s: ratio ${(second / first).toFixed(3)} (target < 0.05); commands run ${progressRuns} of ${CHECKPOINTS} (target 0)`,
  );

  // One command fails on a new commit; the retry (same commit) re-runs only that one.
  const failing = commit("fail-3", "");
  await action(failing);
  const start = ran();
  const retry = await action(failing);
  const retried = ran() - start;
  console.log(
    `retry after one failure: commands run ${retried} / commands in the plan ${CHECKPOINTS} = ${(retried / CHECKPOINTS).toFixed(3)} (target ${(1 / CHECKPOINTS).toFixed(3)}: only the failed one), ${(retry / 1000).toFixed(2)} s`,
  );
  if (github.violations.length > 0) throw new Error(github.violations.join("\n"));
} finally {
  await github.close();
  rmSync(root, { recursive: true, force: true });
}
