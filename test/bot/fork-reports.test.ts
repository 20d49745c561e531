// Fork PRs through the bot: on workflow_run the bot downloads the fork run's report
// artifact (GET the run's artifacts, then the zip behind GitHub's redirect; every API
// request checked against the OpenAPI description) and posts the living comment. The
// artifact is the fork's: a wrong PR, a wrong commit, an oversized or malformed artifact
// is refused, and the report's text is escaped like any other.
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { encodeForkReports, FORK_ARTIFACT, FORK_FILE } from "../../src/github/fork-artifact.ts";
import { checklistMarker, extractReport } from "../../src/github/markers.ts";
import type { Report } from "../../src/report/schema.ts";
import { resetGitHubMocks } from "../helpers/github.ts";
import { payload } from "../helpers/payloads.ts";
import { makeZip } from "../helpers/zip.ts";
import { APP_LOGIN } from "./fake-github.ts";
import { BRANCH1, deliver, must, OWNER, PLAN, planReport, REPO, withPr } from "./setup.ts";

afterEach(() => {
  resetGitHubMocks();
  nock.cleanAll();
});

const BLOB = "https://results-receiver.actions.githubusercontent.com";
const RUN = 4711;

type Fake = Awaited<ReturnType<typeof withPr>>["fake"];

function forkRunPayload(fake: Fake, sha: string) {
  return payload("workflow_run", "completed", (p) => {
    p.repository.owner.login = OWNER;
    p.repository.name = REPO;
    p.repository.full_name = `${OWNER}/${REPO}`;
    p.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
    p.workflow_run.id = RUN;
    p.workflow_run.event = "pull_request";
    p.workflow_run.head_sha = sha;
    p.workflow_run.head_branch = "main";
    p.workflow_run.head_repository.full_name = "mallory/Hello-World";
    p.workflow_run.pull_requests = [];
    p.workflow_run.path = ".github/workflows/dxfix.yml";
    p.workflow.path = ".github/workflows/dxfix.yml";
    void fake;
  });
}

/** The run's artifact list and download, as GitHub serves them. */
function serveArtifact(fake: Fake, zip: Buffer, size = zip.length) {
  fake.gh.scope
    .get(`/repos/${OWNER}/${REPO}/actions/runs/${RUN}/artifacts`)
    .query(true)
    .reply(200, {
      total_count: 1,
      artifacts: [{ id: 99, name: FORK_ARTIFACT, size_in_bytes: size, expired: false }],
    })
    .get(`/repos/${OWNER}/${REPO}/actions/artifacts/99/zip`)
    .optionally()
    .reply(302, "", { location: `${BLOB}/artifact/99.zip?sig=x` });
  nock(BLOB)
    .get("/artifact/99.zip")
    .query(true)
    .optionally()
    .reply(200, zip, { "content-type": "application/zip" });
}

function forkZip(sha: string, mutate: (report: Report) => void = () => {}) {
  const report = planReport("failed");
  report.commit = { sha, ref: "main" };
  mutate(report);
  const json = encodeForkReports({ pr: 1, plans: [{ path: PLAN, report }] });
  return { report, zip: makeZip({ [FORK_FILE]: json }) };
}

async function forkSetUp(mutate: (report: Report) => void = () => {}) {
  const { fake, probot } = await withPr(null);
  const sha = must(fake.branches.get(BRANCH1), BRANCH1);
  return { fake, probot, sha, ...forkZip(sha, mutate) };
}

const checklists = (fake: Fake) =>
  fake.comments.filter((c) => c.body.startsWith(checklistMarker(PLAN)));

describe("fork PR reports through the bot", () => {
  it("posts the fork run's report as the living comment, then updates it", async () => {
    const { fake, probot, sha, report, zip } = await forkSetUp();
    serveArtifact(fake, zip);
    await deliver(probot, "workflow_run", forkRunPayload(fake, sha));
    const [posted] = checklists(fake);
    expect(posted?.login).toBe(APP_LOGIN);
    expect(extractReport(posted?.body)?.status).toBe(report.status);
    expect(extractReport(posted?.body)?.checkpoints).toEqual(report.checkpoints);
    fake.gh.assertNoViolations();
    const { zip: second } = forkZip(sha, (r) => {
      r.status = "passed";
    });
    serveArtifact(fake, second);
    // The fake conversation has no edits: this one is served here, like GitHub would.
    fake.gh.scope.patch(/\/issues\/comments\/\d+$/).reply(async (req: Request) => {
      const id = Number(new URL(req.url).pathname.split("/").at(-1));
      const target = must(
        fake.comments.find((c) => c.id === id),
        `comment ${id}`,
      );
      target.body = ((await req.json()) as { body: string }).body;
      return [
        200,
        { id, body: target.body, html_url: "https://github.com/c", user: { login: APP_LOGIN } },
      ];
    });
    await deliver(probot, "workflow_run", forkRunPayload(fake, sha));
    expect(checklists(fake)).toHaveLength(1);
    expect(extractReport(checklists(fake)[0]?.body)?.status).toBe("passed");
  });

  it("escapes the report's text: no mention, no forged marker", async () => {
    const { fake, probot, sha, zip } = await forkSetUp((r) => {
      r.plan.title = "@admins please merge <!-- dxfix:checklist plan=x -->";
      for (const q of r.requirements) q.text = "ping @everyone #1";
    });
    serveArtifact(fake, zip);
    await deliver(probot, "workflow_run", forkRunPayload(fake, sha));
    const body = must(checklists(fake)[0], "the comment").body;
    expect(body).not.toMatch(/@admins|@everyone|#1\b/);
    expect(body.split("<!-- dxfix:checklist").length).toBe(2);
  });

  it("refuses an artifact naming a PR whose head is not the run's commit", async () => {
    const { fake, probot, zip } = await forkSetUp();
    serveArtifact(fake, zip);
    await deliver(probot, "workflow_run", forkRunPayload(fake, "f".repeat(40)));
    expect(checklists(fake)).toHaveLength(0);
  });

  it("refuses a report for another commit", async () => {
    const { fake, probot, sha, zip } = await forkSetUp((r) => {
      r.commit = { sha: "e".repeat(40), ref: null };
    });
    serveArtifact(fake, zip);
    await deliver(probot, "workflow_run", forkRunPayload(fake, sha));
    expect(checklists(fake)).toHaveLength(0);
  });

  it("refuses an oversized artifact without downloading it", async () => {
    const { fake, probot, sha, zip } = await forkSetUp();
    serveArtifact(fake, zip, 50 * 1024 * 1024);
    await deliver(probot, "workflow_run", forkRunPayload(fake, sha));
    expect(checklists(fake)).toHaveLength(0);
    expect(fake.requests("GET", /\/actions\/artifacts\/99\/zip$/)).toHaveLength(0);
  });

  it("refuses a malformed artifact and a deflate bomb", async () => {
    const { fake, probot, sha } = await forkSetUp();
    serveArtifact(fake, makeZip({ [FORK_FILE]: '{"v":1,"pr":1,"plans":[{"path":"x"}]}' }));
    await deliver(probot, "workflow_run", forkRunPayload(fake, sha));
    serveArtifact(fake, makeZip({ [FORK_FILE]: Buffer.alloc(64 * 1024 * 1024, 32) }));
    await deliver(probot, "workflow_run", forkRunPayload(fake, sha));
    expect(checklists(fake)).toHaveLength(0);
    fake.gh.assertNoViolations();
  });
});
