// The CLI as a user runs it: a child process with the pinned Node, real files.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { PlanJson } from "../../src/plan/json.ts";
import { Report } from "../../src/report/schema.ts";
import { tempDirs } from "../helpers/git.ts";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const seed = fileURLToPath(new URL("../fixtures/plans/seed-flattened.md", import.meta.url));

function dxfix(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [main, ...args], {
    encoding: "utf8",
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temp = tempDirs();
afterAll(() => temp.cleanup());

function tempPlan(text: string): string {
  const dir = temp.make("dxfix-cli-");
  spawnSync("git", ["init", "-q"], { cwd: dir });
  writeFileSync(join(dir, "tasks.md"), text);
  return join(dir, "tasks.md");
}

describe("dxfix plan", () => {
  it("--json gives the seed's structure", () => {
    const r = dxfix(["plan", seed, "--json"]);
    expect(r.code).toBe(0);
    const plan = PlanJson.parse(JSON.parse(r.stdout));
    expect(plan.groups.map((g) => `${g.id}:${g.kind}`).join(" ")).toBe(
      "1:work 2:work 3:checkpoint 4:work 5:checkpoint 6:work 7:verification 8:checkpoint",
    );
    expect(plan.groups.reduce((n, g) => n + g.tasks.length, 0)).toBe(24);
    expect(plan.requirements).toHaveLength(30);
    const commands = plan.checkpoints.flatMap((c) =>
      c.commands.map((x) => `${x.run}@${x.cwd ?? "."}`),
    );
    expect(new Set(commands)).toEqual(
      new Set([
        "cargo build -p dx-py-interpreter@.",
        "cargo build --release@dx-py-runtime",
        "cargo test --lib@dx-py-runtime",
        "cargo test --lib -p dx-py-jit@.",
        "cargo test --lib -p dx-py-interpreter@.",
      ]),
    );
    expect(plan.diagnostics.every((d) => d.severity === "info")).toBe(true);
  });

  it("prints the tree, the trace and coverage", () => {
    const r = dxfix(["plan", seed]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("3. Checkpoint - Verify JIT Integration Compiles [checkpoint]");
    expect(r.stdout).toContain("$ (in dx-py-runtime) cargo build --release");
    expect(r.stdout).toMatch(/^ {2}5\.2 +tasks 2\.1, 2\.6, 2\.11 +checkpoints 3 +properties 1$/m);
    expect(r.stdout).toContain("Coverage: 30 criteria claimed (no requirements.md found");
  });
});

describe("dxfix lint", () => {
  it("prints file:line:col: severity code message and exits 1 on errors", () => {
    const path = tempPlan("- [ ] 1. A\n  - [ ] 1.1 x\n  - [ ] 1.1 y\n");
    const r = dxfix(["lint", path]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim()).toBe(
      `${path}:3:9: error duplicate-id id 1.1 is used again (first on line 2)`,
    );
  });

  it("exits 0 when there are only warnings and infos", () => {
    expect(dxfix(["lint", seed]).code).toBe(0);
  });
});

describe("usage errors exit 2 with one line", () => {
  for (const [args, message] of [
    [[], /Usage:/],
    [["frob"], /^dxfix: unknown command "frob" \(commands: plan, lint, check, fix; dxfix --help\)/],
    [["chek", seed], /^dxfix: unknown command "chek" \(did you mean check\? commands:/],
    [["plan"], /^dxfix: plan: missing <tasks.md> \(dxfix plan --help\)\n$/],
    [["plan", "/nonexistent/tasks.md"], /^dxfix: plan \/nonexistent\/tasks.md does not exist\n$/],
    [["lint", seed, "--bogus"], /^dxfix: unknown option --bogus \(dxfix lint --help\)\n$/],
    [
      ["check", seed, "--jsn", "-"],
      /^dxfix: unknown option --jsn, did you mean --json\? \(dxfix check --help\)\n$/,
    ],
    [["fix", seed, "--grup", "2"], /^dxfix: unknown option --grup, did you mean --group\? /],
    [["check", seed, "--requirments", "r.md"], /did you mean --requirements\? /],
    [["check", seed, "--timeout", "soon"], /^dxfix: --timeout expects minutes > 0/],
  ] as const) {
    it(args.join(" ") || "(no args)", () => {
      const r = dxfix([...args]);
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe("dxfix check", () => {
  it("exits 0 when every checkpoint passes and writes the JSON and Markdown", () => {
    const path = tempPlan(
      "- [x] 1. Work\n  - _Requirements: 1.1_\n- [ ] 2. Checkpoint - Ensure `echo fine` succeeds\n",
    );
    const dir = join(path, "..");
    const r = dxfix([
      "check",
      path,
      "--json",
      join(dir, "r.json"),
      "--markdown",
      join(dir, "c.md"),
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("fine");
    const report = Report.parse(JSON.parse(readFileSync(join(dir, "r.json"), "utf8")));
    expect(report.requirements).toMatchObject([{ id: "1.1", status: "verified" }]);
    expect(readFileSync(join(dir, "c.md"), "utf8")).toContain("**All 1 checkpoint passed**");
  });

  it("exits 1 when a checkpoint fails and --json - prints the report on stdout", () => {
    const path = tempPlan("- [ ] 1. Checkpoint - Ensure `exit 4` succeeds\n");
    const r = dxfix(["check", path, "--json", "-", "--quiet"]);
    expect(r.code).toBe(1);
    const report = Report.parse(JSON.parse(r.stdout));
    expect(report.checkpoints[0]?.commands[0]?.exitCode).toBe(4);
    expect(r.stderr).toContain("failed");
  });
});

describe("dxfix check with an unwritable output", () => {
  it("says so before running anything", () => {
    const path = tempPlan("- [ ] 1. Checkpoint - Ensure `touch ran` succeeds\n");
    const r = dxfix(["check", path, "--json", "/nonexistent/dir/r.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^dxfix: cannot write \/nonexistent\/dir\/r.json: directory \/nonexistent\/dir does not exist\n$/,
    );
    expect(spawnSync("ls", [join(path, "..", "ran")]).status).not.toBe(0);
  });
});

describe("dxfix check on a plan with errors", () => {
  it("prints them and runs nothing (exit 2)", () => {
    const path = tempPlan(
      "- [ ] 1. A\n  - [ ] 1.1 x\n  - [ ] 1.1 y\n- [ ] 2. Checkpoint - Ensure `touch ran` succeeds\n",
    );
    const r = dxfix(["check", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}:3:9: error duplicate-id`);
    expect(r.stderr).toMatch(/1 error\(s\) in the plan; nothing was run/);
    expect(spawnSync("ls", [join(path, "..", "ran")]).status).not.toBe(0);
  });
});

describe("dxfix <command> --help", () => {
  for (const [command, option] of [
    ["plan", "--requirements <file>"],
    ["lint", "--json"],
    ["check", "--fail-fast"],
    ["fix", "--fixer '<command>'"],
  ] as const) {
    it(`${command} --help prints its usage and options, exit 0`, () => {
      for (const args of [
        [command, "--help"],
        [command, seed, "-h"],
        ["help", command],
      ]) {
        const r = dxfix(args);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Usage: dxfix ${command} <tasks.md>`));
        expect(r.stdout).toContain(option);
      }
    });
  }

  it("--help after -- is an argument, not a request for help", () => {
    expect(dxfix(["plan", "--", "--help"]).stderr).toMatch(/^dxfix: plan --help does not exist/);
  });
});

describe("dxfix plan on a plan with errors", () => {
  it("lists them and exits 1, in text and in JSON", () => {
    const path = tempPlan("- [ ] 1. A\n  - [ ] 1.1 x\n  - [ ] 1.1 y\n");
    const text = dxfix(["plan", path]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${path}:3:9: error duplicate-id`);
    const json = dxfix(["plan", path, "--json"]);
    expect(json.code).toBe(1);
    expect(PlanJson.parse(JSON.parse(json.stdout)).diagnostics).toContainEqual(
      expect.objectContaining({ code: "duplicate-id", line: 3, column: 9 }),
    );
  });
});

describe("lint columns", () => {
  it("point at the unknown or unreadable id, not at the start of the reference", () => {
    const path = tempPlan(
      "- [ ] 1. A\n  - [ ] 1.1 x\n    - _Requirements: 1.1, 9.9_\n    - _Requirements: 1.2, 2.x_\n",
    );
    writeFileSync(
      join(path, "..", "requirements.md"),
      "# R\n\n### Requirement 1: A\n\n#### Acceptance Criteria\n\n1. WHEN a THEN b\n2. WHEN c THEN d\n",
    );
    const lines = dxfix(["lint", path]).stdout.trim().split("\n");
    // `    - _Requirements: 1.1, 9.9_`: 9.9 starts in column 27.
    expect(lines).toContain(
      `${path}:3:27: error unknown-criterion criterion 9.9 does not exist in ${join(path, "..", "requirements.md")}`,
    );
    expect(lines).toContain(
      `${path}:4:27: warning unparsed-reference cannot read requirement reference "2.x"`,
    );
  });
});

describe("dxfix check progress", () => {
  const plan =
    "- [x] 1. Work\n- [ ] 2. Checkpoint - Ensure `echo one` and `echo two` succeed\n- [ ] 3. Checkpoint\n  - Run `echo one`\n";

  it("numbers the commands n/m as they run, reused ones included", () => {
    const r = dxfix(["check", tempPlan(plan), "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("✔"))).toEqual([
      expect.stringMatching(/^✔ \[2 · 1\/3\] echo one \(/),
      expect.stringMatching(/^✔ \[2 · 2\/3\] echo two \(/),
      "✔ [3 · 3/3] echo one (reused)",
    ]);
  });

  /** `dxfix check` on a terminal (a pty from script(1)) with this TERM; everything it printed. */
  function onTerminal(term: string): string {
    const path = tempPlan(plan);
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: term };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    const command = [process.execPath, main, "check", path].map((a) => `'${a}'`).join(" ");
    const r = spawnSync("script", ["-qec", command, "/dev/null"], { encoding: "utf8", env });
    expect(r.status).toBe(0);
    return r.stdout;
  }

  it("TERM=dumb: no colour, no cursor movement, on a terminal too", () => {
    // The control: a capable terminal gets colours and the redrawn status line.
    expect(onTerminal("xterm-256color")).toMatch(/\x1b\[/);
    const dumb = onTerminal("dumb");
    expect(dumb).not.toContain("\x1b");
    expect(dumb).toContain("✔ [3 · 3/3] echo one (reused)");
  });
});

describe("dxfix fix", () => {
  it("leaves nothing in the temp directory (the brief is removed)", () => {
    const path = tempPlan(
      "- [ ] 1. Make it\n  - [ ] 1.1 Create done.txt\n- [ ] 2. Checkpoint - Ensure `test -f done.txt` succeeds\n",
    );
    const repo = join(path, "..");
    spawnSync(
      "git",
      ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "start", "--allow-empty"],
      { cwd: repo },
    );
    spawnSync("git", ["add", "tasks.md"], { cwd: repo });
    spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "plan"], {
      cwd: repo,
    });
    const tmp = temp.make("dxfix-cli-tmp-");
    const r = spawnSync(
      process.execPath,
      [main, "fix", path, "--group", "1", "--fixer", "touch done.txt"],
      { encoding: "utf8", cwd: repo, env: { ...process.env, NO_COLOR: "1", TMPDIR: tmp } },
    );
    expect(r.stdout).toContain("✔ gates pass");
    expect(r.status).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
