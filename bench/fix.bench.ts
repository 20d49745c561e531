// The fix step's own cost. (1) Building the brief for group 2 of the example (parse,
// trace, design excerpt, failures, render). (2) The loop's overhead around a stand-in
// agent: the wall time of `fixGroup` over the sum of what it waits for (the agent's own
// wall time and the gate command's), measured in the same run. Target: under 1.1.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBrief } from "../src/fix/brief.ts";
import { fixGroup } from "../src/fix/loop.ts";
import { parsePlan, parseRequirements, traceCriteria } from "../src/plan/index.ts";
import { parseReport } from "../src/report/schema.ts";

const SPEC = new URL(
  "../examples/dx-py-runtime/.kiro/specs/dx-py-runtime-compilation-fix/",
  import.meta.url,
);
const read = (name: string) => readFileSync(new URL(name, SPEC), "utf8");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function briefBench(): void {
  const tasks = read("tasks.md");
  const requirements = read("requirements.md");
  const design = read("design.md");
  const report = parseReport(
    JSON.parse(
      readFileSync(
        new URL("../test/fixtures/reports/example-broken.json", import.meta.url),
        "utf8",
      ),
    ),
  );
  const once = () => {
    const plan = parsePlan(tasks, { path: "tasks.md" });
    const reqs = parseRequirements(requirements);
    return buildBrief({
      plan,
      planPath: "tasks.md",
      requirements: reqs,
      design: { path: "design.md", text: design },
      trace: traceCriteria(plan, reqs),
      groupId: "2",
      attempt: 1,
      maxAttempts: 3,
      report,
      guidance: [{ author: "a", createdAt: "t", body: "Use the <!-- x --> pool" }],
    });
  };
  for (let i = 0; i < 20; i++) once();
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    once();
    samples.push(performance.now() - t0);
  }
  const size = once().markdown.length;
  console.log(
    `brief for group 2 of the example (${(size / 1024).toFixed(1)} KiB): ${median(samples).toFixed(2)} ms median of 200`,
  );
}

const PLAN = `# Plan

- [ ] 1. Work
  - [ ] 1.1 Do it
    - _Requirements: 1.1_

- [ ] 2. Checkpoint - gate
  - Ensure \`sh gate.sh\` succeeds
`;

function repo(): string {
  const root = mkdtempSync(join(tmpdir(), "dxfix-fix-bench-"));
  const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args]);
  execFileSync("mkdir", ["-p", join(root, ".kiro/specs/b")]);
  writeFileSync(join(root, ".kiro/specs/b/tasks.md"), PLAN);
  // The gate passes once the agent has written two lines.
  writeFileSync(join(root, "gate.sh"), 'sleep 0.2; test "$(wc -l < work.txt)" -ge 2\n');
  writeFileSync(join(root, "work.txt"), "");
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.name=b", "-c", "user.email=b@b", "commit", "-q", "-m", "start");
  return root;
}

async function overheadBench(thinkSeconds: number, runs: number): Promise<void> {
  const ratios: number[] = [];
  const overheads: number[] = [];
  for (let i = 0; i < runs; i++) {
    const root = repo();
    const briefDir = mkdtempSync(join(tmpdir(), "dxfix-fix-bench-brief-"));
    // The stand-in agent: some "thinking", then one line of work.
    const agent = `sleep ${thinkSeconds}; echo line >> work.txt`;
    let waited = 0;
    const t0 = performance.now();
    const outcome = await fixGroup({
      root,
      planPath: ".kiro/specs/b/tasks.md",
      groupId: "1",
      settings: {
        fixer: { command: agent, input: "file", timeoutMs: 60_000, passToken: false },
        attempts: 3,
        paths: ["**"],
        maxChangedLines: 100,
      },
      guidance: [],
      credits: [],
      report: null,
      run: 1,
      identity: { name: "b", email: "b@b" },
      briefDir,
      checkpointTimeoutMs: 60_000,
    });
    const wall = performance.now() - t0;
    // What the loop waits for: the agent's runs and the gate commands' runs.
    for (const a of outcome.attempts) waited += a.fixer.durationMs + a.gatesMs;
    if (!outcome.passed) throw new Error(`the bench's fix run did not pass: ${outcome.stop}`);
    ratios.push(wall / waited);
    overheads.push(wall - waited);
    rmSync(root, { recursive: true, force: true });
    rmSync(briefDir, { recursive: true, force: true });
  }
  console.log(
    `fix loop, agent thinking ${thinkSeconds} s (2 attempts, 3 gate runs): wall / (agent + gate commands, as timed by the runner) = ${median(ratios).toFixed(3)}, overhead ${median(overheads).toFixed(0)} ms, median of ${runs} (target < 1.1)`,
  );
}

briefBench();
await overheadBench(1, 5);
await overheadBench(5, 3);
