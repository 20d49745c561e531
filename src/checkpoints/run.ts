// Runs one checkpoint command the way a CI runner would: `/bin/sh -c` in a working
// directory, stdin from /dev/null, live output, bounded memory, and a timeout that
// ends the whole process tree.
//
// Trees are handled with process groups: the shell is spawned detached, so it leads
// a new group that every descendant joins unless it deliberately leaves, and
// `kill(-pgid)` reaches all of them in one atomic call. Walking `ps` for children
// would race with forks and miss grandchildren re-parented to init once their
// parent shell died; those are still in the group.
//
// The flip side: a detached group is not the terminal's foreground group, so a
// Ctrl-C reaches dxfix but not the commands. The CLI must call `killAllRunning()`
// from its SIGINT/SIGTERM handler.
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_MAX_LINE_LENGTH, LineSplitter } from "./process/lines.ts";
import { OutputCapture } from "./process/output.ts";

export interface RunOptions {
  /** A shell string from the plan, run with `/bin/sh -c`. */
  command: string;
  /** Working directory (absolute; a relative one resolves against process.cwd()). */
  cwd: string;
  /** Kills the whole process tree after this long; status "timeout". 0 or Infinity: no limit. */
  timeoutMs: number;
  /** Environment of the command; default process.env, passed on untouched. */
  env?: NodeJS.ProcessEnv;
  /** Every output line (each stream split separately), "\r\n" handled, capped in length. */
  onLine?: (line: string) => void;
  /** Raw live output, e.g. to stream to a terminal or the Actions log. */
  onChunk?: (chunk: Buffer, stream: "stdout" | "stderr") => void;
  /** Bytes kept from the start of the merged output (default 16 KiB). */
  headBytes?: number;
  /** Bytes kept from the end of the merged output (default 64 KiB). */
  tailBytes?: number;
  /** Lines longer than this many characters are truncated before onLine (default 64 Ki). */
  maxLineLength?: number;
  /** Abort kills the tree; status "error", message "aborted". */
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL when ending a tree (default 2 s). */
  killGraceMs?: number;
}

export type ProcessStatus = "passed" | "failed" | "timeout" | "error";

export interface ProcessResult {
  /** "passed" iff the shell exited with code 0. */
  status: ProcessStatus;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** Decoded start and end of the merged output; head + tail is all of it when droppedBytes is 0. */
  head: string;
  tail: string;
  totalBytes: number;
  droppedBytes: number;
  /** One-line human reason for timeout and error (and for a failure by signal). */
  message: string | null;
}

export const DEFAULT_HEAD_BYTES = 16 * 1024;
export const DEFAULT_TAIL_BYTES = 64 * 1024;
export const DEFAULT_KILL_GRACE_MS = 2000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Sends `signal` to the process group led by `pid`. False when no such group is left. */
export function killTree(pid: number, signal: NodeJS.Signals = "SIGTERM"): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the whole group is gone already
  }
}

/** "850ms", "12.3s", "4m 5s", "1h 2m 3s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "0ms";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}

interface Running {
  stop(reason: string): void;
  done: Promise<unknown>;
}

const running = new Set<Running>();

/** Number of commands currently running (for the CLI's progress and tests). */
export function runningCount(): number {
  return running.size;
}

/**
 * Ends every running command's tree (SIGTERM, SIGKILL after the grace) and resolves
 * once all of them have finished; their results say `error` with this reason. Meant
 * for the CLI's SIGINT/SIGTERM handler, before it exits.
 */
export async function killAllRunning(reason = "interrupted"): Promise<void> {
  const all = [...running];
  for (const r of all) r.stop(reason);
  await Promise.allSettled(all.map((r) => r.done));
}

function directoryProblem(dir: string): string | null {
  try {
    if (!statSync(dir).isDirectory()) return `working directory "${dir}" is not a directory`;
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return `working directory "${dir}" does not exist`;
    return `working directory "${dir}" is not accessible (${code ?? String(err)})`;
  }
}

function errorResult(message: string, durationMs = 0): ProcessResult {
  return {
    status: "error",
    exitCode: null,
    signal: null,
    durationMs,
    head: "",
    tail: "",
    totalBytes: 0,
    droppedBytes: 0,
    message,
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs one shell command. Never rejects: problems come back as status "error". */
export function runProcess(options: RunOptions): Promise<ProcessResult> {
  const started = performance.now();
  const cwd = resolve(options.cwd);
  const problem = directoryProblem(cwd);
  if (problem) return Promise.resolve(errorResult(problem));
  if (options.signal?.aborted) return Promise.resolve(errorResult("aborted"));

  let child: ReturnType<typeof spawn>;
  try {
    child = spawn("/bin/sh", ["-c", options.command], {
      cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
  } catch (err) {
    return Promise.resolve(errorResult(`cannot start command: ${describe(err)}`));
  }

  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const capture = new OutputCapture(
    options.headBytes ?? DEFAULT_HEAD_BYTES,
    options.tailBytes ?? DEFAULT_TAIL_BYTES,
  );
  const maxLine = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const onLine = options.onLine;
  const splitters = onLine
    ? { stdout: new LineSplitter(onLine, maxLine), stderr: new LineSplitter(onLine, maxLine) }
    : null;
  const onChunk = options.onChunk;

  const { promise, resolve: settle } = Promise.withResolvers<ProcessResult>();
  const pid = child.pid;
  let stopReason: string | null = null; // set when dxfix ends the tree itself
  let timedOut = false;
  let handlerFailed = false;
  let exitCode: number | null = null;
  let exitSignal: string | null = null;
  let spawnError: Error | null = null;
  let finished = false;
  let killTimer: NodeJS.Timeout | undefined;
  let drainTimer: NodeJS.Timeout | undefined;

  const terminate = (): void => {
    if (pid === undefined) return;
    killTree(pid, "SIGTERM");
    killTimer ??= setTimeout(() => killTree(pid, "SIGKILL"), grace);
  };

  const stop = (reason: string): void => {
    if (finished || stopReason !== null) return;
    stopReason = reason;
    terminate();
  };

  const limit = options.timeoutMs;
  // setTimeout fires at once beyond 2^31-1 ms, so longer limits are clamped to ~24.8 days.
  const timeoutTimer =
    Number.isFinite(limit) && limit > 0
      ? setTimeout(
          () => {
            if (finished || stopReason !== null) return;
            timedOut = true;
            stop(`timed out after ${formatDuration(limit)}; process tree killed`);
          },
          Math.min(limit, MAX_TIMER_MS),
        )
      : undefined;

  const onAbort = (): void => stop("aborted");
  options.signal?.addEventListener("abort", onAbort, { once: true });

  const entry: Running = { stop, done: promise };
  running.add(entry);

  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timeoutTimer);
    clearTimeout(drainTimer);
    options.signal?.removeEventListener("abort", onAbort);
    running.delete(entry);
    if (killTimer) {
      // Members that ignored SIGTERM still get their SIGKILL, without holding dxfix up.
      if (pid !== undefined && groupAlive(pid)) killTimer.unref();
      else clearTimeout(killTimer);
    }
    if (!handlerFailed) {
      try {
        splitters?.stdout.end();
        splitters?.stderr.end();
      } catch (err) {
        handlerFailed = true;
        stopReason ??= `output handler failed: ${describe(err)}`;
      }
    }
    let status: ProcessStatus;
    let message: string | null = null;
    if (spawnError) {
      status = "error";
      message = `cannot start command: ${spawnError.message}`;
    } else if (stopReason !== null) {
      status = timedOut ? "timeout" : "error";
      message = stopReason;
    } else if (exitCode === 0) {
      status = "passed";
    } else {
      status = "failed";
      if (exitCode === null && exitSignal) message = `terminated by signal ${exitSignal}`;
    }
    settle({
      status,
      exitCode,
      signal: exitSignal,
      durationMs: performance.now() - started,
      ...capture.result(),
      message,
    });
  };

  const feed = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
    capture.push(chunk);
    if (handlerFailed) return;
    try {
      onChunk?.(chunk, stream);
      splitters?.[stream].push(chunk);
    } catch (err) {
      // A consumer bug must neither crash dxfix nor leave the command running.
      handlerFailed = true;
      stop(`output handler failed: ${describe(err)}`);
    }
  };
  child.stdout?.on("data", feed("stdout"));
  child.stderr?.on("data", feed("stderr"));

  child.on("error", (err) => {
    // Spawn failed (EAGAIN, ENOMEM...): there is no process, so no 'exit' either.
    spawnError = err;
    if (pid === undefined) finish();
  });

  child.on("exit", (code, sig) => {
    exitCode = code;
    exitSignal = sig;
    // The shell is done; whatever is left in its group is a leftover background job.
    // End it, or its open stdout would keep us waiting for 'close' forever.
    if (pid !== undefined && groupAlive(pid)) terminate();
    // A descendant that left the group (setsid) can still hold the pipes open:
    // stop waiting for them a little after the grace.
    drainTimer = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish();
    }, grace + 1000);
  });

  child.on("close", finish);
  return promise;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
