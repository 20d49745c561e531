// `npm run demo` as a user runs it: a child process with the same Node. The full
// --fixed run uses real cargo; the failure paths use a PATH without cargo (or with a
// fake one) so they are quick.
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parseReport } from "../../src/report/schema.ts";
import { assertCargo } from "./cargo-env.ts";

const DEMO = fileURLToPath(new URL("../../scripts/demo.ts", import.meta.url));
const cleanup: string[] = [];

afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

function demo(args: string[], env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  const res = spawnSync(process.execPath, [DEMO, ...args], {
    env: { ...env, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 600_000,
  });
  if (res.error) throw res.error;
  // Whatever happened, the user gets sentences, never a stack trace.
  expect(res.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  return res;
}

/** The temp dir the demo says it left behind (and registers it for removal). */
function leftBehind(stdout: string): string | null {
  const dir = /Remove it with: rm -rf (?<dir>\S+)/.exec(stdout)?.groups?.dir ?? null;
  if (dir !== null) cleanup.push(dir);
  return dir;
}

/** A directory holding only the given commands (symlinks to the real ones). */
function binDir(commands: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dxfix-demo-bin-"));
  cleanup.push(dir);
  for (const name of commands) {
    const real = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
    expect(real, `${name} on PATH`).not.toBe("");
    symlinkSync(real, path.join(dir, name));
  }
  return dir;
}

describe("npm run demo", () => {
  it("says which tools are missing and how to get them, and exits 1", () => {
    const res = demo([], { ...process.env, PATH: binDir(["git"]) });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("dxfix demo: cannot run the demo: cargo is missing");
    expect(res.stderr).toContain("https://rustup.rs");
    expect(res.stderr).not.toContain("git is missing");
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(leftBehind(res.stdout)).toBeNull();

    const none = demo([], { ...process.env, PATH: binDir([]) });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/cargo is missing: .*; git is missing: install git/);
  });

  it("rejects unknown options and explains itself with --help", () => {
    const bad = demo(["--fixd"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe("dxfix demo: unknown option --fixd (try --fixed or --agent)\n");
    const help = demo(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run demo \[-- --fixed \| --agent\]/);
  });

  it("exits 1 with the reason when the broken example does not fail", () => {
    // A cargo that succeeds at everything: the demo did not show what it should.
    const fake = binDir([]);
    writeFileSync(path.join(fake, "cargo"), "#!/bin/sh\nexit 0\n");
    chmodSync(path.join(fake, "cargo"), 0o755);
    const res = demo([], { ...process.env, PATH: `${fake}${path.delimiter}${process.env.PATH}` });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(
      "dxfix demo: the broken example passed every checkpoint; it should fail (exit 0)",
    );
    // The repository is still there to look at.
    expect(leftBehind(res.stdout)).not.toBeNull();
  });

  it("--fixed: 24 errors, then group by group to all green, in a repo left to look at", {
    timeout: 600_000,
  }, () => {
    assertCargo();
    const res = demo(["--", "--fixed"]);
    expect(res.status, res.stderr.slice(-2000)).toBe(0);
    const out = res.stdout;
    const headers = [...out.matchAll(/^== (.+) ==$/gm)].map((m) => m[1]);
    expect(headers).toEqual([
      "broken: the example as it ships",
      "after group 1: Fix Missing Dependency",
      "after group 2: Fix JIT Integration Module",
      "after group 4: Fix Async Integration Module",
      "after group 6: Update Tests",
    ]);
    expect(out).toContain("As expected: checkpoint 3 failed with 24 errors");
    expect(out).toContain("✘ failed · 6 of 7 checkpoints failed · 0/32 criteria verified");
    expect(out).toContain("As expected: checkpoints 7.2, 7.4, 8 still fail");
    expect(out).toContain("✔ passed · 7 of 7 checkpoints passed · 30/32 criteria verified");
    // The last word agrees with the checklist's footer above it, uncovered criteria included.
    expect(out).toContain(
      "✔ passed · 7 of 7 checkpoints passed · 30/32 criteria verified · 5 processes\n\nPassed: 7 of 7 checkpoints pass, 30 of 32 criteria verified, 2 uncovered (2.1, 10.3).\n",
    );
    expect(out).toMatch(
      /^Uncovered: criteria 2\.1 and 10\.3 are in requirements\.md, but no task claims them/m,
    );
    // Each error once: no echo of cargo's output (it repeats the errors for every command
    // that builds the interpreter), and the checklist lists a finding once per run.
    expect(res.stderr).not.toContain("error[E0432]: unresolved import");
    const broken = out.slice(0, out.indexOf("== after group 1"));
    const findings = broken
      .split("\n")
      .filter((l) => /^ {8}dx-py-runtime\/\S+:\d+:\d+ {2}error/.test(l));
    expect(findings.length).toBeGreaterThan(5);
    expect(new Set(findings).size).toBe(findings.length);
    // Progress went to the terminal (stderr): which command of how many runs.
    expect(res.stderr).toContain("▶ [3 · 1/11] cargo build -p dx-py-interpreter");

    const base = leftBehind(out);
    if (base === null) throw new Error("the demo names no directory it left behind");
    const repo = path.join(base, "dx-py-runtime");
    expect(out).toContain(`The demo repository is ${repo}`);
    const log = spawnSync("git", ["log", "--format=%s"], { cwd: repo, encoding: "utf8" });
    expect(log.stdout.trim().split("\n")).toEqual([
      "group 6: Update Tests",
      "group 4: Fix Async Integration Module",
      "group 2: Fix JIT Integration Module",
      "group 1: Fix Missing Dependency",
      "dx-py-runtime: broken (24 errors)",
    ]);
    const reports = path.join(base, "reports");
    expect(readdirSync(reports).sort()).toEqual([
      "broken.json",
      "group-1.json",
      "group-2.json",
      "group-4.json",
      "group-6.json",
    ]);
    const read = (name: string) =>
      parseReport(JSON.parse(readFileSync(path.join(reports, name), "utf8")));
    expect(read("broken.json").checkpoints[0]?.commands[0]?.errors).toBe(24);
    expect(read("group-6.json").status).toBe("passed");
  });

  it("--agent: the fixer works each group PR, asks once, and the plan ends done", {
    timeout: 600_000,
  }, () => {
    assertCargo();
    const res = demo(["--", "--agent"]);
    expect(leftBehind(res.stdout)).not.toBeNull();
    expect(res.status, res.stderr.slice(-2000)).toBe(0);
    const out = res.stdout;
    const headers = [...out.matchAll(/^== (.+) ==$/gm)].map((m) => m[1]);
    expect(headers).toEqual([
      "broken: the example as it ships",
      "task group 1: Fix Missing Dependency: the bot opens its PR (dxfix/dx-py-runtime-compilation-fix/1)",
      "task group 2: Fix JIT Integration Module: the bot opens its PR (dxfix/dx-py-runtime-compilation-fix/2)",
      "task group 4: Fix Async Integration Module: the bot opens its PR (dxfix/dx-py-runtime-compilation-fix/4)",
      "the bot asks on the PR, quoting the fixer",
      "a reviewer answers and comments /dxfix fix",
      "task group 6: Update Tests: the bot opens its PR (dxfix/dx-py-runtime-compilation-fix/6)",
      "the plan on main",
    ]);
    expect(out).toContain("QUESTION: task 4.4 allows three designs");
    // Groups 1 and 2 merged at [-] while checkpoint 3 failed; group 4's PR ticks them.
    expect(out).toContain("The bot records progress: groups 1, 2, 4 ticked");
    expect(out).toContain(
      "passed: 7/7 checkpoints pass, 30/32 criteria verified; work groups done: 1, 2, 4, 6; 5 fix runs, 1 question asked and answered.",
    );
  });
});
