// Finding and ending every process a command started, not only its process group.
//
// A process group misses descendants that leave it on purpose (`setsid`, daemons,
// `nohup setsid ...`). So, as Jenkins does, every command's environment carries a
// run id (DXFIX_RUN_ID) and the command's processes are the live processes in its
// group or whose environment holds the id: `/proc/<pid>/environ` is the environment
// a process was started with, inherited through fork and exec whatever the session.
// A descendant that execs with a scrubbed environment (`env -i`) and leaves the group
// carries no id: the caller adds what it knows otherwise (`extra`: the command's cgroup,
// cgroup.ts, and the descendants seen by ancestry, ancestry.ts). A pid could be reused
// between the scan and the signal (the window is microseconds). Where /proc is
// unreadable (macOS), only the group is used.
import { readdirSync, readFileSync } from "node:fs";

export const RUN_ID_VARIABLE = "DXFIX_RUN_ID";

/** `env` plus `id`, appended to an outer dxfix run's ids so a nested run stays findable by both. */
export function markEnv(env: NodeJS.ProcessEnv, id: string): NodeJS.ProcessEnv {
  const outer = env[RUN_ID_VARIABLE];
  return { ...env, [RUN_ID_VARIABLE]: outer ? `${outer},${id}` : id };
}

let scannable: boolean | undefined;

/** Whether other processes' environments can be read here (Linux /proc). */
export function canScan(): boolean {
  if (scannable === undefined) {
    try {
      readFileSync("/proc/self/environ");
      scannable = readdirSync("/proc").some((name) => /^\d+$/.test(name));
    } catch {
      scannable = false;
    }
  }
  return scannable;
}

/** State and process group from /proc/<pid>/stat (the command name may hold spaces). */
function stat(pid: string): { state: string; pgrp: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "latin1");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", pgrp: Number(fields[2]) };
  } catch {
    return null; // gone already
  }
}

function carries(pid: string, needle: Buffer): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`).includes(needle);
  } catch {
    return false; // gone, or another user's process: not ours to end
  }
}

/** Other processes known to belong to a command (its cgroup, its descendants by ancestry). */
export type Known = () => Iterable<number>;

const NONE: Known = () => [];

/**
 * Live processes of a command: in group `pgid`, carrying `runId` in their environment or
 * `known` (zombies and dxfix itself excluded). Null where /proc cannot be scanned.
 */
export function findTree(pgid: number, runId: string, known: Known = NONE): number[] | null {
  if (!canScan()) return null;
  const needle = Buffer.from(runId);
  const also = new Set(known());
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    const first = name.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const s = stat(name);
    if (s === null || s.state === "Z" || s.state === "X") continue;
    if (s.pgrp === pgid || also.has(pid) || carries(name, needle)) found.push(pid);
  }
  return found;
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: it ended between the scan and the signal
  }
}

/** A process's command name (`/proc/<pid>/comm`), for saying what was killed. */
function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() || "?";
  } catch {
    return "?";
  }
}

/**
 * Sends `signal` to the group and to every process of the tree; returns the processes
 * found, by pid with their command names read before the signal (empty where only the
 * group could be signalled). SIGKILL first stops the tree
 * (SIGSTOP, rescanning until no new process appears) so nothing can fork in between.
 */
export function signalTree(
  pgid: number,
  runId: string,
  signal: NodeJS.Signals,
  known: Known = NONE,
): Map<number, string> {
  const seen = new Map<number, string>();
  const rounds = signal === "SIGKILL" ? 20 : 1;
  for (let round = 0; round < rounds; round++) {
    const pids = findTree(pgid, runId, known) ?? [];
    const fresh = pids.filter((pid) => !seen.has(pid));
    if (round > 0 && fresh.length === 0) break;
    for (const pid of fresh) {
      seen.set(pid, commandName(pid));
      send(pid, signal === "SIGKILL" ? "SIGSTOP" : signal);
    }
    send(-pgid, signal === "SIGKILL" ? "SIGSTOP" : signal);
  }
  if (signal === "SIGKILL") {
    send(-pgid, "SIGKILL");
    for (const pid of seen.keys()) send(pid, "SIGKILL");
  }
  return seen;
}

/** Whether anything of the tree is still running (the group when /proc cannot be scanned). */
export function treeAlive(pgid: number, runId: string, known: Known = NONE): boolean {
  const pids = findTree(pgid, runId, known);
  if (pids !== null) return pids.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
