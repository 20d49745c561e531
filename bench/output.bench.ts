// Memory and throughput of the process runner on a command printing 1 GB.
// The runner works in a separate Node process so its peak RSS is the runner's
// alone; a plain shell run of the same command (output to /dev/null) is the baseline.
// Then the same 1 GB through the real edges, `dxfix check` and the Action, each in its
// own process: peak RSS and what each wrote to its log. And the log tail's
// post-processing on its worst shape (a whitespace run, then one character), with the
// regex it once used and with what it uses now.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { bundleEntry } from "./bundle.ts";

const BYTES = 1024 * 1024 * 1024;
const WIDTH = 120;
const COMMAND = `head -c ${BYTES} /dev/zero | tr '\\0' 'a' | fold -w ${WIDTH}`;
const TARGET_MB = 150;

interface ChildReport {
  status: string;
  totalBytes: number;
  lines: number;
  chars: number;
  ms: number;
  maxRssKb: number;
}

async function child(withLines: boolean): Promise<void> {
  const { runProcess } = await import("../src/checkpoints/run.ts");
  let lines = 0;
  let chars = 0;
  const started = performance.now();
  const r = await runProcess({
    command: COMMAND,
    cwd: process.cwd(),
    timeoutMs: 10 * 60_000,
    onLine: withLines
      ? (line) => {
          lines++;
          chars += line.length;
        }
      : undefined,
  });
  const report: ChildReport = {
    status: r.status,
    totalBytes: r.totalBytes,
    lines,
    chars,
    ms: performance.now() - started,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(JSON.stringify(report));
}

function main(): void {
  const self = fileURLToPath(import.meta.url);
  const base0 = performance.now();
  const base = spawnSync("/bin/sh", ["-c", `${COMMAND} > /dev/null`]);
  const baseMs = performance.now() - base0;
  if (base.status !== 0) throw new Error(`baseline command failed: ${base.stderr}`);

  const measure = (mode: string): ChildReport => {
    const out = spawnSync(process.execPath, [self, mode], { encoding: "utf8" });
    if (out.status !== 0) {
      console.error(out.stderr);
      process.exit(1);
    }
    return JSON.parse(out.stdout) as ChildReport;
  };
  const r = measure("--child-lines");
  const bare = measure("--child-bare");
  const mb = (n: number) => n / (1024 * 1024);
  const peakMb = r.maxRssKb / 1024;
  const mbps = mb(r.totalBytes) / (r.ms / 1000);
  const baseMbps = mb(BYTES) / (baseMs / 1000);
  const expectedLines = Math.ceil(BYTES / WIDTH);
  console.log(
    `1 GB output: peak RSS ${peakMb.toFixed(0)} MB (target < ${TARGET_MB} MB), ` +
      `${mbps.toFixed(0)} MB/s with onLine on every line`,
  );
  console.log(
    `same command straight to /dev/null: ${baseMbps.toFixed(0)} MB/s; ` +
      `runner wall time / shell wall time = ${(r.ms / baseMs).toFixed(2)}`,
  );
  // Without onLine, V8 sees little JS garbage and collects the pipe's read buffers
  // (external memory) later, so this is the runner's worst case.
  console.log(
    `capture only (no onLine): peak RSS ${(bare.maxRssKb / 1024).toFixed(0)} MB, ` +
      `${(mb(bare.totalBytes) / (bare.ms / 1000)).toFixed(0)} MB/s`,
  );
  const problems: string[] = [];
  if (r.status !== "passed") problems.push(`status ${r.status}`);
  if (r.totalBytes !== BYTES + expectedLines - 1) problems.push(`totalBytes ${r.totalBytes}`);
  if (r.lines !== expectedLines || r.chars !== BYTES) problems.push(`lines ${r.lines}`);
  if (peakMb >= TARGET_MB) problems.push(`peak RSS ${peakMb.toFixed(0)} MB over target`);
  if (bare.totalBytes !== r.totalBytes) problems.push(`capture-only totalBytes ${bare.totalBytes}`);
  if (problems.length > 0) {
    console.error(`FAILED: ${problems.join(", ")}`);
    process.exit(1);
  }
}

/** Sources to measure: this checkout, or BENCH_SRC (e.g. an older checkout, for "before"). */
const SRC = resolve(process.env.BENCH_SRC ?? join(fileURLToPath(import.meta.url), "../.."));
// The runner's own bound. The Action bundle itself takes about 81 MB on a command that
// prints nothing; 1 GB adds some 30 MB (pipe buffers awaiting collection).
const EDGE_TARGET_MB = TARGET_MB;

// Writes the process's peak RSS (KiB) to DXFIX_BENCH_RSS when it exits.
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  'import { writeFileSync } from "node:fs"; process.on("exit", () => writeFileSync(process.env.DXFIX_BENCH_RSS, String(process.resourceUsage().maxRSS)));',
)}`;

interface EdgeRun {
  rssMb: number;
  loggedMb: number;
  code: number | null;
}

/** Runs an edge over a plan whose one command prints 1 GB; counts what it logs. */
async function runEdge(args: string[], root: string, env: NodeJS.ProcessEnv): Promise<EdgeRun> {
  const rssFile = join(root, "rss");
  const child = spawn(process.execPath, ["--import", RSS_HOOK, ...args], {
    cwd: root,
    env: { ...env, DXFIX_BENCH_RSS: rssFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let logged = 0;
  child.stdout.on("data", (c: Buffer) => (logged += c.length));
  child.stderr.on("data", (c: Buffer) => (logged += c.length));
  const code = await new Promise<number | null>((ok) => child.on("close", (c) => ok(c)));
  const kb = Number(readFileSync(rssFile, "utf8"));
  return { rssMb: kb / 1024, loggedMb: logged / (1024 * 1024), code };
}

function edgeProject(): string {
  const root = mkdtempSync(join(tmpdir(), "dxfix-bench-output-"));
  mkdirSync(join(root, ".kiro/specs/bench"), { recursive: true });
  writeFileSync(join(root, "gen.sh"), `${COMMAND}\n`);
  writeFileSync(
    join(root, ".kiro/specs/bench/tasks.md"),
    "# Implementation Plan: Bench\n\n## Tasks\n\n- [ ] 1. Checkpoint - Ensure `sh gen.sh` succeeds\n",
  );
  execFileSync("git", ["init", "-q"], { cwd: root });
  for (const f of ["event.json", "output", "summary.md"]) writeFileSync(join(root, f), "");
  writeFileSync(join(root, "event.json"), "{}");
  return root;
}

/** Bundles an entry as `npm run bundle` does: what runs on a runner is the bundle, not src/. */
function bundle(entry: string, outfile: string): Promise<string> {
  return bundleEntry(SRC, entry, outfile);
}

async function edges(): Promise<string[]> {
  const root = edgeProject();
  const base = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? root };
  const cliJs = await bundle("src/cli/main.ts", join(root, "bundle/cli.js"));
  const actionJs = await bundle("src/action/index.ts", join(root, "bundle/index.js"));
  const cli = await runEdge(
    [cliJs, "check", ".kiro/specs/bench/tasks.md", "--cwd", root],
    root,
    base,
  );
  const action = await runEdge([actionJs], root, {
    ...base,
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: join(root, "event.json"),
    GITHUB_OUTPUT: join(root, "output"),
    GITHUB_STEP_SUMMARY: join(root, "summary.md"),
    GITHUB_WORKSPACE: root,
    RUNNER_TEMP: root,
  });
  rmSync(root, { recursive: true, force: true });
  const line = (name: string, r: EdgeRun, target: string) =>
    console.log(
      `${name} on 1 GB of output: peak RSS ${r.rssMb.toFixed(0)} MB${target}, ${r.loggedMb.toFixed(1)} MB written to its log, exit ${r.code}`,
    );
  // The CLI echoes every line (to a terminal, usually; here a pipe): shown, not bounded.
  line("dxfix check", cli, "");
  line("the Action", action, ` (target < ${EDGE_TARGET_MB} MB, log < 3 MB)`);
  const problems: string[] = [];
  if (cli.code !== 0 || action.code !== 0) problems.push("an edge failed");
  if (action.rssMb >= EDGE_TARGET_MB)
    problems.push(`the Action's peak RSS ${action.rssMb.toFixed(0)} MB`);
  if (action.loggedMb > 3) problems.push(`the Action logged ${action.loggedMb.toFixed(0)} MB`);
  return problems;
}

/** The log tail's post-processing on 64 KiB of spaces then `x`: the old regex, and now. */
async function pathologicalTail(): Promise<void> {
  const { tailLines } = await import("../src/checkpoints/command.ts");
  const text = `${" ".repeat(64 * 1024)}x`;
  let t = performance.now();
  const before = text.replace(/\s+$/, "").split(/\r?\n/).slice(-40).join("\n").slice(-4000);
  const beforeMs = performance.now() - t;
  t = performance.now();
  const after = tailLines(text);
  const afterMs = performance.now() - t;
  console.log(
    `log tail of 64 KiB of spaces then "x": /\\s+$/ ${beforeMs.toFixed(0)} ms, now ${afterMs.toFixed(2)} ms${before === after ? " (same result)" : " (RESULTS DIFFER)"}`,
  );
  if (before !== after) process.exitCode = 1;
}

async function all(): Promise<void> {
  main();
  const problems = await edges();
  await pathologicalTail();
  if (problems.length > 0) {
    console.error(`FAILED: ${problems.join(", ")}`);
    process.exit(1);
  }
}

if (process.argv.includes("--child-lines")) await child(true);
else if (process.argv.includes("--child-bare")) await child(false);
else if (process.argv.includes("--tail-only")) await pathologicalTail();
else if (process.argv.includes("--edges-only")) await edges();
else await all();
