// The Action in process with a simulated runner and a fake engine (the real runner is
// exercised by the bundled-action tests): events, outputs, summary, annotations, and
// every GitHub call checked against the OpenAPI description.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckOptions, Engine, RenderMarkdown } from "../../src/action/engine-types.ts";
import { COMMENT_LIMIT } from "../../src/github/limits.ts";
import { checklistMarker, extractReport } from "../../src/github/markers.ts";
import { createOctokit } from "../../src/github/octokit.ts";
import type { CommandResult, Finding, Report } from "../../src/report/schema.ts";
import { type FakeConversation, fakeConversation } from "../helpers/comments.ts";
import { type GitHubMock, mockGitHub, resetGitHubMocks } from "../helpers/github.ts";
import { payload } from "../helpers/payloads.ts";
import { sampleCommand, sampleReport } from "../helpers/report.ts";
import { applyEnv, type SimulatedRunner, simulateRunner } from "../helpers/runner.ts";
import { captureStdout } from "../helpers/stdout.ts";

const PLAN = ".kiro/specs/demo/tasks.md";
const marker = checklistMarker(PLAN);

const render: RenderMarkdown = (report, { runUrl }) =>
  [
    `## dxfix: ${report.plan.path} ${report.status}`,
    ...report.requirements.map((r) => `- ${r.id} ${r.status}`),
    runUrl ? `[run](${runUrl})` : "",
  ].join("\n");

function fakeEngine(make: () => Report, calls: CheckOptions[] = []): Engine {
  return {
    renderMarkdown: render,
    async checkPlan(options) {
      calls.push(options);
      const report = make();
      for (const checkpoint of report.checkpoints) {
        for (const result of checkpoint.commands) {
          options.onEvent?.({
            type: "command-start",
            checkpointId: checkpoint.id,
            run: result.run,
            cwd: result.cwd,
            reused: false,
          });
          options.onEvent?.({
            type: "output",
            chunk: Buffer.from(`output of ${result.run}\n::error::injected`),
            stream: "stdout",
          });
          options.onEvent?.({ type: "command-end", checkpointId: checkpoint.id, result });
        }
      }
      return report;
    },
  };
}

/** `cargo build` failing with `errors` errors and `warnings` warnings in src/lib.rs. */
function failedBuild(errors: number, warnings = 0): CommandResult {
  const diagnostics: Finding[] = [];
  for (let i = 0; i < errors; i++) {
    diagnostics.push({
      severity: "error",
      code: `E0${100 + i}`,
      message: `error ${i}`,
      file: "src/lib.rs",
      line: i + 1,
      column: 5,
    });
  }
  for (let i = 0; i < warnings; i++) {
    diagnostics.push({
      severity: "warning",
      code: "unused",
      message: `warning ${i}`,
      file: "src/lib.rs",
      line: 100 + i,
      column: 1,
    });
  }
  return sampleCommand({ status: "failed", exitCode: 101, errors, warnings, diagnostics });
}

function failing(errors: number, warnings = 0): Report {
  return sampleReport((r) => {
    r.status = "failed";
    r.checkpoints = r.checkpoints.map((c) => ({
      ...c,
      status: "failed",
      commands: [failedBuild(errors, warnings)],
    }));
    r.requirements = r.requirements.map((q) => ({ ...q, status: "failing" }));
    r.summary.requirements = { total: 1, verified: 0, failing: 1, pending: 0, uncovered: 0 };
    r.summary.checkpoints = { total: 1, passed: 0, failed: 1, notRun: 0 };
  });
}

let workspace: string;
let runner: SimulatedRunner | null = null;
let restoreEnv: (() => void) | null = null;
let stdout: string[] = [];

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), "dxfix-ws-"));
  mkdirSync(join(workspace, ".kiro/specs/demo"), { recursive: true });
  writeFileSync(join(workspace, PLAN), "# Implementation Plan\n");
  stdout = captureStdout();
});

afterEach(() => {
  vi.restoreAllMocks();
  restoreEnv?.();
  restoreEnv = null;
  runner?.cleanup();
  runner = null;
  rmSync(workspace, { recursive: true, force: true });
  resetGitHubMocks();
  process.exitCode = undefined;
});

async function runAction(
  event: string,
  engine: Engine,
  options: { payload?: unknown; inputs?: Record<string, string> } = {},
): Promise<{ outputs: Record<string, string>; summary: string; log: string; exitCode: number }> {
  restoreEnv?.();
  runner?.cleanup();
  runner = simulateRunner({
    event,
    payload: options.payload ?? payload("pull_request", "opened"),
    workspace,
    inputs: { "github-token": "ghs_test", ...options.inputs },
  });
  restoreEnv = applyEnv(runner.env);
  process.exitCode = undefined;
  vi.resetModules();
  const { run } = await import("../../src/action/main.ts");
  await run({ engine, createOctokit: (token) => createOctokit(token, { retryAfterBaseValue: 1 }) });
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { outputs: runner.outputs(), summary: runner.summary(), log: stdout.join(""), exitCode };
}

function github(): { gh: GitHubMock; pr: FakeConversation } {
  const gh = mockGitHub();
  return {
    gh,
    pr: fakeConversation(gh, { owner: "Codertocat", repo: "Hello-World", issueNumber: 2 }),
  };
}

describe("on push", () => {
  it("writes the summary and every output, and calls no API", async () => {
    const { gh } = github();
    const calls: CheckOptions[] = [];
    const result = await runAction(
      "push",
      fakeEngine(() => sampleReport(), calls),
      { payload: payload("push") },
    );
    expect(gh.requests).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(calls.map((c) => c.planPath)).toEqual([join(workspace, PLAN)]);
    expect(calls[0]).toMatchObject({ root: null, timeoutMs: 30 * 60_000, junit: [] });
    expect(result.summary).toContain(`## dxfix: ${PLAN} passed`);
    expect(result.summary).toContain(
      "[run](https://github.com/Codertocat/Hello-World/actions/runs/4242)",
    );
    expect(result.outputs).toMatchObject({
      status: "passed",
      "requirements-verified": "1",
      "requirements-failing": "0",
      "requirements-pending": "0",
      "checkpoints-failed": "0",
    });
    expect(JSON.parse(readFileSync(result.outputs.report ?? "", "utf8"))).toEqual(sampleReport());
  });

  it("puts each command in a log group whose output cannot issue workflow commands", async () => {
    github();
    const { log } = await runAction(
      "push",
      fakeEngine(() => sampleReport()),
      { payload: payload("push") },
    );
    const lines = log.split("\n");
    const start = lines.indexOf("::group::2: cargo build");
    expect(start).toBeGreaterThanOrEqual(0);
    const stop = /^::stop-commands::([0-9a-f-]{36})$/.exec(lines[start + 1] ?? "");
    expect(stop).not.toBeNull();
    expect(lines.slice(start + 2, start + 4)).toEqual([
      "output of cargo build",
      "::error::injected",
    ]);
    expect(lines[start + 4]).toBe(`::${stop?.[1]}::`);
    expect(lines[start + 5]).toBe("passed in 1.2s, exit code 0");
    expect(lines[start + 6]).toBe("::endgroup::");
  });

  it("reads plan, checkpoints and timeout from the inputs and the config file", async () => {
    github();
    mkdirSync(join(workspace, "sub/.kiro/specs/a"), { recursive: true });
    writeFileSync(join(workspace, "sub/.kiro/specs/a/tasks.md"), "");
    mkdirSync(join(workspace, ".github"));
    writeFileSync(
      join(workspace, ".github/dxfix.yml"),
      "timeoutMinutes: 7\njunit: [target/*.xml]\n",
    );
    const calls: CheckOptions[] = [];
    await runAction(
      "push",
      fakeEngine(() => sampleReport(), calls),
      {
        inputs: { "working-directory": "sub", checkpoints: "2, 5" },
      },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      planPath: join(workspace, "sub/.kiro/specs/a/tasks.md"),
      root: join(workspace, "sub"),
      checkpoints: ["2", "5"],
      timeoutMs: 7 * 60_000,
      junit: ["target/*.xml"],
    });
  });

  it("fails with a clear message on a bad config or input, still writing the status output", async () => {
    github();
    mkdirSync(join(workspace, ".github"));
    writeFileSync(join(workspace, ".github/dxfix.yml"), "mode: sideways\n");
    const bad = await runAction(
      "push",
      fakeEngine(() => sampleReport()),
    );
    expect(bad.exitCode).toBe(1);
    expect(bad.log).toContain("::error::.github/dxfix.yml:1:7: 'mode' must be one of");
    expect(bad.log).not.toMatch(/\n\s+at /);
    expect(bad.outputs.status).toBe("error");
    expect(bad.summary).toContain("## dxfix: not run");
    expect(bad.summary).toContain("'mode' must be one of");

    const wrong = await runAction(
      "push",
      fakeEngine(() => sampleReport()),
      { inputs: { "fail-on": "sometimes", config: "none.yml" } },
    );
    expect(wrong.log).toContain(
      "::error::input 'fail-on' must be 'failure' or 'never', got 'sometimes'",
    );

    rmSync(join(workspace, ".github/dxfix.yml"));
    const missing = await runAction(
      "push",
      fakeEngine(() => sampleReport()),
      { inputs: { plan: "docs/*.md" } },
    );
    expect(missing.log).toMatch(/::error::no plan found: 'docs\/\*\.md' matched no file/);
  });
});

describe("what stops a run", () => {
  /** An engine that throws; the error class is loaded the way main.ts loads it (after vi.resetModules). */
  const throwing = (make: (errors: typeof import("../../src/errors.ts")) => unknown): Engine => ({
    renderMarkdown: render,
    async checkPlan() {
      throw make(await import("../../src/errors.ts"));
    },
  });

  it("reports a user's error as one line, located when it knows where", async () => {
    github();
    const result = await runAction(
      "push",
      throwing((e) => new e.UsageError("duplicate task id 2.1", { file: PLAN, line: 3 })),
      { payload: payload("push") },
    );
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain(`::error::${PLAN}:3: duplicate task id 2.1`);
    expect(result.log).not.toContain("internal error");
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(result.outputs.status).toBe("error");
    expect(result.summary).toContain("duplicate task id 2.1");
  });

  it("reports anything else as an internal error, with its stack only in the debug log", async () => {
    github();
    const result = await runAction(
      "push",
      throwing(() => new TypeError("report is undefined")),
      { payload: payload("push") },
    );
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain("::error::internal error: report is undefined");
    expect(result.log).toMatch(/::debug::TypeError: report is undefined%0A\s+at /);
    expect(result.outputs.status).toBe("error");
    expect(result.summary).toContain("internal error: report is undefined");
  });
});

describe("failures and annotations", () => {
  it("annotates the first 10 errors and 10 warnings, says how many were left out, and fails", async () => {
    github();
    const result = await runAction(
      "push",
      fakeEngine(() => failing(13, 12)),
      { payload: payload("push") },
    );
    expect(result.exitCode).toBe(1);
    const errors = result.log.split("\n").filter((l) => l.startsWith("::error "));
    const warnings = result.log.split("\n").filter((l) => l.startsWith("::warning "));
    expect(errors).toHaveLength(10);
    expect(warnings).toHaveLength(10);
    expect(errors[0]).toBe("::error title=E0100,file=src/lib.rs,line=1,col=5::error 0");
    expect(result.log).toContain(
      "::notice title=dxfix%3A more diagnostics::3 more error(s) and 2 more warning(s)",
    );
    expect(result.log).toContain("::error::1 checkpoint(s) failed");
    expect(result.outputs).toMatchObject({
      status: "failed",
      "checkpoints-failed": "1",
      "requirements-failing": "1",
    });
  });

  it("annotates a failed command without diagnostics at its checkpoint line; fail-on never passes", async () => {
    github();
    const result = await runAction(
      "push",
      fakeEngine(() => failing(0)),
      { inputs: { "fail-on": "never" } },
    );
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain(
      `::error title=Checkpoint 2 failed,file=${PLAN},line=10::\`cargo build\` (in .): exited with code 101`,
    );
    expect(result.outputs.status).toBe("failed");
  });
});

describe("on pull_request", () => {
  it("creates the comment, updates it, then leaves an identical one alone", async () => {
    const { gh, pr } = github();
    const first = await runAction(
      "pull_request",
      fakeEngine(() => failing(1)),
    );
    expect(first.exitCode).toBe(1);
    expect(pr.comments).toHaveLength(1);
    const body = pr.comments[0]?.body ?? "";
    expect(body).toMatch(
      new RegExp(
        `^${marker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n<!-- dxfix:key [0-9a-f]{24} -->\n## dxfix: ${PLAN} failed`,
      ),
    );
    expect(extractReport(body)).toEqual(failing(1));
    expect(first.log).toContain("PR comment for .kiro/specs/demo/tasks.md: created");
    expect(first.outputs).toMatchObject({
      "comment-id": String(pr.comments[0]?.id),
      "comment-url": pr.comments[0]?.html_url,
    });

    const second = await runAction(
      "pull_request",
      fakeEngine(() => sampleReport()),
    );
    expect(second.exitCode).toBe(0);
    expect(pr.comments).toHaveLength(1);
    expect(extractReport(pr.comments[0]?.body ?? "")).toEqual(sampleReport());
    // Same outcome, other timings: nothing new to say, so no edit.
    const later = sampleReport();
    later.generatedAt = "2030-01-01T00:00:00.000Z";
    for (const c of later.checkpoints) {
      c.durationMs += 1234;
      for (const cmd of c.commands) cmd.durationMs += 999;
    }
    await runAction(
      "pull_request",
      fakeEngine(() => later),
    );
    // Each run lists the comments once, for the previous report (reuse, trend), and writes
    // its comment from that listing; only a creation lists again (to settle a race).
    const list = "GET /repos/Codertocat/Hello-World/issues/2/comments";
    expect(gh.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
      list,
      "POST /repos/Codertocat/Hello-World/issues/2/comments",
      list,
      list,
      "PATCH /repos/Codertocat/Hello-World/issues/comments/1000",
      list,
    ]);
    expect(gh.requests[0]?.headers.authorization).toBe("token ghs_test");
    gh.assertNoViolations();
  });

  it("checks the PR head commit (not the merge commit) and says so in the report", async () => {
    const { gh } = github();
    const calls: CheckOptions[] = [];
    await runAction(
      "pull_request",
      fakeEngine(() => sampleReport(), calls),
    );
    const head = (
      payload("pull_request", "opened") as { pull_request: { head: { sha: string; ref: string } } }
    ).pull_request.head;
    expect(calls[0]?.commit).toEqual({ sha: head.sha, ref: head.ref });
    gh.assertNoViolations();
  });

  it("leaves a user's comment carrying the marker alone", async () => {
    const { gh, pr } = github();
    const forged = pr.add(`${marker}\nall green`, "Codertocat");
    await runAction(
      "pull_request",
      fakeEngine(() => sampleReport()),
    );
    expect(pr.comments).toHaveLength(2);
    expect(forged.body).toBe(`${marker}\nall green`);
    expect(pr.comments[1]?.user.login).toBe("github-actions[bot]");
    gh.assertNoViolations();
  });

  it("trusts the comment-author input as its own identity", async () => {
    const { gh, pr } = github();
    const mine = pr.add(`${marker}\nold`, "dxfix-app[bot]");
    await runAction(
      "pull_request",
      fakeEngine(() => sampleReport()),
      { inputs: { "comment-author": "dxfix-app[bot]" } },
    );
    expect(pr.comments.map((c) => c.id)).toEqual([mine.id]);
    expect(mine.body).toContain("## dxfix:");
    gh.assertNoViolations();
  });

  it("falls back to the summary on a read-only 403 without failing", async () => {
    const { gh, pr } = github();
    pr.fail("POST", 403, "Resource not accessible by integration");
    const result = await runAction(
      "pull_request",
      fakeEngine(() => sampleReport()),
    );
    expect(result.exitCode).toBe(0);
    expect(result.log).toMatch(
      /the token is read-only here .*pull-requests: write.*falling back to the job summary/,
    );
    expect(result.summary).toContain(
      "could not comment on this PR (the workflow token is read-only here)",
    );
    expect(result.summary).toContain(`## dxfix: ${PLAN} passed`);
    expect(result.outputs.status).toBe("passed");
    gh.assertNoViolations();
  });

  it("names the permission on another 403 as a warning, without failing the check", async () => {
    const { gh, pr } = github();
    // The first GET reads the previous report; the second lists comments to write one.
    pr.fail("GET", 403, "Must have admin rights to Repository.");
    pr.fail("GET", 403, "Must have admin rights to Repository.");
    const result = await runAction(
      "pull_request",
      fakeEngine(() => sampleReport()),
    );
    expect(result.exitCode).toBe(0);
    expect(result.log).toMatch(
      /::warning::could not write the PR comment .*"pull-requests: write"/,
    );
    gh.assertNoViolations();
  });

  it("retries a 500 and then comments", async () => {
    const { gh, pr } = github();
    pr.fail("GET", 500);
    const result = await runAction(
      "pull_request",
      fakeEngine(() => sampleReport()),
    );
    expect(result.exitCode).toBe(0);
    expect(pr.comments).toHaveLength(1);
    // The previous report's read is retried; the comment is then created and re-listed.
    expect(gh.requests.map((r) => r.method)).toEqual(["GET", "GET", "POST", "GET"]);
    gh.assertNoViolations();
  });

  it("keeps an oversized report under the comment limit and still embeds it", async () => {
    const { gh, pr } = github();
    let seed = 42;
    const noise = (n: number) =>
      Array.from({ length: n }, () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return (seed >> 8).toString(36).slice(-1);
      }).join("");
    const huge = () =>
      sampleReport((r) => {
        const [gate] = r.checkpoints;
        const [criterion] = r.requirements;
        if (!gate || !criterion) throw new Error("sampleReport has a gate and a criterion");
        r.checkpoints = Array.from({ length: 30 }, (_, i) => ({
          ...gate,
          id: `${i + 2}`,
          commands: [sampleCommand({ logTail: noise(20_000), run: `step ${i}` })],
        }));
        r.requirements = Array.from({ length: 3000 }, (_, i) => ({
          ...criterion,
          id: `${i}.1`,
          text: "y".repeat(40),
        }));
      });
    const result = await runAction("pull_request", fakeEngine(huge));
    expect(result.exitCode).toBe(0);
    const body = pr.comments[0]?.body ?? "";
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain("cut to fit GitHub's comment size limit");
    const embedded = extractReport(body);
    expect(embedded?.checkpoints).toHaveLength(30);
    expect(embedded?.requirements).toHaveLength(3000);
    expect(embedded?.checkpoints[0]?.commands[0]?.logTail.length).toBeLessThan(20_000);
    // Trimming keeps the end of a log, where the failure is.
    const kept = embedded?.checkpoints[29]?.commands[0]?.logTail ?? "x";
    expect(huge().checkpoints[29]?.commands[0]?.logTail.endsWith(kept)).toBe(true);
    expect(body).not.toContain("- 2999.1 verified");
    expect(result.summary).toContain("- 2999.1 verified");
    expect(result.summary).not.toContain("cut to fit");
    gh.assertNoViolations();
  });

  it("writes only the summary on a fork PR", async () => {
    const { gh } = github();
    const fork = payload("pull_request", "opened", (p) => {
      p.pull_request.head.repo.full_name = "mallory/Hello-World";
    });
    const result = await runAction(
      "pull_request",
      fakeEngine(() => sampleReport()),
      { payload: fork },
    );
    expect(gh.requests).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain("This PR comes from a fork");
  });

  it("comments once per plan, each with its own marker", async () => {
    const { gh, pr } = github();
    mkdirSync(join(workspace, ".kiro/specs/other"), { recursive: true });
    writeFileSync(join(workspace, ".kiro/specs/other/tasks.md"), "");
    const engine = fakeEngine(() => sampleReport());
    const check = engine.checkPlan;
    engine.checkPlan = async (o) => {
      const report = await check(o);
      report.plan.path = o.planPath.slice(workspace.length + 1);
      return report;
    };
    await runAction("pull_request", engine);
    expect(pr.comments.map((c) => c.body.split("\n")[0])).toEqual([
      checklistMarker(".kiro/specs/demo/tasks.md"),
      checklistMarker(".kiro/specs/other/tasks.md"),
    ]);
    gh.assertNoViolations();
  });
});

describe("on pull_request_target", () => {
  it("refuses to run the PR's commands and explains why", async () => {
    const { gh } = github();
    const calls: CheckOptions[] = [];
    const result = await runAction(
      "pull_request_target",
      fakeEngine(() => sampleReport(), calls),
    );
    expect(calls).toEqual([]);
    expect(gh.requests).toEqual([]);
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain("::error title=dxfix refused to run untrusted code::");
    expect(result.summary).toMatch(/token that can write to this repository/);
    expect(result.summary).toContain("allow-untrusted-code: true");
    expect(result.outputs.status).toBe("refused");
  });

  it("runs and comments when allow-untrusted-code is true", async () => {
    const { gh, pr } = github();
    const calls: CheckOptions[] = [];
    await runAction(
      "pull_request_target",
      fakeEngine(() => sampleReport(), calls),
      {
        inputs: { "allow-untrusted-code": "true" },
      },
    );
    expect(calls).toHaveLength(1);
    expect(pr.comments).toHaveLength(1);
    gh.assertNoViolations();
  });
});

describe("on other events that run with a write token", () => {
  // The two with validated example payloads; pull_request_review(_comment) share the rule.
  for (const [event, action] of [
    ["workflow_run", "completed"],
    ["issue_comment", "created"],
  ] as const) {
    it(`${event}: refuses to run commands unless allow-untrusted-code is set`, async () => {
      const { gh } = github();
      const calls: CheckOptions[] = [];
      const refused = await runAction(
        event,
        fakeEngine(() => sampleReport(), calls),
        {
          payload: payload(event, action),
        },
      );
      expect(calls).toEqual([]);
      expect(gh.requests).toEqual([]);
      expect(refused.exitCode).toBe(1);
      expect(refused.summary).toContain(
        `under \`${event}\` the workflow has a token that can write`,
      );
      expect(refused.outputs.status).toBe("refused");
      const allowed = await runAction(
        event,
        fakeEngine(() => sampleReport(), calls),
        {
          payload: payload(event, action),
          inputs: { "allow-untrusted-code": "true", comment: "false" },
        },
      );
      expect(calls).toHaveLength(1);
      expect(allowed.outputs.status).toBe("passed");
    });
  }
});

it("never leaves a report file when nothing ran", async () => {
  github();
  const result = await runAction(
    "pull_request_target",
    fakeEngine(() => sampleReport()),
  );
  expect(result.outputs.report).toBe("");
  const temp = runner?.env.RUNNER_TEMP;
  expect(temp).toBeTruthy();
  expect(existsSync(join(temp ?? "", "dxfix"))).toBe(false);
});

it("annotates a diagnostic repeated by several commands once", async () => {
  github();
  const twice = () =>
    sampleReport((r) => {
      const command = failedBuild(2);
      r.status = "failed";
      r.checkpoints = r.checkpoints.flatMap((gate) => [
        { ...gate, status: "failed" as const, commands: [command] },
        {
          ...gate,
          id: "4",
          status: "failed" as const,
          commands: [{ ...command, run: "cargo test" }],
        },
      ]);
    });
  const result = await runAction("push", fakeEngine(twice));
  const errors = result.log.split("\n").filter((l) => l.startsWith("::error title=E0"));
  expect(errors).toEqual([
    "::error title=E0100,file=src/lib.rs,line=1,col=5::error 0",
    "::error title=E0101,file=src/lib.rs,line=2,col=5::error 1",
  ]);
});

it("finds plans deeper in the repository when the default glob finds none at the top", async () => {
  github();
  rmSync(join(workspace, ".kiro"), { recursive: true });
  for (const dir of ["examples/a", "node_modules/pkg"]) {
    mkdirSync(join(workspace, dir, ".kiro/specs/s"), { recursive: true });
    writeFileSync(join(workspace, dir, ".kiro/specs/s/tasks.md"), "");
  }
  const calls: CheckOptions[] = [];
  const result = await runAction(
    "push",
    fakeEngine(() => sampleReport(), calls),
  );
  expect(calls.map((c) => c.planPath)).toEqual([
    join(workspace, "examples/a/.kiro/specs/s/tasks.md"),
  ]);
  expect(result.log).toContain("found examples/a/.kiro/specs/s/tasks.md deeper in the repository");

  const explicit = await runAction(
    "push",
    fakeEngine(() => sampleReport()),
    { inputs: { plan: ".kiro/specs/*/tasks.md" } },
  );
  expect(explicit.exitCode).toBe(1);
  expect(explicit.log).toContain("::error::no plan found");
});

it("annotates files relative to the repository when the plan's project is in a subfolder", async () => {
  github();
  rmSync(join(workspace, ".kiro"), { recursive: true });
  mkdirSync(join(workspace, "examples/a/.kiro/specs/s"), { recursive: true });
  mkdirSync(join(workspace, "examples/a/src"), { recursive: true });
  writeFileSync(join(workspace, "examples/a/.kiro/specs/s/tasks.md"), "");
  writeFileSync(join(workspace, "examples/a/src/lib.rs"), "");
  // The engine reports paths relative to the folder holding .kiro/.
  const inSubfolder = (errors: number) => () => {
    const report = failing(errors);
    report.plan.path = ".kiro/specs/s/tasks.md";
    return report;
  };
  const withDiagnostics = await runAction("push", fakeEngine(inSubfolder(1)));
  expect(withDiagnostics.log).toContain(
    "::error title=E0100,file=examples/a/src/lib.rs,line=1,col=5::error 0",
  );
  const without = await runAction("push", fakeEngine(inSubfolder(0)));
  expect(without.log).toContain(
    "::error title=Checkpoint 2 failed,file=examples/a/.kiro/specs/s/tasks.md,line=10::",
  );
});
