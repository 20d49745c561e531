// Wall time of `dxfix check` on a plan against running the same distinct commands
// directly in a shell, in the same run (target ratio <= 1.05).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// A checkpoint-like mix: waiting (builds, services), a few MB of output, CPU work.
const commands = [
  "sleep 2",
  "seq 1 200000",
  "sh -c 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done'",
  "sleep 2 && echo 'src/a.c:1:1: warning: late' >&2",
];
const root = mkdtempSync(join(tmpdir(), "dxfix-bench-check-"));
mkdirSync(join(root, ".kiro/specs/bench"), { recursive: true });
const plan = join(root, ".kiro/specs/bench/tasks.md");
writeFileSync(
  plan,
  [
    "# Bench",
    ...commands.map((c, i) => `- [ ] ${i + 1}. Checkpoint - Ensure \`${c}\` succeeds`),
    // A final checkpoint that names no command reuses every result: no extra process.
    `- [ ] ${commands.length + 1}. Final Checkpoint`,
    "",
  ].join("\n"),
);
spawnSync("git", ["init", "-q"], { cwd: root });

// The CLI as users get it (`bin`: the bundle); run `npm run bundle` first if it is stale.
const main = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}
const direct = () => {
  const r = spawnSync("sh", ["-c", commands.join("\n")], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error("baseline failed");
};
const dxfix = () => {
  const r = spawnSync(process.execPath, [main, "check", plan, "--quiet"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (r.status !== 0) throw new Error(`dxfix check failed: ${r.stderr}`);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const shell: number[] = [];
const ours: number[] = [];
for (let i = 0; i < 5; i++) {
  shell.push(time(direct));
  ours.push(time(dxfix));
}
const s = median(shell);
const d = median(ours);
console.log(
  `dxfix check ${d.toFixed(0)} ms vs the same ${commands.length} commands in a shell ${s.toFixed(0)} ms (median of 5): ratio ${(d / s).toFixed(3)} (target <= 1.05)`,
);

// Peak memory of `dxfix check` (runner + readers + report) on a command printing 1 GB.
const big = join(root, ".kiro/specs/big/tasks.md");
mkdirSync(join(root, ".kiro/specs/big"), { recursive: true });
writeFileSync(
  big,
  "- [ ] 1. Checkpoint - Ensure `head -c 1073741824 /dev/zero | tr '\\0' a | fold -w 120` succeeds\n",
);
if (!existsSync("/usr/bin/time")) {
  console.log("peak memory on 1 GB of output: needs /usr/bin/time (Debian package `time`)");
  process.exit(0);
}
const t0 = performance.now();
const r = spawnSync(
  "/usr/bin/time",
  ["-f", "%M", process.execPath, main, "check", big, "--quiet"],
  {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  },
);
const seconds = (performance.now() - t0) / 1000;
const kb = Number(r.stderr.trim().split("\n").at(-1));
if (r.status !== 0 || !Number.isFinite(kb))
  throw new Error(`1 GB check failed: ${r.stderr.slice(-500)}`);
console.log(
  `dxfix check on a command printing 1 GB: peak RSS ${(kb / 1024).toFixed(0)} MB (target < 150 MB), ${(1024 / seconds).toFixed(0)} MB/s`,
);
