// Memory and throughput of the process runner on a command printing 1 GB.
// The runner works in a separate Node process so its peak RSS is the runner's
// alone; a plain shell run of the same command (output to /dev/null) is the baseline.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

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

if (process.argv.includes("--child-lines")) await child(true);
else if (process.argv.includes("--child-bare")) await child(false);
else main();
