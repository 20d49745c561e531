// The fixer on the dx-py-runtime example, with real cargo: what the plan's own edits
// achieve on each group (the figures in the example's README), and the whole loop with
// the example's stand-in agent, from broken to green, with one question asked and
// answered on the way.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_GROUPS, EXAMPLE_PLAN, landGroup, tickGroup } from "../../scripts/example.ts";
import { checkPlan } from "../../src/checkpoints/check.ts";
import type { CommandFixer } from "../../src/fix/fixer.ts";
import { type FixOptions, type FixOutcome, fixGroup } from "../../src/fix/loop.ts";
import { parseTrailers } from "../../src/fix/trailers.ts";
import type { Report } from "../../src/report/schema.ts";
import { fixOptions } from "../helpers/fix.ts";
import { git, initRepo, tempDirs } from "../helpers/git.ts";
import { assertCargo, copyExample } from "./cargo-env.ts";

const dirs = tempDirs();
/** This file's own build directory (copies of the example must not share one). */
let target = "";

beforeAll(() => {
  assertCargo();
  target = dirs.make("dxfix-fix-target-");
});

afterAll(() => dirs.cleanup());

function repo(): string {
  return initRepo(dirs.keep(copyExample("dxfix-fix-example-")), "broken");
}

const env = () => ({ ...process.env, CARGO_TARGET_DIR: target, CARGO_TERM_COLOR: "never" });

function options(root: string, group: number, over: Partial<FixOptions> = {}): FixOptions {
  return fixOptions(root, dirs.make("dxfix-fix-brief-"), {
    planPath: EXAMPLE_PLAN,
    groupId: String(group),
    env: env(),
    ...over,
  });
}

/** Errors of the given gates' commands in a report. */
function gateErrors(report: Report | null, gates: string[]): number {
  return (report?.checkpoints ?? [])
    .filter((c) => gates.includes(c.id))
    .flatMap((c) => c.commands.filter((cmd) => !cmd.reused))
    .reduce((n, c) => n + c.errors, 0);
}

describe("the plan's own edits on the example", () => {
  it("leave the documented errors in each group's gates", { timeout: 900_000 }, async () => {
    const root = repo();
    const seen: Record<number, [number, number]> = {};
    for (const group of EXAMPLE_GROUPS) {
      const head = git(root, "rev-parse", "HEAD").trim();
      const outcome = await fixGroup(options(root, group));
      const after = gateErrors(outcome.report, outcome.gates);
      git(root, "reset", "-q", "--hard", head);
      const before = await checkPlan({
        planPath: path.join(root, EXAMPLE_PLAN),
        root,
        checkpoints: outcome.gates,
        env: env(),
        commit: null,
      });
      seen[group] = [gateErrors(before, outcome.gates), after];
      // Move on as the group's merged PR would.
      landGroup(root, group);
      git(root, "commit", "-q", "-am", `group ${group}`);
    }
    // Figures in examples/dx-py-runtime/README.md ("The built-in fixer").
    expect(seen).toEqual({ 1: [24, 30], 2: [30, 19], 4: [10, 10], 6: [42, 42] });
  });
});

describe("the stand-in agent on the example", () => {
  const agent: CommandFixer = {
    command: "sh agent/stand-in-agent.sh",
    input: "file",
    timeoutMs: 120_000,
    passToken: false,
  };
  const settings = { fixer: agent, attempts: 3, paths: ["**"], maxChangedLines: 2000 };

  it("drives the plan from broken to green, asking once", { timeout: 900_000 }, async () => {
    const root = repo();
    const outcomes: Record<string, FixOutcome> = {};
    let questions = 0;
    for (const group of EXAMPLE_GROUPS) {
      let outcome = await fixGroup(options(root, group, { settings }));
      if (group === 4) {
        // No guidance yet: the agent asks instead of guessing, and changes nothing.
        expect(outcome.status).toBe("unchanged");
        expect(outcome.attempts.at(-1)?.output).toContain("QUESTION: task 4.4");
        questions++;
        const answer = {
          author: "alice",
          body: "Use a single reactor with IoOperation, as the design says.",
          createdAt: "2026-12-01T10:00:00Z",
        };
        outcome = await fixGroup(options(root, group, { settings, guidance: [answer], run: 2 }));
      }
      outcomes[group] = outcome;
      expect(outcome.status, `group ${group}: ${outcome.stop}`).toBe("changed");
      expect(parseTrailers(git(root, "log", "-1", "--format=%B")).get("dxfix-group")).toEqual([
        String(group),
      ]);
      // The merged PR records the group as done.
      tickGroup(root, group);
      git(root, "commit", "-q", "-am", `merge group ${group}`);
    }
    expect(questions).toBe(1);
    // Gates pass where the plan says they can: group 4 makes 5 pass, group 6 the rest.
    expect(outcomes[4]?.passed).toBe(true);
    expect(outcomes[6]?.passed).toBe(true);
    const final = await checkPlan({
      planPath: path.join(root, EXAMPLE_PLAN),
      root,
      env: env(),
      commit: null,
    });
    expect(final.status).toBe("passed");
    expect(final.summary.requirements).toMatchObject({ total: 32, verified: 30, uncovered: 2 });
    // One fix commit per group (two runs for group 4, one of which committed).
    const fixCommits = git(root, "log", "--format=%s")
      .split("\n")
      .filter((s) => s.startsWith("dxfix: task group"));
    expect(fixCommits).toHaveLength(4);
  });
});
