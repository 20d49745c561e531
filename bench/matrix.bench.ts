// Matrix fan-out: a generated plan of eight checkpoints each sleeping SECONDS s, run as
// eight matrix jobs in parallel (the Action from source, one process per job, artifacts
// in a directory), then the real merge job; wall time / the longest checkpoint (target <
// 1.3), against the same plan run as one job (about 8), measured in the same run.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { bundleAction } from "./bundle-action.ts";

const JOBS = 8;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), "dxfix-bench-matrix-"));
const ws = join(root, "ws");
const artifacts = join(root, "artifacts");
const planPath = ".kiro/specs/bench/tasks.md";
const entry = await bundleAction(mkdtempSync(join(root, "bundle-")));

mkdirSync(join(ws, ".kiro/specs/bench"), { recursive: true });
writeFileSync(
  join(ws, planPath),
  [
    "# Bench",
    ...Array.from(
      { length: JOBS },
      (_, i) => `- [ ] ${i + 1}. Checkpoint - Ensure \`sleep ${SECONDS} && echo ${i}\` succeeds`,
    ),
    "",
  ].join("\n"),
);
await run("git", ["init", "-q"], { cwd: ws });
await run("git", ["add", "-A"], { cwd: ws });
await run("git", ["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "plan"], {
  cwd: ws,
});

/** One Action run with `inputs`; resolves to its outputs. */
async function action(inputs: Record<string, string>): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(root, "runner-"));
  writeFileSync(join(dir, "event.json"), "{}");
  writeFileSync(join(dir, "output"), "");
  writeFileSync(join(dir, "summary.md"), "");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: join(dir, "event.json"),
    GITHUB_OUTPUT: join(dir, "output"),
    GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
    GITHUB_WORKSPACE: ws,
    GITHUB_SHA: "0".repeat(40),
    RUNNER_TEMP: dir,
    DXFIX_ARTIFACT_DIR: artifacts,
    INPUT_REUSE: "false",
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  await run(process.execPath, [entry], { cwd: ws, env, maxBuffer: 64 << 20 });
  const outputs: Record<string, string> = {};
  const text = readFileSync(join(dir, "output"), "utf8");
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
    outputs[m[1] ?? ""] = m[3] ?? "";
  return outputs;
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await f();
  return [performance.now() - t0, value];
}

try {
  const [single, one] = await timed(() => action({}));
  const matrix = JSON.parse((await action({ mode: "matrix" })).matrix ?? "{}");
  const include = matrix.include as Array<{ plan: string; checkpoint: string }>;
  const [fanned] = await timed(async () => {
    await Promise.all(include.map((e) => action({ plan: e.plan, checkpoint: e.checkpoint })));
    return action({ mode: "merge" });
  });
  const merged = JSON.parse(readFileSync((await action({ mode: "merge" })).report ?? "", "utf8"));
  const longest = SECONDS * 1000;
  console.log(
    `${include.length} matrix jobs in parallel + merge: ${(fanned / 1000).toFixed(2)} s = ${(fanned / longest).toFixed(2)}x the longest checkpoint (target < 1.3); one job: ${(single / 1000).toFixed(2)} s = ${(single / longest).toFixed(2)}x; merged status ${merged.status} (one job: ${one.status})`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
