// Descendants by ancestry: the run id in the environment (tree.ts) is lost to a command
// that scrubs it (`setsid env -i sh -c 'sleep 1000 &'`). While the command runs, the
// process table is polled and every process whose parent chain reaches the shell (or a
// descendant seen earlier) is remembered with its start time, so an orphan re-parented
// to init is still known, and a reused pid is not mistaken for it. Limit: a chain that
// forks and exits between two polls is not seen (the cgroup in cgroup.ts is).
import { readdirSync, readFileSync } from "node:fs";

/** How often the process table is read while a command runs. */
export const POLL_MS = 250;

interface Entry {
  ppid: number;
  state: string;
  /** Clock ticks since boot: with the pid, a process's identity. */
  start: string;
}

function entry(pid: string): Entry | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "latin1");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", ppid: Number(fields[1]), start: fields[19] ?? "" };
  } catch {
    return null; // gone already, or no /proc
  }
}

function table(): Map<number, Entry> {
  const all = new Map<number, Entry>();
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return all;
  }
  for (const name of names) {
    const first = name.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    const e = entry(name);
    if (e) all.set(Number(name), e);
  }
  return all;
}

export class Ancestry {
  readonly #root: number;
  /** pid → start time of every descendant seen. */
  readonly #seen = new Map<number, string>();

  constructor(root: number) {
    this.#root = root;
  }

  /** Reads the process table once and remembers the descendants it shows. */
  poll(): void {
    const all = table();
    const children = new Map<number, number[]>();
    for (const [pid, e] of all) {
      const list = children.get(e.ppid);
      if (list) list.push(pid);
      else children.set(e.ppid, [pid]);
    }
    // From the shell and from every live descendant seen before (orphans keep theirs).
    const stack = [this.#root, ...this.#live(all)];
    while (stack.length > 0) {
      const parent = stack.pop() as number;
      for (const pid of children.get(parent) ?? []) {
        if (this.#seen.has(pid) || pid === process.pid) continue;
        this.#seen.set(pid, all.get(pid)?.start ?? "");
        stack.push(pid);
      }
    }
  }

  /** Descendants seen that still run (same pid, same start time, not a zombie). */
  alive(): number[] {
    return this.#live(table());
  }

  #live(all: Map<number, Entry>): number[] {
    const live: number[] = [];
    for (const [pid, start] of this.#seen) {
      const e = all.get(pid);
      if (e && e.start === start && e.state !== "Z" && e.state !== "X") live.push(pid);
    }
    return live;
  }
}
