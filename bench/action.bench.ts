// The bundled Action's cost before it does useful work: bundle size, and the time from
// process start to the first checkpoint command (median of 7 runs), against a bare
// `node -e ""` start measured in the same run.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const RUNS = 7;
const dist = join(dirname(fileURLToPath(import.meta.url)), "../dist/index.js");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

const size = statSync(dist).size;
const gz = gzipSync(readFileSync(dist)).length;
console.log(
  `dist/index.js: ${(size / 1024).toFixed(0)} KiB (${(gz / 1024).toFixed(0)} KiB gzipped)`,
);

const root = mkdtempSync(join(tmpdir(), "dxfix-bench-action-"));
mkdirSync(join(root, ".kiro/specs/bench"), { recursive: true });
writeFileSync(
  join(root, ".kiro/specs/bench/tasks.md"),
  "# Implementation Plan: Bench\n\n## Tasks\n\n- [ ] 1. Checkpoint - Ensure `date +%s%N > started.txt` succeeds\n",
);
execFileSync("git", ["init", "-q"], { cwd: root });
writeFileSync(join(root, "event.json"), "{}");
writeFileSync(join(root, "output"), "");
writeFileSync(join(root, "summary.md"), "");
const env = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  GITHUB_EVENT_NAME: "push",
  GITHUB_EVENT_PATH: join(root, "event.json"),
  GITHUB_OUTPUT: join(root, "output"),
  GITHUB_STEP_SUMMARY: join(root, "summary.md"),
  GITHUB_WORKSPACE: root,
  RUNNER_TEMP: root,
};

const bare: number[] = [];
const toFirst: number[] = [];
const total: number[] = [];
for (let i = 0; i < RUNS; i++) {
  let t = process.hrtime.bigint();
  spawnSync(process.execPath, ["-e", ""]);
  bare.push(Number(process.hrtime.bigint() - t) / 1e6);

  const startedNs = BigInt(Date.now()) * 1_000_000n;
  t = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [dist], { cwd: root, env, encoding: "utf8" });
  total.push(Number(process.hrtime.bigint() - t) / 1e6);
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    throw new Error(`the Action failed (exit ${run.status})`);
  }
  const firstNs = BigInt(readFileSync(join(root, "started.txt"), "utf8").trim());
  toFirst.push(Number(firstNs - startedNs) / 1e6);
}
rmSync(root, { recursive: true, force: true });

const m = median(toFirst);
console.log(`bare node start (node -e ""): ${median(bare).toFixed(0)} ms median of ${RUNS}`);
console.log(
  `process start -> first checkpoint command: ${m.toFixed(0)} ms median of ${RUNS} (${(m / median(bare)).toFixed(1)}x a bare node start)`,
);
console.log(`whole run (one echo-sized checkpoint): ${median(total).toFixed(0)} ms median`);
