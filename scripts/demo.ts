// `npm run demo [-- --fixed | --agent]`: watch dxfix on the plan it was made for. Copies
// examples/dx-py-runtime into a fresh temp git repository and runs `dxfix check` on
// its tasks.md (24 errors, failing checklist); with --fixed, applies the fix one task
// group at a time, as each group's pull request would, until everything is green; with
// --agent, plays the fix loop: group PRs worked by the example's stand-in agent.
// Exit 0 when the demo ran as intended, 1 (with a one-line reason) otherwise.

import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { messageOf, UserError } from "../src/errors.ts";
import { agentDemo } from "./demo-agent.ts";
import { landGroup } from "./example.ts";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLE = path.join(REPO_ROOT, "examples", "dx-py-runtime");
const CLI = path.join(REPO_ROOT, "src", "cli", "main.ts");
const PLAN = ".kiro/specs/dx-py-runtime-compilation-fix/tasks.md";
/** The work groups, in the order their patches apply. */
const GROUPS = [1, 2, 4, 6];

const USAGE = `Usage: npm run demo [-- --fixed | --agent]

  (no option)  copy examples/dx-py-runtime to a temp git repository and run
               dxfix check on it: the failing checklist with the 24 errors
  --fixed      then apply the fix group by group (1, 2, 4, 6), checking after each,
               ending all green
  --agent      then play the fix loop: for each group a PR branch, dxfix fix with the
               example's stand-in agent, its question and a reviewer's answer (group
               4), progress recorded, merge; until the plan is done`;

interface Tool {
  name: string;
  args: string[];
  hint: string;
}

const TOOLS: Tool[] = [
  {
    name: "cargo",
    args: ["--version"],
    hint: "install Rust with rustup (https://rustup.rs), open a new shell so cargo is on PATH",
  },
  {
    name: "git",
    args: ["--version"],
    hint: "install git (https://git-scm.com/downloads, or e.g. `apt-get install git`)",
  },
];

/** Every missing tool, each with how to get it; empty when all can run. */
function missingTools(): string[] {
  return TOOLS.filter((t) => {
    const probe = spawnSync(t.name, t.args, { stdio: "ignore" });
    return probe.error !== undefined || probe.status !== 0;
  }).map((t) => `${t.name} is missing: ${t.hint}`);
}

function git(cwd: string, args: string[]): void {
  // Identity and signing are set here so the demo works whatever the user's config.
  const res = spawnSync(
    "git",
    [
      ...["-c", "user.name=dxfix demo", "-c", "user.email=demo@dxfix.invalid"],
      ...["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"],
      ...args,
    ],
    { cwd, encoding: "utf8" },
  );
  if (res.error || res.status !== 0) {
    const why = res.error?.message ?? res.stderr.trim().split("\n")[0];
    throw new UserError(`git ${args.join(" ")} failed: ${why}`);
  }
}

/** A fresh temp dir: the example as its own repository, a reports dir (and target/). */
function setUp(): { base: string; repo: string; reports: string } {
  const base = mkdtempSync(path.join(os.tmpdir(), "dxfix-demo-"));
  const repo = path.join(base, "dx-py-runtime");
  const reports = path.join(base, "reports");
  // A target/ left by someone's build in the example is not part of the example.
  cpSync(EXAMPLE, repo, { recursive: true, filter: (src) => path.basename(src) !== "target" });
  mkdirSync(reports);
  git(repo, ["init", "-q"]);
  git(repo, ["add", "-A"]);
  git(repo, ["commit", "-q", "-m", "dx-py-runtime: broken (24 errors)"]);
  return { base, repo, reports };
}

/** Runs `dxfix check` with the terminal inherited (progress lines, the checklist). */
function check(repo: string, json: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    // --quiet: cargo prints the same errors for every command that builds the interpreter;
    // the checklist shows them once, with file and line.
    const child = spawn(process.execPath, [CLI, "check", PLAN, "--json", json, "--quiet"], {
      cwd: repo,
      env,
      stdio: "inherit",
    });
    // Ctrl-C reaches the child too; it stops cargo and exits 130, which we report.
    const ignore = () => {};
    process.on("SIGINT", ignore);
    child.on("error", (e) => {
      process.off("SIGINT", ignore);
      reject(new UserError(`could not start dxfix: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      process.off("SIGINT", ignore);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

interface ReportView {
  status: string;
  groups: { id: string; title: string }[];
  requirements: { id: string; status: string }[];
  summary: {
    checkpoints: { total: number; passed: number };
    requirements: { total: number; verified: number; uncovered: number };
  };
  checkpoints: {
    id: string;
    status: string;
    commands: { errors: number; files?: { file: string; errors: number }[] }[];
  }[];
}

function readReport(file: string): ReportView {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ReportView;
  } catch (e) {
    throw new UserError(`dxfix check wrote no readable report (${messageOf(e)})`);
  }
}

/** "checkpoint 3 failed with 24 errors (20 in jit_integration.rs, 4 in ...)". */
function describeCheckpoint(report: ReportView, id: string): string {
  const cp = report.checkpoints.find((c) => c.id === id);
  if (!cp) return `no checkpoint ${id}`;
  const errors = cp.commands.reduce((n, c) => n + c.errors, 0);
  const files = cp.commands
    .flatMap((c) => c.files ?? [])
    .filter((f) => f.errors > 0)
    .map((f) => `${f.errors} in ${path.basename(f.file)}`);
  return `checkpoint ${id} ${cp.status} with ${errors} error${errors === 1 ? "" : "s"}${
    files.length > 0 ? ` (${files.join(", ")})` : ""
  }`;
}

/** Which checkpoints still fail, and why the first one does. */
function describeFailures(report: ReportView): string {
  const failing = report.checkpoints.filter((c) => c.status !== "passed");
  const [first] = failing;
  if (first === undefined) return "no checkpoint fails";
  return `checkpoints ${failing.map((c) => c.id).join(", ")} still fail, for code a later group owns; ${describeCheckpoint(report, first.id)}`;
}

/** The run's outcome in the words of the checklist's footer, so the two agree. */
function verdict(report: ReportView): string {
  const { checkpoints, requirements } = report.summary;
  const uncovered = report.requirements.filter((r) => r.status === "uncovered").map((r) => r.id);
  return `${report.status === "passed" ? "Passed" : "Failed"}: ${checkpoints.passed} of ${checkpoints.total} checkpoints pass, ${requirements.verified} of ${requirements.total} criteria verified${uncovered.length > 0 ? `, ${uncovered.length} uncovered (${uncovered.join(", ")})` : ""}.`;
}

/** What "uncovered" means, said once, with the example's own ids. */
function explainUncovered(report: ReportView): string {
  const ids = report.requirements.filter((r) => r.status === "uncovered").map((r) => r.id);
  if (ids.length === 0) return "";
  const which = ids.length === 1 ? `criterion ${ids[0]} is` : `criteria ${ids.join(" and ")} are`;
  return `\nUncovered: ${which} in requirements.md, but no task claims ${ids.length === 1 ? "it" : "them"} (no \`_Requirements:\` line names ${ids.length === 1 ? "it" : "them"}), so no checkpoint can verify ${ids.length === 1 ? "it" : "them"}: the plan, not the code, has the gap (the two warnings before each run say so too). They stay uncovered when everything else passes; \`dxfix plan\` shows the trace.\n`;
}

function header(text: string): void {
  process.stdout.write(`\n== ${text} ==\n\n`);
}

function expectExit(code: number, expected: number, state: string): void {
  if (code === expected) return;
  if (code === 130) throw new UserError("interrupted");
  if (code === 2) throw new UserError(`dxfix check could not run on the ${state} example (exit 2)`);
  throw new UserError(
    expected === 1
      ? `the ${state} example passed every checkpoint; it should fail (exit ${code})`
      : `the ${state} example still fails (exit ${code}); it should be all green`,
  );
}

async function demo(mode: "check" | "fixed" | "agent"): Promise<void> {
  const missing = missingTools();
  if (missing.length > 0) {
    throw new UserError(`cannot run the demo: ${missing.join("; ")}`);
  }
  if (!existsSync(path.join(EXAMPLE, PLAN))) {
    throw new UserError(`the example is missing: no ${path.join(EXAMPLE, PLAN)}`);
  }
  const { base, repo, reports } = setUp();
  // The demo's own build directory, shared by its steps (each rebuilds only what the
  // patch touched). Not one shared with other copies of the example: they have the
  // same crate names and relative paths, so cargo tells their builds apart by mtime
  // alone, and a copy built elsewhere in another state could pass for ours. Sharing
  // would not save time anyway: a fresh copy's files are newer than any old build.
  const env: NodeJS.ProcessEnv = { ...process.env, CARGO_TARGET_DIR: path.join(base, "target") };
  try {
    header("broken: the example as it ships");
    const brokenJson = path.join(reports, "broken.json");
    expectExit(await check(repo, brokenJson, env), 1, "broken");
    const broken = readReport(brokenJson);
    process.stdout.write(`\nAs expected: ${describeCheckpoint(broken, "3")}.\n`);
    process.stdout.write(explainUncovered(broken));

    if (mode === "agent") {
      await agentDemo({ repo, reports, env, git: (args) => git(repo, args) });
    } else if (mode === "fixed") {
      for (const [i, group] of GROUPS.entries()) {
        const title = broken.groups.find((g) => g.id === String(group))?.title ?? "";
        const patch = `fixes/group-${group}.patch`;
        header(`after group ${group}: ${title}`);
        landGroup(repo, group);
        git(repo, ["add", "-A"]);
        git(repo, ["commit", "-q", "-m", `group ${group}: ${title}`]);
        process.stdout.write(
          `Applied ${patch}, ticked the group's boxes and committed, as the group's merged PR would.\n\n`,
        );
        const json = path.join(reports, `group-${group}.json`);
        const last = i === GROUPS.length - 1;
        expectExit(await check(repo, json, env), last ? 0 : 1, `group ${group}`);
        const report = readReport(json);
        process.stdout.write(
          `\n${last ? verdict(report) : `As expected: ${describeFailures(report)}.`}\n`,
        );
      }
    } else {
      process.stdout.write(
        "Run `npm run demo -- --fixed` to watch the fix land group by group, or `npm run demo -- --agent` to watch the fixer work each group PR.\n",
      );
    }
  } finally {
    process.stdout.write(
      `\nThe demo repository is ${repo} (its git log has one commit per step;` +
        ` JSON reports in ${reports}). Remove it with: rm -rf ${base}\n`,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const options = argv.filter((a) => a !== "--");
  if (options.includes("--help") || options.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = options.filter((a) => a !== "--fixed" && a !== "--agent");
  try {
    if (unknown.length > 0) {
      throw new UserError(`unknown option ${unknown[0]} (try --fixed or --agent)`);
    }
    await demo(
      options.includes("--agent") ? "agent" : options.includes("--fixed") ? "fixed" : "check",
    );
    return 0;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    process.stderr.write(`dxfix demo: ${e.message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`dxfix demo: unexpected failure: ${messageOf(e)}\n`);
    process.exitCode = 1;
  },
);
