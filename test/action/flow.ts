// The Action in process with the real engine on a real git workspace: a simulated runner
// (env, outputs, summary), the simulated GitHub conversation, artifacts in a directory.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, vi } from "vitest";
import { dirArtifacts } from "../../src/action/artifacts.ts";
import { createOctokit } from "../../src/github/octokit.ts";
import type { Report } from "../../src/report/schema.ts";
import { git, initRepo, tempDirs } from "../helpers/git.ts";
import { resetGitHubMocks } from "../helpers/github.ts";
import { payload } from "../helpers/payloads.ts";
import { applyEnv, simulateRunner } from "../helpers/runner.ts";

export const PLAN = ".kiro/specs/demo/tasks.md";

/** Two checkpoints counting their runs in $COUNT; the second passes only with ok.txt. */
export const COUNTING_PLAN = `# Demo
- [ ] 1. Work
  - [ ] 1.1 Do it
    - _Requirements: 1.1_
- [ ] 2. Checkpoint - Ensure \`echo build >> "$COUNT"\` succeeds
- [ ] 3. Checkpoint - Ensure \`echo test >> "$COUNT" && test -f ok.txt\` succeeds
`;

/** Temp dirs, the GitHub mocks and $COUNT, put back after each test of the file. */
export function flowTestDirs() {
  const dirs = tempDirs();
  const saved = process.env.COUNT;
  afterEach(() => {
    dirs.cleanup();
    resetGitHubMocks();
    process.env.COUNT = saved;
  });
  return dirs;
}

export interface ActionRun {
  outputs: Record<string, string>;
  summary: string;
  exitCode: number;
  report: Report | null;
}

/** A workspace repository holding `files`, committed. */
export function workspaceRepo(root: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  initRepo(root);
  return git(root, "rev-parse", "HEAD").trim();
}

export function commitFile(root: string, path: string, text: string): string {
  writeFileSync(join(root, path), text);
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", `edit ${path}`);
  return git(root, "rev-parse", "HEAD").trim();
}

/** A pull_request payload of PR #2 whose head is `sha`. */
export function prPayload(sha: string) {
  return payload("pull_request", "opened", (p) => {
    p.pull_request.head.sha = sha;
  });
}

/** Runs the Action once; `artifacts` is the directory standing for the run's artifacts. */
export async function runAction(
  workspace: string,
  options: {
    event: string;
    payload: unknown;
    inputs?: Record<string, string>;
    artifacts: string;
    /** Aborted as a cancelled workflow would be. */
    signal?: AbortSignal;
  },
): Promise<ActionRun> {
  const runner = simulateRunner({
    event: options.event,
    payload: options.payload,
    workspace,
    inputs: { "github-token": "ghs_test", ...options.inputs },
  });
  const restore = applyEnv(runner.env);
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    process.exitCode = undefined;
    vi.resetModules();
    const { run } = await import("../../src/action/main.ts");
    await run({
      createOctokit: (token) => createOctokit(token, { retryAfterBaseValue: 1 }),
      artifacts: dirArtifacts(options.artifacts),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const outputs = runner.outputs();
    const path = outputs.report;
    const report = path ? (JSON.parse(readFileSync(path, "utf8")) as Report) : null;
    return { outputs, summary: runner.summary(), exitCode: Number(process.exitCode ?? 0), report };
  } finally {
    process.exitCode = undefined;
    write.mockRestore();
    restore();
    runner.cleanup();
  }
}
