// SIGINT/SIGTERM to dxfix end the whole checkpoint tree, setsid escapees included: the
// real CLI and the real Action entry run a plan whose command starts `setsid sleep 60`,
// get the signal, and leave no process carrying the command's run id.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { simulateRunner } from "../helpers/runner.ts";
import { carrying, killCarrying, leftCarrying, waitFor } from "./procs.ts";

const repo = resolve(import.meta.dirname, "../..");
const node = join(repo, "node_modules/.bin/node");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A project whose one checkpoint writes its run id, then waits on a setsid'd sleep. */
function project(): { root: string; plan: string; idFile: string } {
  const root = mkdtempSync(join(tmpdir(), "dxfix-interrupt-"));
  dirs.push(root);
  const idFile = join(root, "run-id");
  const plan = join(root, ".kiro/specs/demo/tasks.md");
  mkdirSync(join(root, ".kiro/specs/demo"), { recursive: true });
  writeFileSync(join(root, "start.sh"), `echo "$DXFIX_RUN_ID" > run-id\nsetsid sleep 60\n`);
  writeFileSync(
    plan,
    "# Implementation Plan: Demo\n\n## Tasks\n\n- [ ] 1. Checkpoint - Ensure `sh start.sh` succeeds\n",
  );
  return { root, plan, idFile };
}

/** Waits for the sleep to run, signals `child`, and returns its exit code and the run id. */
async function interrupt(child: ChildProcess, idFile: string, signal: NodeJS.Signals) {
  const exited = new Promise<number | null>((ok) => child.on("exit", (code) => ok(code)));
  const id = await waitFor(() => readFileSync(idFile, "utf8").trim());
  // The shell and the setsid'd sleep both carry the id once the sleep has started.
  await waitFor(() => carrying(id).length >= 2);
  child.kill(signal);
  return { code: await exited, id };
}

describe("signals end the checkpoint tree", () => {
  it("SIGTERM to `dxfix check` ends the setsid'd sleep and exits 143", async () => {
    const { root, plan, idFile } = project();
    const cli = spawn(node, [join(repo, "src/cli/main.ts"), "check", plan, "--cwd", root], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    cli.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    const { code, id } = await interrupt(cli, idFile, "SIGTERM");
    const left = await leftCarrying(id);
    killCarrying(id);
    expect(left).toEqual([]);
    expect(code).toBe(143);
    expect(stderr).toContain("dxfix: SIGTERM; running commands were stopped");
  });

  it("SIGINT to the Action ends the setsid'd sleep and fails the step as cancelled", async () => {
    const { root, idFile } = project();
    const runner = simulateRunner({ event: "push", workspace: root });
    const action = spawn(node, [join(repo, "src/action/index.ts")], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...runner.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    action.stdout?.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    const { code, id } = await interrupt(action, idFile, "SIGINT");
    const left = await leftCarrying(id);
    killCarrying(id);
    const summary = runner.summary();
    runner.cleanup();
    expect(left).toEqual([]);
    expect(code).toBe(1);
    expect(stdout).toContain("::error::dxfix was cancelled (SIGINT)");
    expect(summary).toContain("## dxfix: cancelled");
  });
});
