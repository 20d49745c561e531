// The bundled Action (dist/index.js) on the dx-py-runtime example, as a runner would
// start it on a push: real cargo, no GitHub API call, the checklist in the job summary
// and the outputs in GITHUB_OUTPUT. Broken first, then with every group's patch.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_GROUPS, landGroup } from "../../scripts/example.ts";
import { parseReport } from "../../src/report/schema.ts";
import { payload } from "../helpers/payloads.ts";
import { simulateRunner } from "../helpers/runner.ts";
import { assertCargo, cargoEnv, copyExample } from "./cargo-env.ts";

const DIST = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
let repo = "";
let targetDir = "";

function git(args: string[]): void {
  const r = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
}

function runAction() {
  const runner = simulateRunner({ event: "push", payload: payload("push"), workspace: repo });
  const r = spawnSync(process.execPath, [DIST], {
    cwd: repo,
    encoding: "utf8",
    // No API server: a push must not call GitHub at all (an attempt would fail loudly).
    env: {
      ...cargoEnv(),
      CARGO_TARGET_DIR: targetDir,
      ...runner.env,
      GITHUB_API_URL: "http://127.0.0.1:9",
    },
  });
  const outputs = runner.outputs();
  const report = outputs.report
    ? parseReport(JSON.parse(readFileSync(outputs.report, "utf8")))
    : null;
  const result = {
    code: r.status,
    log: r.stdout + r.stderr,
    outputs,
    summary: runner.summary(),
    report,
  };
  runner.cleanup();
  return result;
}

beforeAll(() => {
  assertCargo();
  repo = copyExample("dxfix-action-example-");
  targetDir = mkdtempSync(path.join(os.tmpdir(), "dxfix-action-target-"));
  git(["init", "-q"]);
  git(["-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A"]);
  git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "example"]);
}, 60_000);

afterAll(() => {
  for (const dir of [repo, targetDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("dist/index.js on the dx-py-runtime example (push event)", () => {
  it("broken: the summary holds the failing checklist, the outputs say so, no comment", () => {
    const r = runAction();
    expect(r.code).toBe(1);
    expect(r.log).not.toMatch(/ECONNREFUSED|127\.0\.0\.1:9/);
    expect(r.outputs).toMatchObject({
      status: "failed",
      "requirements-verified": "0",
      "requirements-failing": "30",
      "requirements-pending": "0",
      "checkpoints-failed": "6",
    });
    const report = r.report;
    if (!report) throw new Error("the Action wrote no report");
    expect(report.checkpoints.find((c) => c.id === "3")?.commands[0]?.errors).toBe(24);
    expect(r.summary).toContain("Checkpoint - Verify JIT Integration Compiles");
    expect(r.summary).toMatch(/24 errors/);
    expect(r.summary).toMatch(/2\.1.*uncovered|uncovered.*2\.1/s);
    // Annotations point at repository files.
    expect(r.log).toMatch(
      /::error [^\n]*file=dx-py-runtime\/dx-py-interpreter\/src\/(jit|async)_integration\.rs/,
    );
  }, 300_000);

  it("fixed: every checkpoint passes and every covered criterion is verified", () => {
    for (const group of EXAMPLE_GROUPS) landGroup(repo, group);
    const r = runAction();
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({
      status: "passed",
      "requirements-verified": "30",
      "requirements-failing": "0",
      "requirements-pending": "0",
      "checkpoints-failed": "0",
    });
    expect(r.summary).toContain("criteria: 30 of 32 verified, 2 uncovered");
  }, 300_000);
});
