// Matrix fan-out through the Action with the real engine: the units as strategy.matrix,
// each job running its unit and uploading a partial report, and the merge posting the one
// report, which must equal the single-job report of the same commit apart from timings
// and job names.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { partialPrefix } from "../../src/action/matrix.ts";
import { extractReport } from "../../src/github/markers.ts";
import type { Report } from "../../src/report/schema.ts";
import { fakeConversation } from "../helpers/comments.ts";
import { mockGitHub } from "../helpers/github.ts";
import { flowTestDirs, PLAN, prPayload, runAction, workspaceRepo } from "./flow.ts";

const plan = `# Demo
- [ ] 1. Work
  - [ ] 1.1 Build it
    - _Requirements: 1.1_
  - [ ] 1.2 Lint it
    - _Requirements: 1.2_
- [ ] 2. Checkpoint - Ensure \`echo build >> "$COUNT"\` succeeds
- [ ] 3. Checkpoint - Ensure \`echo lint >> "$COUNT"\` succeeds
- [ ] 4. Final verification
  - [ ] 4.1 Run \`echo build >> "$COUNT"\`
    - _Requirements: 1.1_
  - [ ] 4.2 Run \`echo slow >> "$COUNT"; exit 1\`
    - _Requirements: 1.2_
`;

const requirements = `# Requirements

### Requirement 1: Demo

#### Acceptance Criteria

1. WHEN built THEN it SHALL work
2. WHEN linted THEN it SHALL be clean
`;

const dirs = flowTestDirs();

/** The report without what differs between a single job and a merge: timings, jobs. */
function comparable(report: Report | null | undefined): unknown {
  const { generatedAt: _g, matrix: _m, trend: _t, ...rest } = report ?? ({} as Report);
  return JSON.parse(JSON.stringify(rest), (k, v) => (k === "durationMs" ? 0 : v));
}

function setUp(tasks = plan) {
  const workspace = dirs.make("dxfix-ws-matrix-");
  const out = dirs.make("dxfix-out-");
  process.env.COUNT = join(out, "count");
  const sha = workspaceRepo(workspace, {
    [PLAN]: tasks,
    ".kiro/specs/demo/requirements.md": requirements,
  });
  const ran = () => readFileSync(join(out, "count"), "utf8").trim().split("\n");
  const artifacts = join(out, "artifacts");
  const run = (inputs: Record<string, string>, signal?: AbortSignal) =>
    runAction(workspace, {
      event: "pull_request",
      payload: prPayload(sha),
      inputs,
      artifacts,
      ...(signal ? { signal } : {}),
    });
  return { run, ran, artifacts };
}

interface Entry {
  plan: string;
  checkpoint: string;
  checkpoints: string;
}

async function fanOut(run: ReturnType<typeof setUp>["run"], skip: string[] = []) {
  const matrix = await run({ mode: "matrix" });
  const include = JSON.parse(matrix.outputs.matrix ?? "{}").include as Entry[];
  for (const entry of include) {
    if (skip.includes(entry.checkpoint)) continue;
    await run({ plan: entry.plan, checkpoint: entry.checkpoint, comment: "false" });
  }
  return include;
}

describe("matrix fan-out", () => {
  it("prints the independent units: checkpoints sharing a command run in one job", async () => {
    const { run } = setUp();
    const matrix = await run({ mode: "matrix" });
    expect(JSON.parse(matrix.outputs.matrix ?? "")).toEqual({
      include: [
        {
          plan: PLAN,
          checkpoint: "2",
          checkpoints: "2 4.1",
          name: '2. Checkpoint - Ensure `echo build >> "$COUNT"` succeeds',
        },
        {
          plan: PLAN,
          checkpoint: "3",
          checkpoints: "3",
          name: '3. Checkpoint - Ensure `echo lint >> "$COUNT"` succeeds',
        },
        {
          plan: PLAN,
          checkpoint: "4.2",
          checkpoints: "4.2",
          name: expect.stringMatching(/^4\.2\. /),
        },
      ],
    });
  });

  it("the merged report equals the single-job report, and is posted once", async () => {
    const { run, ran } = setUp();
    const single = await run({ comment: "false" });
    expect(ran()).toHaveLength(3);
    await fanOut(run);
    expect(ran()).toHaveLength(6);
    const gh = mockGitHub();
    const pr = fakeConversation(gh, { owner: "Codertocat", repo: "Hello-World", issueNumber: 2 });
    const merged = await run({ mode: "merge" });
    expect(ran()).toHaveLength(6);
    expect(comparable(merged.report)).toEqual(comparable(single.report));
    expect(merged.report?.status).toBe("failed");
    expect(merged.outputs.status).toBe("failed");
    expect(merged.exitCode).toBe(1);
    expect(merged.report?.matrix?.jobs.map((j) => [j.unit, j.state])).toEqual([
      ["2", "reported"],
      ["3", "reported"],
      ["4.2", "reported"],
    ]);
    expect(pr.comments).toHaveLength(1);
    expect(comparable(extractReport(pr.comments[0]?.body))).toEqual(comparable(single.report));
    gh.assertNoViolations();
  });

  it("shows a job that did not report as missing, its checkpoints not run", async () => {
    const { run, artifacts } = setUp();
    await fanOut(run, ["3"]);
    const merged = await run({ mode: "merge", comment: "false" });
    const three = merged.report?.checkpoints.find((c) => c.id === "3");
    expect(three?.status).toBe("not_run");
    expect(three?.commands[0]?.message).toMatch(/matrix job for checkpoint 3 did not report/);
    expect(merged.report?.matrix?.jobs.find((j) => j.unit === "3")?.state).toBe("missing");
    expect(merged.report?.checkpoints.find((c) => c.id === "2")?.status).toBe("passed");
    // A stray or damaged artifact is left out with a warning, not merged.
    rmSync(join(artifacts), { recursive: true, force: true });
    const empty = await run({ mode: "merge", comment: "false" });
    expect(empty.report?.matrix?.jobs.every((j) => j.state === "missing")).toBe(true);
    expect(partialPrefix(PLAN)).toMatch(/^dxfix-partial-[0-9a-f]{12}-$/);
  });

  it("shows a cancelled job as cancelled: its partial report is merged, the stopped command is not a pass", async () => {
    const slow = plan.replace(
      'Ensure `echo lint >> "$COUNT"` succeeds',
      "Ensure `sleep 30` succeeds",
    );
    const { run } = setUp(slow);
    const cancel = new AbortController();
    const timer = setTimeout(() => cancel.abort("SIGTERM"), 1500);
    const job = await run({ plan: PLAN, checkpoint: "3", comment: "false" }, cancel.signal);
    clearTimeout(timer);
    expect(job.exitCode).toBe(1);
    expect(job.report?.matrix?.cancelled).toBe(true);
    await run({ plan: PLAN, checkpoint: "2", comment: "false" });
    await run({ plan: PLAN, checkpoint: "4.2", comment: "false" });
    const merged = await run({ mode: "merge", comment: "false" });
    expect(merged.report?.matrix?.jobs.find((j) => j.unit === "3")?.state).toBe("cancelled");
    const three = merged.report?.checkpoints.find((c) => c.id === "3");
    expect(three?.status).not.toBe("passed");
    expect(merged.report?.checkpoints.find((c) => c.id === "2")?.status).toBe("passed");
    expect(merged.report?.status).not.toBe("passed");
  });

  it("refuses a checkpoint the plan does not have, naming the units", async () => {
    const { run } = setUp();
    const result = await run({ checkpoint: "9", comment: "false" });
    expect(result.exitCode).toBe(1);
    expect(result.summary).toMatch(/no checkpoint 9 in the plan \(units: 2, 3, 4\.2\)/);
    const merge = await run({ mode: "merge", checkpoint: "2" });
    expect(merge.exitCode).toBe(1);
    expect(merge.summary).toMatch(
      /input 'checkpoint' names a matrix job, which runs with mode 'check', not 'merge'/,
    );
  });
});
