// The bot's cost: REST calls per event type (mocked GitHub, every request checked against
// the OpenAPI description), and webhook throughput of the dxfix app against a no-op Probot
// app, both behind createNodeMiddleware on loopback with signed deliveries, in this run.
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApplicationFunction, createNodeMiddleware, type Probot } from "probot";
import { dxfixApp } from "../src/bot/app.ts";
import { BIG_PLAN, bigPlan } from "../test/bot/big-plan.ts";
import type { FakeGitHub } from "../test/bot/fake-github.ts";
import {
  checkSuitePayload,
  commentPayload,
  deliver,
  fakeRepo,
  loadedProbot,
  mergedPayload,
  newProbot,
  PLAN,
  planReport,
  pushPayload,
  reportComment,
  SECRET,
  SPEC,
  workflowRunPayload,
} from "../test/bot/setup.ts";
import { resetGitHubMocks } from "../test/helpers/github.ts";

const BRANCH1 = `dxfix/${SPEC}/1-fix-missing-dependency`;

// ---- REST calls per event ---------------------------------------------------------------

interface Row {
  event: string;
  calls: number;
  writes: number;
  violations: number;
}

async function measure(
  event: string,
  setup: (fake: FakeGitHub, probot: Probot) => Promise<void>,
  run: (fake: FakeGitHub, probot: Probot) => Promise<void>,
  extra: Record<string, string> = {},
): Promise<Row> {
  resetGitHubMocks();
  const fake = fakeRepo(extra);
  fake.permissions.set("alice", { permission: "write", role_name: "write" });
  const probot = await loadedProbot();
  await setup(fake, probot);
  fake.gh.requests.length = 0;
  fake.gh.violations.length = 0;
  await run(fake, probot);
  // The installation token (once per installation) and the app's own login (`GET /app`,
  // once per process) are cached: not counted.
  const calls = fake.gh.requests.filter((r) => !/^\/app(\/installations\/|$)/.test(r.path));
  return {
    event,
    calls: calls.length,
    writes: calls.filter((r) => r.method !== "GET").length,
    violations: fake.gh.violations.length,
  };
}

/** The commit a branch of the fake points at; the scenario made it, so it must exist. */
function headOf(fake: FakeGitHub, branch: string): string {
  const sha = fake.branches.get(branch);
  if (!sha) throw new Error(`bench scenario: no branch ${branch}`);
  return sha;
}

async function withPr(fake: FakeGitHub, probot: Probot, status: "passed" | "failed") {
  await deliver(probot, "push", pushPayload(fake, [PLAN]));
  const report = planReport(status);
  report.commit = { sha: headOf(fake, BRANCH1), ref: BRANCH1 };
  fake.addComment(1, reportComment(report), "github-actions[bot]", "Bot");
}

const none = async () => {};

type Step = (fake: FakeGitHub, probot: Probot) => Promise<void>;

/** One measured scenario: the state to set up (not counted), then the event counted. */
interface Scenario {
  event: string;
  setup: Step;
  run: Step;
  files?: Record<string, string>;
}

const pushPlan: Step = (f, p) => deliver(p, "push", pushPayload(f, [PLAN]));
const runFailed: Step = (f, p) => deliver(p, "workflow_run", workflowRunPayload(f, 1, "failure"));
const failedPr: Step = (f, p) => withPr(f, p, "failed");
const failedAndCommented: Step = async (f, p) => {
  await withPr(f, p, "failed");
  await runFailed(f, p);
};
const say =
  (body: string, login = "alice"): Step =>
  (f, p) =>
    deliver(p, "issue_comment", commentPayload(f, 1, body, login));

const SCENARIOS: Scenario[] = [
  { event: "push (plan changed, sequential: opens 1 PR)", setup: none, run: pushPlan },
  {
    event: "push (plan changed, parallel: opens 4 PRs)",
    setup: none,
    run: pushPlan,
    files: { ".github/dxfix.yml": "mode: parallel\n" },
  },
  {
    // Before maxOpenPrs: 150 PRs, 1,354 calls for this push.
    event: "push (parallel plan of 150 groups: opens maxOpenPrs = 10 PRs)",
    setup: none,
    run: (f, p) => deliver(p, "push", pushPayload(f, [BIG_PLAN])),
    files: { [BIG_PLAN]: bigPlan(150), ".github/dxfix.yml": "mode: parallel\n" },
  },
  { event: "push (redelivery: PR exists)", setup: pushPlan, run: pushPlan },
  {
    event: "push (no plan touched)",
    setup: none,
    run: (f, p) => deliver(p, "push", pushPayload(f, ["src/lib.rs"])),
  },
  {
    event: "pull_request.closed (merged: next group)",
    setup: async (f, p) => {
      await pushPlan(f, p);
      f.merge(1);
    },
    run: (f, p) => deliver(p, "pull_request", mergedPayload(f, 1)),
  },
  { event: "workflow_run.completed (failure: comment)", setup: failedPr, run: runFailed },
  {
    event: "workflow_run.completed (failure, redelivered)",
    setup: failedAndCommented,
    run: runFailed,
  },
  {
    event: "workflow_run.completed (success: progress [x])",
    setup: (f, p) => withPr(f, p, "passed"),
    run: (f, p) => deliver(p, "workflow_run", workflowRunPayload(f, 1, "success")),
  },
  {
    event: "check_suite.completed (another CI app, failure, already commented)",
    setup: failedAndCommented,
    run: (f, p) => {
      const suite = checkSuitePayload(f, 1, "failure");
      if (suite.check_suite.app) suite.check_suite.app.slug = "circleci-checks";
      return deliver(p, "check_suite", suite);
    },
  },
  {
    event: "check_suite.completed (GitHub Actions: left to workflow_run)",
    setup: failedPr,
    run: (f, p) => deliver(p, "check_suite", checkSuitePayload(f, 1, "failure")),
  },
  { event: "issue_comment /dxfix help", setup: none, run: say("/dxfix help") },
  { event: "issue_comment /dxfix status", setup: failedPr, run: say("/dxfix status") },
  {
    event: "issue_comment /dxfix retry (re-run)",
    setup: async (f, p) => {
      await withPr(f, p, "failed");
      f.runs.push({
        id: 9,
        head_sha: headOf(f, BRANCH1),
        status: "completed",
        conclusion: "failure",
        run_attempt: 1,
        workflow: "dxfix.yml",
      });
    },
    run: say("/dxfix retry"),
  },
  {
    event: "issue_comment /dxfix retry (refused: read)",
    setup: none,
    run: async (f, p) => {
      f.permissions.set("eve", { permission: "read", role_name: "read" });
      await say("/dxfix retry", "eve")(f, p);
    },
  },
  { event: "issue_comment (no command)", setup: none, run: say("LGTM") },
];

async function restCalls(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const s of SCENARIOS) rows.push(await measure(s.event, s.setup, s.run, s.files));
  return rows;
}

// ---- throughput ---------------------------------------------------------------------------

async function serve(
  probot: Probot,
  app: ApplicationFunction,
): Promise<{ server: Server; url: string }> {
  const middleware = await createNodeMiddleware(app, { probot, webhooksPath: "/hook" });
  const server = createServer(
    (req, res) => void middleware(req, res, () => res.writeHead(404).end()),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

async function throughput(url: string, bodies: string[], concurrency: number): Promise<number> {
  const signed = bodies.map((b) => ({
    body: b,
    sig: `sha256=${createHmac("sha256", SECRET).update(b).digest("hex")}`,
  }));
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < signed.length) {
      const delivery = signed[next++];
      if (!delivery) break;
      const { body, sig } = delivery;
      const res = await fetch(url, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-github-event": "issue_comment",
          "x-github-delivery": randomUUID(),
          "x-hub-signature-256": sig,
        },
      });
      if (res.status !== 200) throw new Error(`delivery answered ${res.status}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return signed.length / ((performance.now() - start) / 1000);
}

async function main() {
  const rows = await restCalls();
  console.log(
    "REST calls per event (mocked GitHub; the installation token and GET /app, both cached, not counted)",
  );
  const width = Math.max(...rows.map((r) => r.event.length));
  console.log(`  ${"event".padEnd(width)}  calls  writes  openapi-violations`);
  for (const r of rows) {
    console.log(
      `  ${r.event.padEnd(width)}  ${String(r.calls).padStart(5)}  ${String(r.writes).padStart(6)}  ${r.violations}`,
    );
  }

  const N = Number(process.env.BOT_BENCH_DELIVERIES ?? 300);
  const concurrency = 8;
  const results: Record<string, number> = {};
  // The call counts come from the table above, so the label cannot drift from them.
  const helpCalls = rows.find((r) => r.event.endsWith("/dxfix help"))?.calls ?? 0;
  for (const [label, command] of [
    [`/dxfix help (${helpCalls} REST calls each, the claim included)`, "/dxfix help"],
    ["comment without a command (0 calls)", "Looks good to me"],
  ] as const) {
    resetGitHubMocks();
    const fake = fakeRepo();
    fake.permissions.set("alice", { permission: "write", role_name: "write" });
    const bodies = Array.from({ length: N }, () =>
      JSON.stringify(commentPayload(fake, 1, command, "alice")),
    );
    const dx = await serve(newProbot(), dxfixApp);
    const noop = await serve(newProbot(), () => {});
    await throughput(noop.url, bodies.slice(0, 20), concurrency); // warm-up
    await throughput(dx.url, bodies.slice(0, 20), concurrency);
    const base = await throughput(noop.url, bodies, concurrency);
    const app = await throughput(dx.url, bodies, concurrency);
    dx.server.close();
    noop.server.close();
    results[label] = app / base;
    console.log(
      `throughput, ${label}: dxfix ${app.toFixed(0)} deliveries/s, no-op app ${base.toFixed(0)} deliveries/s, ratio ${(app / base).toFixed(2)} (${N} signed deliveries, ${concurrency} concurrent, loopback)`,
    );
  }
  resetGitHubMocks();
}

await main();
