// The fix loop on real git repositories in temp dirs, with real shell fixers.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CommandFixer } from "../../src/fix/fixer.ts";
import { type FixOptions, fixGroup } from "../../src/fix/loop.ts";
import { parseTrailers } from "../../src/fix/trailers.ts";
import { fixOptions } from "../helpers/fix.ts";
import { git, initRepo, tempDirs } from "../helpers/git.ts";

const PLAN = `# Plan

- [ ] 1. Rename the greeting
  - [ ] 1.1 Use the new word
    - Replace \`Greeting::Old\` with \`Greeting::New\`
    - _Requirements: 1.1_
  - [ ] 1.2 Make the check pass
    - _Requirements: 1.2_

- [ ] 2. Checkpoint - greeting
  - Ensure \`sh check.sh\` succeeds
`;

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

/** A repository whose check passes when src/app.txt says Greeting::New and DONE. */
function repo(): string {
  const root = dirs.make("dxfix-fix-");
  mkdirSync(join(root, "src"));
  mkdirSync(join(root, ".kiro/specs/demo"), { recursive: true });
  writeFileSync(join(root, ".kiro/specs/demo/tasks.md"), PLAN);
  writeFileSync(join(root, "src/app.txt"), "say Greeting::Old\n");
  writeFileSync(
    join(root, "check.sh"),
    'grep -q Greeting::New src/app.txt || { echo "src/app.txt:1: error: still Greeting::Old"; exit 1; }\ngrep -q DONE src/app.txt || { echo "src/app.txt:1: error: not DONE"; exit 1; }\n',
  );
  return initRepo(root);
}

function fixer(command: string, extra: Partial<CommandFixer> = {}): CommandFixer {
  return { command, input: "file", timeoutMs: 20_000, passToken: false, ...extra };
}

function options(root: string, over: Partial<FixOptions> = {}): FixOptions {
  return fixOptions(root, dirs.make("dxfix-brief-"), {
    planPath: ".kiro/specs/demo/tasks.md",
    groupId: "1",
    settings: { fixer: null, attempts: 3, paths: ["**"], maxChangedLines: 1000 },
    checkpointTimeoutMs: 20_000,
    env: { ...process.env, GITHUB_TOKEN: "ghs_secret", GH_TOKEN: "ghs_secret2" },
    ...over,
  });
}

const commits = (root: string) => git(root, "rev-list", "--count", "HEAD").trim();

describe("fixGroup with the built-in plan edits", () => {
  it("applies the plan's edits, runs the gates and makes one commit with trailers", async () => {
    const root = repo();
    const outcome = await fixGroup(options(root));
    expect(outcome.status).toBe("changed");
    expect(outcome.passed).toBe(false); // the edit alone does not add DONE
    expect(outcome.edits[0]).toMatch(
      /^applied \(task 1\.1\): replace `Greeting::Old` with `Greeting::New`/,
    );
    expect(readFileSync(join(root, "src/app.txt"), "utf8")).toBe("say Greeting::New\n");
    expect(commits(root)).toBe("2");
    const trailers = parseTrailers(git(root, "log", "-1", "--format=%B"));
    expect(trailers.get("dxfix-group")).toEqual(["1"]);
    expect(trailers.get("dxfix-run")).toEqual(["1"]);
    expect(git(root, "log", "-1", "--format=%an <%ae>").trim()).toBe(
      "dxfix <dxfix@users.noreply.github.com>",
    );
    expect(git(root, "status", "--porcelain")).toBe("");
  });

  it("refuses to start on a working tree with uncommitted work, and leaves it alone", async () => {
    const root = repo();
    writeFileSync(join(root, "src/app.txt"), "my work in progress\n");
    await expect(fixGroup(options(root))).rejects.toThrow(/uncommitted changes \(src\/app\.txt\)/);
    expect(readFileSync(join(root, "src/app.txt"), "utf8")).toBe("my work in progress\n");
  });
});

describe("fixGroup with a command fixer", () => {
  it("loops until the gates pass, briefing each attempt with the last failures", async () => {
    const root = repo();
    // Attempt 1 does nothing useful but touch a file; attempt 2 reads the brief and fixes.
    const script = dirs.keep(`${root}-agent.sh`);
    writeFileSync(
      script,
      [
        'if [ "$DXFIX_ATTEMPT" = 1 ]; then echo note >> notes.txt; exit 0; fi',
        'grep -q "still Greeting::Old\\|not DONE" "$DXFIX_BRIEF" || exit 3',
        "echo DONE >> src/app.txt",
      ].join("\n"),
    );
    const outcome = await fixGroup(
      options(root, {
        settings: {
          fixer: fixer(`sh ${script}`),
          attempts: 3,
          paths: ["**"],
          maxChangedLines: 100,
        },
      }),
    );
    expect(outcome.passed).toBe(true);
    expect(outcome.status).toBe("changed");
    expect(outcome.attempts.map((a) => [a.attempt, a.gates["2"] ?? null])).toEqual([
      [0, "failed"],
      [1, "failed"],
      [2, "passed"],
    ]);
    expect(commits(root)).toBe("2"); // the attempts squashed into one commit
    expect(parseTrailers(git(root, "log", "-1", "--format=%B")).get("dxfix-attempt")).toEqual([
      "2",
    ]);
    expect(existsSync(join(root, "notes.txt"))).toBe(true);
  });

  it("stops when an attempt changes nothing, and commits nothing of its own", async () => {
    const root = repo();
    const outcome = await fixGroup(
      options(root, {
        settings: { fixer: fixer("true"), attempts: 3, paths: ["**"], maxChangedLines: 100 },
      }),
    );
    expect(outcome.attempts.map((a) => a.attempt)).toEqual([0, 1]);
    expect(outcome.stop).toBe("attempt 1 changed nothing");
    // The plan edits of attempt 0 are still the run's one commit.
    expect(outcome.status).toBe("changed");
  });

  it("refuses workflow edits and drops them", async () => {
    const root = repo();
    const outcome = await fixGroup(
      options(root, {
        groupId: "1",
        settings: {
          fixer: fixer("mkdir -p .github/workflows && echo 'on: push' > .github/workflows/x.yml"),
          attempts: 2,
          paths: ["**"],
          maxChangedLines: 100,
        },
      }),
    );
    expect(outcome.stop).toMatch(/attempt 1 was refused: \.github\/workflows\/x\.yml is protected/);
    expect(existsSync(join(root, ".github/workflows/x.yml"))).toBe(false);
    expect(git(root, "show", "--stat", "--format=", "HEAD")).not.toContain(".github");
  });

  it("puts back plan boxes the fixer ticked", async () => {
    const root = repo();
    const outcome = await fixGroup(
      options(root, {
        settings: {
          fixer: fixer(
            "sed -i 's/- \\[ \\] 1\\.1/- [x] 1.1/' .kiro/specs/demo/tasks.md && echo DONE >> src/app.txt",
          ),
          attempts: 1,
          paths: ["**"],
          maxChangedLines: 100,
        },
      }),
    );
    expect(outcome.attempts[1]?.restoredBoxes).toEqual(["1.1"]);
    expect(readFileSync(join(root, ".kiro/specs/demo/tasks.md"), "utf8")).toBe(PLAN);
    expect(outcome.passed).toBe(true);
  });

  it("gives the fixer no GitHub token, and the brief on stdin or as an argument", async () => {
    const root = repo();
    const out = dirs.keep(`${root}-env.txt`);
    await fixGroup(
      options(root, {
        settings: {
          fixer: fixer(`{ env; head -1; } > ${out}`, { input: "stdin" }),
          attempts: 1,
          paths: ["**"],
          maxChangedLines: 100,
        },
      }),
    );
    const seen = readFileSync(out, "utf8");
    expect(seen).not.toContain("ghs_secret");
    expect(seen).toContain("DXFIX_BRIEF=");
    expect(seen).toContain("# dxfix brief: task group 1, Rename the greeting");
    const arg = dirs.keep(`${root}-arg.txt`);
    const root2 = repo();
    await fixGroup(
      options(root2, {
        settings: {
          fixer: fixer(`printf '%s' {brief} | head -1 > ${arg}`),
          attempts: 1,
          paths: ["**"],
          maxChangedLines: 100,
        },
      }),
    );
    expect(readFileSync(arg, "utf8")).toBe("# dxfix brief: task group 1, Rename the greeting\n");
  });

  it("kills the whole process tree at the time limit and drops its half-done edits", async () => {
    const root = repo();
    const pidFile = dirs.keep(`${root}-pid.txt`);
    const outcome = await fixGroup(
      options(root, {
        settings: {
          fixer: fixer(`echo half >> src/app.txt; sleep 30 & echo $! > ${pidFile}; wait`, {
            timeoutMs: 500,
          }),
          attempts: 3,
          paths: ["**"],
          maxChangedLines: 100,
        },
      }),
    );
    expect(outcome.stop).toBe("the fixer timed out in attempt 1");
    const pid = Number(readFileSync(pidFile, "utf8"));
    // The grandchild is gone too (allow a moment for init to reap it).
    const alive = () => {
      try {
        process.kill(pid, 0);
        return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 40 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
    expect(readFileSync(join(root, "src/app.txt"), "utf8")).toBe("say Greeting::New\n");
  });
});
