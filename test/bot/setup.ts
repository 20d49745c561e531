// Shared setup for the bot tests: a Probot instance with the dxfix app, the dx-py-runtime
// plan in a fake repository, and deliveries built from real webhook payloads.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Probot, ProbotOctokit } from "probot";
import { dxfixApp } from "../../src/bot/app.ts";
import { failureComment } from "../../src/bot/failures.ts";
import { checklistMarker, encodeReport } from "../../src/github/markers.ts";
import type { Report } from "../../src/report/schema.ts";
import { payload } from "../helpers/payloads.ts";
import { sampleCommand, sampleReport } from "../helpers/report.ts";
import { APP_LOGIN, FakeGitHub } from "./fake-github.ts";

export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const DEFAULT = "master";
export const SPEC = "dx-py-runtime-compilation-fix";
export const PLAN = `.kiro/specs/${SPEC}/tasks.md`;
const EXAMPLE = new URL(`../../examples/dx-py-runtime/.kiro/specs/${SPEC}/`, import.meta.url);
export const PLAN_TEXT = readFileSync(new URL("tasks.md", EXAMPLE), "utf8");
export const REQUIREMENTS_TEXT = readFileSync(new URL("requirements.md", EXAMPLE), "utf8");

export const privateKey = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
}).privateKey;

// Retries and throttling off, for every instance (Probot re-derives the installation
// client's options, and the throttler's 1 s spacing of writes would only slow tests).
export const testOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

export const SECRET = "test-webhook-secret";

/** `value`, or a loud failure naming `what` when it is missing. */
export function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}

export function newProbot(): Probot {
  return new Probot({
    appId: 1,
    secret: SECRET,
    privateKey,
    logLevel: "fatal",
    Octokit: testOctokit,
  });
}

export async function loadedProbot(): Promise<Probot> {
  const probot = newProbot();
  await probot.load(dxfixApp);
  return probot;
}

export function fakeRepo(extra: Record<string, string> = {}): FakeGitHub {
  return new FakeGitHub({
    owner: OWNER,
    repo: REPO,
    defaultBranch: DEFAULT,
    files: {
      [PLAN]: PLAN_TEXT,
      [`.kiro/specs/${SPEC}/requirements.md`]: REQUIREMENTS_TEXT,
      "README.md": "# hello\n",
      ...extra,
    },
  });
}

// biome-ignore lint/suspicious/noExplicitAny: webhook payloads are reshaped JSON.
type Json = any;

/** Point a real payload at the fake repository (and give it an installation). */
function retarget(p: Json, fake: FakeGitHub): Json {
  p.repository.owner.login = fake.owner;
  p.repository.name = fake.repo;
  p.repository.full_name = `${fake.owner}/${fake.repo}`;
  p.repository.default_branch = fake.defaultBranch;
  p.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return p;
}

export async function deliver(probot: Probot, name: string, p: Json, id: string = randomUUID()) {
  // biome-ignore lint/suspicious/noExplicitAny: the event name is dynamic here.
  await probot.receive({ id, name: name as any, payload: p });
}

export function pushPayload(fake: FakeGitHub, files: string[]): Json {
  return payload("push", undefined, (p: Json) => {
    retarget(p, fake);
    p.ref = `refs/heads/${fake.defaultBranch}`;
    p.after = fake.branches.get(fake.defaultBranch);
    p.commits[0].modified = files;
    p.commits[0].added = [];
    p.head_commit.modified = files;
    p.head_commit.added = [];
  });
}

export function commentPayload(
  fake: FakeGitHub,
  issue: number,
  body: string,
  login = "alice",
  isPull = true,
): Json {
  return payload("issue_comment", "created", (p: Json) => {
    retarget(p, fake);
    const c = fake.addComment(issue, body, login);
    p.comment.id = c.id;
    p.comment.body = body;
    p.comment.user.login = login;
    p.comment.user.type = "User";
    p.sender.login = login;
    p.sender.type = "User";
    p.issue.number = issue;
    if (isPull)
      p.issue.pull_request = {
        url: `https://api.github.com/repos/${fake.owner}/${fake.repo}/pulls/${issue}`,
      };
    else delete p.issue.pull_request;
  });
}

export function workflowRunPayload(
  fake: FakeGitHub,
  pull: number,
  conclusion: string,
  sha?: string,
): Json {
  return payload("workflow_run", "completed", (p: Json) => {
    retarget(p, fake);
    const pr = must(
      fake.pulls.find((x) => x.number === pull),
      `PR #${pull}`,
    );
    const head = sha ?? must(fake.branches.get(pr.head), `branch ${pr.head}`);
    p.workflow_run.conclusion = conclusion;
    p.workflow_run.head_sha = head;
    p.workflow_run.head_branch = pr.head;
    p.workflow_run.path = ".github/workflows/dxfix.yml";
    p.workflow.path = ".github/workflows/dxfix.yml";
    p.workflow_run.pull_requests = [
      {
        id: pull,
        number: pull,
        url: "",
        head: { ref: pr.head, sha: head, repo: {} },
        base: { ref: DEFAULT, sha: "", repo: {} },
      },
    ];
  });
}

export function checkSuitePayload(fake: FakeGitHub, pull: number, conclusion: string): Json {
  return payload("check_suite", "completed", (p: Json) => {
    retarget(p, fake);
    const pr = must(
      fake.pulls.find((x) => x.number === pull),
      `PR #${pull}`,
    );
    p.check_suite.conclusion = conclusion;
    p.check_suite.head_sha = must(fake.branches.get(pr.head), `branch ${pr.head}`);
    p.check_suite.head_branch = pr.head;
    p.check_suite.pull_requests = [];
  });
}

export function mergedPayload(fake: FakeGitHub, pull: number): Json {
  return payload("pull_request", "opened", (p: Json) => {
    retarget(p, fake);
    const pr = must(
      fake.pulls.find((x) => x.number === pull),
      `PR #${pull}`,
    );
    p.action = "closed";
    p.number = pull;
    p.pull_request.number = pull;
    p.pull_request.state = "closed";
    p.pull_request.merged = true;
    p.pull_request.merged_at = pr.merged_at;
    p.pull_request.body = pr.body;
    p.pull_request.user.login = pr.user?.login ?? "dxfix[bot]";
    p.pull_request.user.type = (pr.user?.type ?? "Bot") as "Bot";
    p.pull_request.head.ref = pr.head;
    p.pull_request.head.repo.full_name = `${fake.owner}/${fake.repo}`;
  });
}

/** A checklist comment by the Action carrying a report for the plan. */
export function reportComment(report: Report): string {
  return `${checklistMarker(report.plan.path)}\n## dxfix checklist\n\n${encodeReport(report)}\n`;
}

/** A report for the dx-py-runtime plan where checkpoint 3 (gating groups 1 and 2) has `status`. */
export function planReport(status: "passed" | "failed"): Report {
  return sampleReport((r) => {
    r.plan.path = PLAN;
    r.plan.spec = SPEC;
    r.status = status;
    r.groups = [
      {
        id: "1",
        title: "Fix Missing Dependency",
        kind: "work",
        state: "in_progress",
        gates: ["3"],
        status,
      },
      { id: "3", title: "Checkpoint", kind: "checkpoint", state: "todo", gates: [], status },
    ];
    const failed = status === "failed";
    r.checkpoints = [
      {
        id: "3",
        title: "Checkpoint - Verify JIT Integration Compiles",
        kind: "checkpoint",
        groupId: "3",
        line: 60,
        status,
        durationMs: 900,
        commands: [
          sampleCommand({
            run: "cargo build -p dx-py-interpreter",
            cwd: "dx-py-runtime",
            status,
            exitCode: failed ? 101 : 0,
            errors: failed ? 2 : 0,
            diagnostics: failed
              ? [
                  {
                    severity: "error",
                    code: "E0432",
                    message: "unresolved import `dx_py_reactor`",
                    file: "dx-py-interpreter/src/async_integration.rs",
                    line: 3,
                    column: 5,
                  },
                ]
              : [],
          }),
        ],
      },
    ];
    r.requirements = [
      {
        id: "1.2",
        text: "resolve every dx_py_reactor import",
        status: failed ? "failing" : "verified",
        tasks: ["1.1"],
        checkpoints: ["3"],
        properties: [],
      },
    ];
  });
}

/** The branch of the plan's first group. */
export const BRANCH1 = `dxfix/${SPEC}/1-fix-missing-dependency`;

/** A fake repo where the bot has opened PR #1 for group 1, and a report on it. */
export async function withPr(
  status: "passed" | "failed" | null,
  extra: Record<string, string> = {},
) {
  const fake = fakeRepo(extra);
  const probot = await loadedProbot();
  await deliver(probot, "push", pushPayload(fake, [PLAN]));
  if (fake.pulls.length !== 1) throw new Error(`expected PR #1 only, got ${fake.pulls.length}`);
  if (status) {
    // The Action's report names the PR head it checked.
    const report = planReport(status);
    report.commit = { sha: must(fake.branches.get(BRANCH1), `branch ${BRANCH1}`), ref: BRANCH1 };
    fake.addComment(1, reportComment(report), "github-actions[bot]", "Bot");
  }
  fake.gh.requests.length = 0;
  return { fake, probot };
}

/** The comments the app wrote on an issue or PR. */
export function botComments(fake: FakeGitHub, issue: number) {
  return fake.comments.filter((c) => c.issue === issue && c.login === APP_LOGIN);
}

/** The failure comment for group 1 of a demo plan. */
export function demoFailure(report: Report, sha: string): string {
  return failureComment({
    state: { spec: "demo", group: "1", plan: "tasks.md" },
    sha,
    branch: "dxfix/demo/1-fix",
    report,
    url: null,
  });
}
