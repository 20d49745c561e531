// Peak RSS of `dxfix check` (the bundle, as installed) when its output goes to a pipe
// whose reader is slower than the command (a log collector, a terminal, `| less`): here a
// reader taking 50 MB/s. Writes to a pipe are asynchronous, so an echo that ignored
// backpressure queued everything the command printed faster than that (1 GB piped into
// `cat`: 356-468 MB). The baseline is the same CLI on a command printing nothing,
// measured in the same run. BENCH_MB sets the output size (default 200); BENCH_SRC
// measures another checkout (e.g. the commit before, for a "before" figure).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleEntry } from "./bundle.ts";

const MB = Number(process.env.BENCH_MB ?? 200);
const SRC = resolve(process.env.BENCH_SRC ?? join(fileURLToPath(import.meta.url), "../.."));
const TARGET_MB = 100;
const PLAN = ".kiro/specs/bench/tasks.md";

// Writes the process's peak RSS (KiB) to DXFIX_BENCH_RSS when it exits.
const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  'import { writeFileSync } from "node:fs"; process.on("exit", () => writeFileSync(process.env.DXFIX_BENCH_RSS, String(process.resourceUsage().maxRSS)));',
)}`;

function project(command: string): string {
  const root = mkdtempSync(join(tmpdir(), "dxfix-bench-pipe-"));
  mkdirSync(join(root, ".kiro/specs/bench"), { recursive: true });
  writeFileSync(join(root, "gen.sh"), `${command}\n`);
  writeFileSync(
    join(root, PLAN),
    "# Implementation Plan: Bench\n\n## Tasks\n\n- [ ] 1. Checkpoint - Ensure `sh gen.sh` succeeds\n",
  );
  execFileSync("git", ["init", "-q"], { cwd: root });
  return root;
}

// Reads stdin at about 50 MB/s: 1 MB, then a 20 ms pause.
const SLOW_READER = `let n = 0; process.stdin.on("data", (c) => { n += c.length; if (n >= 1048576) { n = 0; process.stdin.pause(); setTimeout(() => process.stdin.resume(), 20); } });`;

/** Peak RSS (MB) of the CLI checking `root`'s plan, everything it writes piped into the slow reader. */
function peakMb(cli: string, root: string): number {
  const rss = join(root, "rss");
  const node = JSON.stringify(process.execPath);
  const reader = `${node} -e '${SLOW_READER}'`;
  const line = `${node} --import '${RSS_HOOK}' ${cli} check ${PLAN} --cwd . 2>&1 | ${reader}`;
  const r = spawnSync("/bin/sh", ["-c", line], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root, DXFIX_BENCH_RSS: rss },
  });
  if (r.status !== 0) throw new Error(`dxfix check failed: ${r.stderr}`);
  return Number(readFileSync(rss, "utf8")) / 1024;
}

async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), "dxfix-bench-cli-"));
  const cli = join(out, "cli.js");
  await bundleEntry(SRC, "src/cli/main.ts", cli);
  const loud = project(`head -c ${MB * 1024 * 1024} /dev/zero | tr '\\0' 'a' | fold -w 120`);
  const quiet = project("true");
  const base = peakMb(cli, quiet);
  const peak = peakMb(cli, loud);
  for (const dir of [out, loud, quiet]) rmSync(dir, { recursive: true, force: true });
  console.log(
    `dxfix check, ${MB} MB of output piped into a 50 MB/s reader: peak RSS ${peak.toFixed(0)} MB ` +
      `(target < ${TARGET_MB} MB); the same CLI on a silent command: ${base.toFixed(0)} MB`,
  );
}

await main();
