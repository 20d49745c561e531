// The strongest way to find every process of a command, where Linux offers it: a cgroup v2
// of its own. The shell writes itself into the cgroup before it execs the command, so
// every descendant is in it whatever it does (setsid, `env -i`, double fork), and
// `cgroup.kill` ends them all at once. Used when dxfix may create a cgroup under its own
// (root in a container, a delegated systemd scope); otherwise run.ts falls back to the
// process group, the run id and the ancestry poll. DXFIX_CGROUP=0 turns it off.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

let base: string | null | undefined;

/** The cgroup v2 directory dxfix runs in, when it can create children there. */
function cgroupBase(): string | null {
  if (base !== undefined) return base;
  base = null;
  try {
    const own = readFileSync("/proc/self/cgroup", "utf8")
      .split("\n")
      .find((l) => l.startsWith("0::"));
    const mount = readFileSync("/proc/self/mountinfo", "utf8")
      .split("\n")
      .map((l) => l.split(" "))
      .find((f) => f[f.indexOf("-") + 1] === "cgroup2");
    const point = mount?.[4];
    if (own === undefined || point === undefined) return base;
    const dir = join(point, own.slice(3));
    const probe = join(dir, `dxfix-probe-${process.pid}`);
    mkdirSync(probe);
    rmdirSync(probe);
    base = dir;
  } catch {
    base = null; // no cgroup v2, or not ours to write
  }
  return base;
}

export class RunCgroup {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** A cgroup for run `id`, or null where none can be made. */
  static create(id: string): RunCgroup | null {
    if (process.env.DXFIX_CGROUP === "0") return null;
    const parent = cgroupBase();
    if (parent === null) return null;
    try {
      const dir = join(parent, `dxfix-${id}`);
      mkdirSync(dir);
      return new RunCgroup(dir);
    } catch {
      return null;
    }
  }

  /** The file a process writes its pid to, to join. */
  get procs(): string {
    return join(this.dir, "cgroup.procs");
  }

  /** Its processes now (dxfix itself never joins). */
  pids(): number[] {
    try {
      return readFileSync(this.procs, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map(Number)
        .filter((pid) => pid !== process.pid);
    } catch {
      return [];
    }
  }

  /** SIGKILL to every member at once (the kernel's own loop: nothing forks in between). */
  kill(): void {
    try {
      writeFileSync(join(this.dir, "cgroup.kill"), "1");
    } catch {
      for (const pid of this.pids()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {}
      }
    }
  }

  /** Removes the cgroup once empty; false while members are still dying. */
  remove(): boolean {
    try {
      rmdirSync(this.dir);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === "ENOENT";
    }
  }
}

/**
 * The shell line that joins `procs` and then runs the command (`$0`) as `/bin/sh -c`
 * would: the pid stays the same (exec), and a failed join leaves the other ways on.
 */
export const JOIN_THEN_RUN = 'echo $$ > "$1" 2>/dev/null; exec /bin/sh -c "$0"';
