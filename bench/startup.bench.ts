// The Action's whole-run cost against the lightest actions (issue 14, item 5). Baseline:
// bench/baseline/sticky-comment.ts, an action that imports @actions/core and
// @actions/github and finds and updates one comment, bundled with the same esbuild options
// as dist/ in this run. Both run as real processes on a pull_request event against a
// loopback GitHub (test/helpers/api-server.ts); CPU time (user + system) is read by a
// preload (bench/cpu-probe.mjs). dxfix runs a one-command plan (`true`).
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { BUNDLE_OPTIONS } from "../scripts/bundle-options.ts";
import { startFakeGitHub } from "../test/helpers/api-server.ts";
import { payload } from "../test/helpers/payloads.ts";
import { simulateRunner } from "../test/helpers/runner.ts";

const RUNS = 15;
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const dist = join(root, "dist/index.js");
const probe = join(here, "cpu-probe.mjs");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

const work = mkdtempSync(join(tmpdir(), "dxfix-bench-startup-"));
const baseline = join(work, "baseline/index.js");
await build({
  absWorkingDir: root,
  entryPoints: [join(here, "baseline/sticky-comment.ts")],
  outfile: baseline,
  ...BUNDLE_OPTIONS,
});
writeFileSync(join(work, "baseline/package.json"), '{ "type": "module" }\n');

const workspace = join(work, "repo");
mkdirSync(join(workspace, ".kiro/specs/bench"), { recursive: true });
writeFileSync(
  join(workspace, ".kiro/specs/bench/tasks.md"),
  "# Implementation Plan: Bench\n\n## Tasks\n\n- [ ] 1. Checkpoint - Ensure `true` succeeds\n",
);
execFileSync("git", ["init", "-q"], { cwd: workspace });

const server = await startFakeGitHub({ owner: "Codertocat", repo: "Hello-World", issueNumber: 2 });
const runner = simulateRunner({
  event: "pull_request",
  payload: payload("pull_request", "opened"),
  workspace,
  apiUrl: server.url,
  inputs: { "github-token": "ghs_bench" },
});

/** CPU microseconds and wall milliseconds of one run of `script` (async: the fake GitHub
 * answers from this process's event loop). */
async function measure(script: string): Promise<{ cpu: number; wall: number }> {
  const cpuFile = join(work, "cpu.txt");
  writeFileSync(cpuFile, "");
  const started = process.hrtime.bigint();
  await promisify(execFile)(process.execPath, ["--import", probe, script], {
    cwd: workspace,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...runner.env, DXFIX_CPU_PROBE: cpuFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  return { cpu: Number(readFileSync(cpuFile, "utf8").trim()), wall };
}

// Spawn the two in turn so drift on a shared machine hits both alike.
type Sample = { cpu: number; wall: number };
const runs: { dxfix: Sample[]; baseline: Sample[] } = { dxfix: [], baseline: [] };
for (let i = 0; i < RUNS; i++) {
  runs.baseline.push(await measure(baseline));
  runs.dxfix.push(await measure(dist));
}
await server.close();
runner.cleanup();
server.assertNoViolations();
/** Bytes of `file` and of every chunk it imports statically (what a start reads). */
function loaded(file: string, seen = new Set<string>()): number {
  if (seen.has(file)) return 0;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  let bytes = statSync(file).size;
  for (const m of text.matchAll(/(?:^|[;}])import\s*(?:[\w$*{},\s]+from\s*)?"(\.[^"]+)"/g)) {
    bytes += loaded(join(dirname(file), m[1] ?? ""), seen);
  }
  return bytes;
}
const kib = (file: string) => `${(loaded(file) / 1024).toFixed(0)} KiB`;
const cpu = (xs: { cpu: number }[]) => median(xs.map((x) => x.cpu)) / 1000;
const wall = (xs: { wall: number }[]) => median(xs.map((x) => x.wall));
console.log(`entry + static chunks: dist/index.js ${kib(dist)}, baseline ${kib(baseline)}`);
rmSync(work, { recursive: true, force: true });
console.log(
  `baseline (find + update one comment): ${cpu(runs.baseline).toFixed(0)} ms CPU, ${wall(runs.baseline).toFixed(0)} ms wall (median of ${RUNS})`,
);
console.log(
  `dxfix (one-command plan, comment posted): ${cpu(runs.dxfix).toFixed(0)} ms CPU, ${wall(runs.dxfix).toFixed(0)} ms wall`,
);
console.log(
  `ratio dxfix / baseline: CPU ${(cpu(runs.dxfix) / cpu(runs.baseline)).toFixed(2)}x, wall ${(wall(runs.dxfix) / wall(runs.baseline)).toFixed(2)}x (target CPU <= 1.0x)`,
);
