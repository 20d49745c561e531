// An API that accepts connections and never answers: the Action fails clearly instead of
// hanging until the runner kills it, and never reports the check as passed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import type { Engine } from "../../src/action/engine-types.ts";
import { createOctokit } from "../../src/github/octokit.ts";
import { payload } from "../helpers/payloads.ts";
import { sampleReport } from "../helpers/report.ts";
import { applyEnv, simulateRunner } from "../helpers/runner.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function silentApi(): Promise<string> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
}

it("fails the step naming the comment it could not write, with status error", async () => {
  const api = await silentApi();
  const workspace = mkdtempSync(join(tmpdir(), "dxfix-silent-"));
  mkdirSync(join(workspace, ".kiro/specs/demo"), { recursive: true });
  writeFileSync(join(workspace, ".kiro/specs/demo/tasks.md"), "# Plan\n");
  const runner = simulateRunner({
    event: "pull_request",
    payload: payload("pull_request", "opened"),
    workspace,
    inputs: { "github-token": "ghs_test" },
  });
  const restore = applyEnv(runner.env);
  cleanups.push(() => {
    restore();
    runner.cleanup();
    rmSync(workspace, { recursive: true, force: true });
  });
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const engine: Engine = {
    renderMarkdown: () => "## dxfix",
    checkPlan: async () => sampleReport(),
  };
  const { run } = await import("../../src/action/main.ts");
  await run({
    engine,
    createOctokit: (token) => createOctokit(token, { baseUrl: api, timeoutMs: 200, retries: 0 }),
  });
  expect(process.exitCode).toBe(1);
  expect(runner.outputs().status).toBe("error");
  expect(runner.summary()).toMatch(
    /dxfix could not write the PR comment: .*GitHub did not answer GET \S+\/issues\/2\/comments\S* within 0\.2 s \(request timeout\)/,
  );
});
