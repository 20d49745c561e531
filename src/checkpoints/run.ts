// Runs one checkpoint command the way a CI runner would: `/bin/sh -c` in a working
// directory, stdin from /dev/null, live output, bounded memory, and a timeout that
// ends the whole process tree.
//
// The shell is spawned detached, so it leads a new group that every descendant joins
// unless it deliberately leaves (`setsid`); those are found by the run id in their
// environment (process/tree.ts), by ancestry (the process table polled while the command
// runs, process/ancestry.ts) and, where dxfix may create one, by a cgroup v2 of the
// command's own that its shell joins before anything else (process/cgroup.ts). Ending a
// tree signals all of them, SIGTERM then SIGKILL after the grace.
//
// A command is done when its shell exits. Whatever it started that is still running
// then is killed, and the result's message says how many and what ("2 leftover processes
// killed (sleep)"); the status stays what the exit code says. Leftovers are reported, not
// failed, because honest builds leave daemons (a Gradle or Bazel server, sccache)
// and failing them would be a false failure; a plan author who wants to fake a pass
// can write `true` anyway.
//
// A detached group is not the terminal's foreground group, so a Ctrl-C reaches dxfix
// but not the commands: every edge forwards SIGINT/SIGTERM (process/signals.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { messageOf } from "../errors.ts";
import { formatDuration, plural } from "../report/format.ts";
import { Ancestry, POLL_MS } from "./process/ancestry.ts";
import { echoDrained } from "./process/backpressure.ts";
import { JOIN_THEN_RUN, RunCgroup } from "./process/cgroup.ts";
import { DEFAULT_MAX_LINE_LENGTH, LineSplitter } from "./process/lines.ts";
import { OutputCapture } from "./process/output.ts";
import { markEnv, signalTree, treeAlive } from "./process/tree.ts";

export interface RunOptions {
  /** A shell string from the plan, run with `/bin/sh -c`. */
  command: string;
  /** Working directory (absolute; a relative one resolves against process.cwd()). */
  cwd: string;
  /** Kills the whole process tree after this long; status "timeout". 0 or Infinity: no limit. */
  timeoutMs: number;
  /** Environment of the command (default process.env), plus DXFIX_RUN_ID (see process/tree.ts). */
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
  /** One-line human reason for timeout and error (and for a failure by signal), or the leftovers killed. */
  message: string | null;
  /** Processes still running when the shell exited, killed then (0 when none or when stopped early). */
  leftovers: number;
}

const DEFAULT_HEAD_BYTES = 16 * 1024;
const DEFAULT_TAIL_BYTES = 64 * 1024;
const DEFAULT_KILL_GRACE_MS = 2000;
const MAX_TIMER_MS = 2 ** 31 - 1;

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

function errorResult(message: string): ProcessResult {
  return {
    status: "error",
    exitCode: null,
    signal: null,
    durationMs: 0,
    head: "",
    tail: "",
    totalBytes: 0,
    droppedBytes: 0,
    message,
    leftovers: 0,
  };
}

/** Runs one shell command. Never rejects: problems come back as status "error". */
export function runProcess(options: RunOptions): Promise<ProcessResult> {
  const started = performance.now();
  const cwd = resolve(options.cwd);
  const problem = directoryProblem(cwd);
  if (problem) return Promise.resolve(errorResult(problem));
  if (options.signal?.aborted) return Promise.resolve(errorResult("aborted"));
  let child: ChildProcess;
  const runId = randomUUID();
  const cgroup = RunCgroup.create(runId);
  const args = cgroup
    ? ["-c", JOIN_THEN_RUN, options.command, cgroup.procs]
    : ["-c", options.command];
  try {
    child = spawn("/bin/sh", args, {
      cwd,
      env: markEnv(options.env ?? process.env, runId),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
  } catch (err) {
    cgroup?.remove();
    return Promise.resolve(errorResult(`cannot start command: ${messageOf(err)}`));
  }
  return new Supervised(child, options, started, runId, cgroup).done;
}

/** A started command until its result: output, timeout, abort, and ending its tree. */
class Supervised implements Running {
  readonly done: Promise<ProcessResult>;
  readonly #settle: (result: ProcessResult) => void;
  readonly #child: ChildProcess;
  readonly #pid: number | undefined;
  readonly #runId: string;
  readonly #cgroup: RunCgroup | null;
  readonly #ancestry: Ancestry | null;
  readonly #pollTimer: NodeJS.Timeout | undefined;
  /** Every process dxfix signalled to end this command's tree, with its command name. */
  readonly #killed = new Map<number, string>();
  #leftovers = 0;
  /** The names of the leftovers, for the message. */
  #leftoverNames: string[] = [];
  readonly #options: RunOptions;
  readonly #started: number;
  readonly #grace: number;
  readonly #capture: OutputCapture;
  readonly #splitters: Record<"stdout" | "stderr", LineSplitter> | null;
  readonly #timeoutTimer: NodeJS.Timeout | undefined;
  readonly #onAbort = (): void => this.stop("aborted");
  #stopReason: string | null = null; // set when dxfix ends the tree itself
  #timedOut = false;
  #handlerFailed = false;
  #exitCode: number | null = null;
  #exitSignal: string | null = null;
  #spawnError: Error | null = null;
  #finished = false;
  #killTimer: NodeJS.Timeout | undefined;
  #paused = false;
  #drainTimer: NodeJS.Timeout | undefined;

  constructor(
    child: ChildProcess,
    options: RunOptions,
    started: number,
    runId: string,
    cgroup: RunCgroup | null,
  ) {
    const { promise, resolve: settle } = Promise.withResolvers<ProcessResult>();
    this.done = promise;
    this.#settle = settle;
    this.#child = child;
    this.#pid = child.pid;
    this.#runId = runId;
    this.#cgroup = cgroup;
    // A cgroup holds every descendant, however it detaches (setsid, env -i): polling the
    // process table as well would only re-read what it already knows.
    const ancestry = child.pid === undefined || cgroup ? null : new Ancestry(child.pid);
    this.#ancestry = ancestry;
    if (ancestry) {
      ancestry.poll();
      this.#pollTimer = setInterval(() => ancestry.poll(), POLL_MS).unref();
    }
    this.#options = options;
    this.#started = started;
    this.#grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    this.#capture = new OutputCapture(
      options.headBytes ?? DEFAULT_HEAD_BYTES,
      options.tailBytes ?? DEFAULT_TAIL_BYTES,
    );
    const maxLine = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    const onLine = options.onLine;
    this.#splitters = onLine
      ? { stdout: new LineSplitter(onLine, maxLine), stderr: new LineSplitter(onLine, maxLine) }
      : null;
    this.#timeoutTimer = this.#startTimeout(options.timeoutMs);
    options.signal?.addEventListener("abort", this.#onAbort, { once: true });
    running.add(this);
    this.#listen();
  }

  /** Ends the tree for `reason` (the result says error, or timeout). */
  stop(reason: string): void {
    if (this.#finished || this.#stopReason !== null) return;
    this.#stopReason = reason;
    this.#terminate();
  }

  #startTimeout(limit: number): NodeJS.Timeout | undefined {
    if (!(Number.isFinite(limit) && limit > 0)) return undefined;
    // setTimeout fires at once beyond 2^31-1 ms, so longer limits are clamped to ~24.8 days.
    const onTimeout = (): void => {
      if (this.#finished || this.#stopReason !== null) return;
      this.#timedOut = true;
      this.stop(`timed out after ${formatDuration(limit)}`);
    };
    return setTimeout(onTimeout, Math.min(limit, MAX_TIMER_MS));
  }

  #listen(): void {
    const child = this.#child;
    child.stdout?.on("data", (chunk: Buffer) => this.#feed("stdout", chunk));
    child.stderr?.on("data", (chunk: Buffer) => this.#feed("stderr", chunk));
    child.on("error", (err) => {
      // Spawn failed (EAGAIN, ENOMEM...): there is no process, so no 'exit' either.
      this.#spawnError = err;
      if (this.#pid === undefined) this.#finish();
    });
    child.on("exit", (code, sig) => this.#exited(code, sig));
    child.on("close", () => this.#finish());
  }

  /** SIGTERM to the tree now, SIGKILL after the grace; returns the names of what was found. */
  #terminate(): string[] {
    const pid = this.#pid;
    if (pid === undefined) return [];
    this.#killTimer ??= setTimeout(() => this.#signal(pid, "SIGKILL"), this.#grace);
    return this.#signal(pid, "SIGTERM");
  }

  #signal(pid: number, signal: NodeJS.Signals): string[] {
    const found = signalTree(pid, this.#runId, signal, this.#known);
    if (signal === "SIGKILL") this.#cgroup?.kill();
    for (const [p, name] of found) if (!this.#killed.has(p)) this.#killed.set(p, name);
    return [...found.values()];
  }

  /** What the cgroup and the ancestry poll know of the tree beyond group and run id. */
  readonly #known = (): number[] => {
    this.#ancestry?.poll();
    return [...(this.#cgroup?.pids() ?? []), ...(this.#ancestry?.alive() ?? [])];
  };

  #feed(stream: "stdout" | "stderr", chunk: Buffer): void {
    this.#capture.push(chunk);
    if (this.#handlerFailed) return;
    try {
      this.#options.onChunk?.(chunk, stream);
      this.#splitters?.[stream].push(chunk);
    } catch (err) {
      // A consumer bug must neither crash dxfix nor leave the command running.
      this.#handlerFailed = true;
      this.stop(`output handler failed: ${messageOf(err)}`);
    }
    this.#holdWhileBackedUp();
  }

  /** Stops reading the command's pipes while the echo's stdout or stderr is backed up. */
  #holdWhileBackedUp(): void {
    if (this.#paused) return;
    const drained = echoDrained();
    if (drained === null) return;
    this.#paused = true;
    this.#child.stdout?.pause();
    this.#child.stderr?.pause();
    void drained.then(() => {
      this.#paused = false;
      this.#child.stdout?.resume();
      this.#child.stderr?.resume();
    });
  }

  #exited(code: number | null, sig: NodeJS.Signals | null): void {
    this.#exitCode = code;
    this.#exitSignal = sig;
    // The shell is done; whatever it started and is still running is a leftover.
    // End it, or its open stdout would keep us waiting for 'close' forever.
    // (#finish drops the SIGKILL timer when nothing was left.)
    if (this.#stopReason === null) {
      this.#leftoverNames = this.#terminate();
      this.#leftovers = this.#leftoverNames.length;
    }
    // A descendant we cannot find (scrubbed environment, no /proc) can still hold
    // the pipes open: stop waiting for them a little after the grace.
    this.#drainTimer = setTimeout(() => {
      this.#child.stdout?.destroy();
      this.#child.stderr?.destroy();
      this.#finish();
    }, this.#grace + 1000);
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    clearTimeout(this.#timeoutTimer);
    clearTimeout(this.#drainTimer);
    clearInterval(this.#pollTimer);
    this.#options.signal?.removeEventListener("abort", this.#onAbort);
    running.delete(this);
    if (this.#killTimer) {
      // Members that ignored SIGTERM still get their SIGKILL, without holding dxfix up.
      if (this.#pid !== undefined && treeAlive(this.#pid, this.#runId, this.#known))
        this.#killTimer.unref();
      else clearTimeout(this.#killTimer);
    }
    this.#removeCgroup();
    this.#flushLines();
    const { status, message } = this.#outcome();
    this.#settle({
      status,
      exitCode: this.#exitCode,
      signal: this.#exitSignal,
      durationMs: performance.now() - this.#started,
      ...this.#capture.result(),
      message,
      leftovers: this.#leftovers,
    });
  }

  /** Removes the cgroup once its members are gone (they may still be dying). */
  #removeCgroup(tries = 20): void {
    const cgroup = this.#cgroup;
    if (!cgroup || cgroup.remove() || tries === 0) return;
    setTimeout(() => this.#removeCgroup(tries - 1), this.#grace / 4 + 50).unref();
  }

  /** The last line of each stream, when it did not end with a newline. */
  #flushLines(): void {
    if (this.#handlerFailed) return;
    try {
      this.#splitters?.stdout.end();
      this.#splitters?.stderr.end();
    } catch (err) {
      this.#handlerFailed = true;
      this.#stopReason ??= `output handler failed: ${messageOf(err)}`;
    }
  }

  #outcome(): { status: ProcessStatus; message: string | null } {
    if (this.#spawnError) {
      return { status: "error", message: `cannot start command: ${this.#spawnError.message}` };
    }
    if (this.#stopReason !== null) {
      const status = this.#timedOut ? "timeout" : "error";
      const killed = this.#killed.size;
      const tree =
        killed > 0
          ? `${plural(killed, "process", "processes")} killed${named([...this.#killed.values()])}`
          : "process tree killed";
      return { status, message: `${this.#stopReason}; ${tree}` };
    }
    const left =
      this.#leftovers > 0
        ? `${plural(this.#leftovers, "leftover process", "leftover processes")} killed${named(this.#leftoverNames)}`
        : null;
    if (this.#exitCode === 0) return { status: "passed", message: left };
    const bySignal =
      this.#exitCode === null && this.#exitSignal
        ? `terminated by signal ${this.#exitSignal}`
        : null;
    return {
      status: "failed",
      message: [bySignal, left].filter((m) => m !== null).join("; ") || null,
    };
  }
}

/** ` (sh, sleep)`: the distinct command names of what was killed, a few at most. */
function named(names: readonly string[]): string {
  const distinct = [...new Set(names)].sort();
  const shown = distinct.length > 4 ? [...distinct.slice(0, 4), "…"] : distinct;
  return shown.length > 0 ? ` (${shown.join(", ")})` : "";
}
