// The committed bundle (dist/index.js) as the runner starts it: a child process with the
// runner's environment, a real pull_request payload, a tiny plan in a temp git repo whose
// checkpoints run real processes, and GITHUB_API_URL pointing at a loopback fake GitHub
// that checks every request against GitHub's OpenAPI description.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { checklistMarker, extractReport } from "../../src/github/markers.ts";
import { SCHEMA_VERSION } from "../../src/report/schema.ts";
import { type FakeGitHubServer, startFakeGitHub } from "../helpers/api-server.ts";
import { payload } from "../helpers/payloads.ts";
import { type SimulatedRunner, simulateRunner } from "../helpers/runner.ts";

const DIST = join(dirname(fileURLToPath(import.meta.url)), "../../dist/index.js");
const PLAN = ".kiro/specs/demo/tasks.md";
const marker = checklistMarker(PLAN);

function tasks(second: string): string {
  return `# Implementation Plan: Demo

## Tasks

- [x] 1. Greeter
  - [x] 1.1 Write it
    - _Requirements: 1.1_
- [ ] 2. Checkpoint - Ensure \`echo hello >> ran.txt\` succeeds
- [ ] 3. Second
  - [ ] 3.1 More
    - _Requirements: 1.2_
- [ ] 4. Checkpoint - Ensure \`${second}\` succeeds
`;
}

const REQUIREMENTS = `# Requirements

### Requirement 1: Greeting

#### Acceptance Criteria

1. WHEN asked THEN it SHALL greet
2. WHEN asked twice THEN it SHALL greet again
`;

function repo(second = "echo again"): string {
  const root = mkdtempSync(join(tmpdir(), "dxfix-action-"));
  mkdirSync(join(root, ".kiro/specs/demo"), { recursive: true });
  writeFileSync(join(root, PLAN), tasks(second));
  writeFileSync(join(root, ".kiro/specs/demo/requirements.md"), REQUIREMENTS);
  execFileSync("git", ["init", "-q"], { cwd: root });
  return root;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

const cleanups: Array<() => void> = [];
let server: FakeGitHubServer | null = null;

beforeAll(() => {
  if (!existsSync(DIST)) throw new Error("dist/index.js is missing: run `npm run bundle`");
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await server?.close();
  server = null;
});

function start(
  workspace: string,
  event: string,
  options: { payload?: unknown; inputs?: Record<string, string>; apiUrl?: string } = {},
): Promise<Run> {
  const runner: SimulatedRunner = simulateRunner({
    event,
    payload: options.payload ?? payload("pull_request", "opened"),
    workspace,
    apiUrl: options.apiUrl ?? "http://127.0.0.1:9", // nothing listens: any call fails loudly
    inputs: { "github-token": "ghs_test", ...options.inputs },
  });
  cleanups.push(() => runner.cleanup());
  const child = spawn(process.execPath, [DIST], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      ...runner.env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => {
    stdout += c;
  });
  child.stderr.on("data", (c) => {
    stderr += c;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout, stderr, outputs: runner.outputs(), summary: runner.summary() }),
    );
  });
}

async function fakeGitHub(): Promise<FakeGitHubServer> {
  server = await startFakeGitHub({ owner: "Codertocat", repo: "Hello-World", issueNumber: 2 });
  return server;
}

function workspace(second?: string): string {
  const root = repo(second);
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

describe("dist/index.js", () => {
  it("on push: runs the checkpoints, writes summary and outputs, calls no API", async () => {
    const root = workspace("exit 1");
    const run = await start(root, "push", { payload: payload("push") });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(readFileSync(join(root, "ran.txt"), "utf8")).toBe("hello\n");
    expect(run.stdout).toContain("::group::2: echo hello >> ran.txt");
    expect(run.stdout).toContain(
      `::error title=Checkpoint 4 failed,file=${PLAN},line=12::\`exit 1\``,
    );
    expect(run.stdout).toContain("event 'push': results go to the job summary, no PR comment");
    expect(run.summary).toContain("| 1. Greeting |");
    expect(run.outputs).toMatchObject({
      status: "failed",
      "requirements-verified": "1",
      "requirements-failing": "1",
      "requirements-pending": "0",
      "checkpoints-failed": "1",
    });
    const report = JSON.parse(readFileSync(run.outputs.report ?? "", "utf8"));
    expect(report).toMatchObject({
      schemaVersion: SCHEMA_VERSION,
      status: "failed",
      plan: { path: PLAN },
    });
  });

  it("on pull_request: creates the comment, then updates it", async () => {
    const gh = await fakeGitHub();
    const root = workspace();
    const first = await start(root, "pull_request", { apiUrl: gh.url });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]?.body.startsWith(`${marker}\n`)).toBe(true);
    expect(extractReport(gh.comments[0]?.body ?? "")).toMatchObject({
      status: "passed",
      plan: { path: PLAN },
    });
    expect(first.stdout).toMatch(/PR comment for \.kiro\/specs\/demo\/tasks\.md: created/);

    writeFileSync(join(root, PLAN), tasks("exit 1"));
    const second = await start(root, "pull_request", { apiUrl: gh.url });
    expect(second.code).toBe(1);
    expect(gh.comments).toHaveLength(1);
    expect(extractReport(gh.comments[0]?.body ?? "")?.status).toBe("failed");
    // Each run lists the comments once, for the previous report (reuse and trend), and
    // writes from that listing; a creation lists again to settle a race.
    expect(gh.requests.map((r) => r.operation)).toEqual([
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
    ]);
    expect(gh.requests[0]?.headers.authorization).toBe("token ghs_test");
    gh.assertNoViolations();
  });

  it("leaves a user's comment with the marker alone", async () => {
    const gh = await fakeGitHub();
    const forged = gh.add(`${marker}\nall green`, "Codertocat");
    const run = await start(workspace(), "pull_request", { apiUrl: gh.url });
    expect(run.code).toBe(0);
    expect(gh.comments).toHaveLength(2);
    expect(forged.body).toBe(`${marker}\nall green`);
    expect(gh.requests.some((r) => r.method === "PATCH" || r.method === "DELETE")).toBe(false);
    gh.assertNoViolations();
  });

  it("leaves one comment when two runs race", async () => {
    const gh = await fakeGitHub();
    // Both runs read the previous report first; they race on the writer's listing.
    gh.barrier(2, 2);
    const root = workspace();
    const runs = await Promise.all([
      start(root, "pull_request", { apiUrl: gh.url }),
      start(root, "pull_request", { apiUrl: gh.url }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(gh.requests.filter((r) => r.method === "POST")).toHaveLength(2);
    expect(gh.comments).toHaveLength(1);
    gh.assertNoViolations();
  });

  it("falls back to the summary on a read-only 403 without failing", async () => {
    const gh = await fakeGitHub();
    gh.fail("POST", 403, "Resource not accessible by integration");
    const run = await start(workspace(), "pull_request", { apiUrl: gh.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/read-only here.*falling back to the job summary/);
    expect(run.summary).toContain("the workflow token is read-only here");
    expect(run.outputs.status).toBe("passed");
    gh.assertNoViolations();
  });

  it("retries a 500, then comments", async () => {
    const gh = await fakeGitHub();
    gh.fail("POST", 500);
    const run = await start(workspace(), "pull_request", { apiUrl: gh.url });
    expect(run.code).toBe(0);
    expect(gh.requests.map((r) => r.method)).toEqual(["GET", "POST", "POST", "GET"]);
    expect(gh.comments).toHaveLength(1);
    gh.assertNoViolations();
  });

  it("under pull_request_target refuses to run the PR's commands", async () => {
    const gh = await fakeGitHub();
    const root = workspace();
    const run = await start(root, "pull_request_target", { apiUrl: gh.url });
    expect(run.code).toBe(1);
    expect(existsSync(join(root, "ran.txt"))).toBe(false);
    expect(run.stdout).toContain("::error title=dxfix refused to run untrusted code::");
    expect(run.summary).toContain("allow-untrusted-code: true");
    expect(gh.requests).toEqual([]);
  });
});
