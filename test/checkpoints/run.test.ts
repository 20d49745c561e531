import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { setEchoSinks } from "../../src/checkpoints/process/backpressure.ts";
import { LineSplitter } from "../../src/checkpoints/process/lines.ts";
import { OutputCapture } from "../../src/checkpoints/process/output.ts";
import {
  killAllRunning,
  type RunOptions,
  runningCount,
  runProcess,
} from "../../src/checkpoints/run.ts";
import { formatDuration } from "../../src/report/format.ts";
import { killCarrying, leftCarrying, waitFor } from "./procs.ts";

const dir = mkdtempSync(join(tmpdir(), "dxfix-run-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, extra: Partial<RunOptions> = {}) {
  return runProcess({ command, cwd: dir, timeoutMs: 20_000, ...extra });
}

async function collect(command: string, extra: Partial<RunOptions> = {}) {
  const lines: string[] = [];
  const result = await run(command, { ...extra, onLine: (l) => lines.push(l) });
  return { result, lines };
}

// Dead means gone, or a zombie waiting for a reaper: the container's init may not reap.
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw err;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

async function waitGone(pids: number[], withinMs = 5000): Promise<number[]> {
  const end = Date.now() + withinMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    alive = alive.filter(isAlive);
  }
  return alive;
}

function readPids(file: string): number[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map(Number);
}

describe("runProcess: exit status", () => {
  it("passes on exit 0 and keeps the output", async () => {
    const r = await run("echo hello");
    expect(r.status).toBe("passed");
    expect(r.exitCode).toBe(0);
    expect(r.signal).toBeNull();
    expect(r.message).toBeNull();
    expect(r.head + r.tail).toBe("hello\n");
    expect(r.totalBytes).toBe(6);
    expect(r.droppedBytes).toBe(0);
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it("fails with the exit code", async () => {
    const r = await run("echo boom >&2; exit 3");
    expect(r.status).toBe("failed");
    expect(r.exitCode).toBe(3);
    expect(r.head).toBe("boom\n");
    expect(r.message).toBeNull();
  });

  it("reports a shell killed by a signal as failed, naming the signal", async () => {
    const r = await run("kill -USR1 $$");
    expect(r.status).toBe("failed");
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe("SIGUSR1");
    expect(r.message).toBe("terminated by signal SIGUSR1");
  });

  it("runs in cwd with the given env and stdin from /dev/null", async () => {
    writeFileSync(join(dir, "marker.txt"), "here\n");
    const r = await run('cat marker.txt; echo "$DXFIX_X"; cat; echo end', {
      env: { PATH: process.env.PATH, DXFIX_X: "from-env" },
    });
    expect(r.status).toBe("passed");
    expect(r.head).toBe("here\nfrom-env\nend\n");
  });

  it("treats a timeout of 0 or Infinity as no limit", async () => {
    expect((await run("sleep 0.2", { timeoutMs: 0 })).status).toBe("passed");
    expect((await run("sleep 0.2", { timeoutMs: Number.POSITIVE_INFINITY })).status).toBe("passed");
  });

  it("gives a clear error for a missing working directory, without throwing", async () => {
    const missing = join(dir, "no-such-dir");
    const r = await runProcess({ command: "true", cwd: missing, timeoutMs: 1000 });
    expect(r.status).toBe("error");
    expect(r.message).toBe(`working directory "${missing}" does not exist`);
    expect(r.exitCode).toBeNull();
  });

  it("gives a clear error when the working directory is a file", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    const r = await runProcess({ command: "true", cwd: file, timeoutMs: 1000 });
    expect(r.status).toBe("error");
    expect(r.message).toBe(`working directory "${file}" is not a directory`);
  });
});

describe("runProcess: lines", () => {
  it("delivers stdout and stderr lines, each stream in order", async () => {
    const chunks: Array<"stdout" | "stderr"> = [];
    const { result, lines } = await collect(
      "i=1; while [ $i -le 200 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done",
      { onChunk: (_c, s) => chunks.push(s) },
    );
    expect(result.status).toBe("passed");
    const want = (p: string) => Array.from({ length: 200 }, (_, i) => `${p}${i + 1}`);
    expect(lines.filter((l) => l.startsWith("out"))).toEqual(want("out"));
    expect(lines.filter((l) => l.startsWith("err"))).toEqual(want("err"));
    expect(lines).toHaveLength(400);
    expect(new Set(chunks)).toEqual(new Set(["stdout", "stderr"]));
  });

  it("strips CR of CRLF and emits a last line without newline", async () => {
    const { lines } = await collect("printf 'one\\r\\ntwo\\r\\n\\r\\nthree'");
    expect(lines).toEqual(["one", "two", "", "three"]);
  });

  it("survives invalid UTF-8 with replacement characters", async () => {
    const { result, lines } = await collect("printf 'bad \\377\\376 bytes\\n'; echo ok");
    expect(result.status).toBe("passed");
    expect(lines).toEqual(["bad \uFFFD\uFFFD bytes", "ok"]);
    expect(result.head).toContain("\uFFFD");
    expect(result.totalBytes).toBe(16);
  });

  it("decodes a multi-byte character split across chunks", async () => {
    const chunks: Buffer[] = [];
    // U+20AC "€" is E2 82 AC; the sleep puts its bytes in two separate reads.
    const { lines } = await collect("printf 'price: \\342\\202'; sleep 0.3; printf '\\254 5\\n'", {
      onChunk: (c) => chunks.push(c),
    });
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks[0]?.at(-1)).toBe(0x82);
    expect(lines).toEqual(["price: € 5"]);
  });

  it("truncates very long lines before passing them on", async () => {
    const { lines } = await collect(
      "head -c 300000 /dev/zero | tr '\\0' a; echo; echo next; head -c 10 /dev/zero | tr '\\0' b",
      { maxLineLength: 1000 },
    );
    expect(lines).toEqual(["a".repeat(1000), "next", "b".repeat(10)]);
  });

  it("turns a throwing line handler into an error and stops the command", async () => {
    const r = await run("echo first; sleep 600", {
      onLine: () => {
        throw new Error("reader bug");
      },
      killGraceMs: 200,
    });
    expect(r.status).toBe("error");
    expect(r.message).toMatch(
      /^output handler failed: reader bug; \d+ process(es)? killed \(sh(, sleep)?\)$/,
    );
  });
});

describe("runProcess: ending process trees", () => {
  it("times out and kills the whole tree, grandchildren included", async () => {
    const pidFile = join(dir, "tree-pids");
    const r = await run(
      `sleep 600 & echo $! >> ${pidFile}; sh -c 'sleep 600 & echo $! >> ${pidFile}; wait' & wait`,
      { timeoutMs: 500 },
    );
    expect(r.status).toBe("timeout");
    // The two shells and the two sleeps.
    expect(r.message).toBe("timed out after 500ms; 4 processes killed (sh, sleep)");
    const pids = readPids(pidFile);
    expect(pids).toHaveLength(2);
    expect(await waitGone(pids)).toEqual([]);
  });

  it("kills with SIGKILL a tree that ignores SIGTERM", async () => {
    const pidFile = join(dir, "stubborn-pids");
    const r = await run(`trap '' TERM; sleep 600 & echo $! > ${pidFile}; wait; wait; wait`, {
      timeoutMs: 300,
      killGraceMs: 400,
    });
    expect(r.status).toBe("timeout");
    expect(r.signal).toBe("SIGKILL");
    // It did not go on SIGTERM: it lasted at least the timeout plus the grace.
    expect(r.durationMs).toBeGreaterThanOrEqual(700);
    expect(await waitGone(readPids(pidFile))).toEqual([]);
  });

  it("ends background jobs left behind when the shell exits, and says so", async () => {
    const pidFile = join(dir, "leftover-pid");
    const r = await run(`sleep 600 & echo $! > ${pidFile}; echo done`);
    // Leftovers warn, they do not fail (see run.ts): the exit code decides the status.
    expect(r.status).toBe("passed");
    expect(r.leftovers).toBe(1);
    expect(r.message).toBe("1 leftover process killed (sleep)");
    expect(r.head).toBe("done\n");
    expect(await waitGone(readPids(pidFile))).toEqual([]);
  });

  /** Runs `command` after it writes its run id; then the processes still carrying it. */
  async function runMarked(command: string, extra: Partial<RunOptions> = {}) {
    const idFile = join(dir, `id-${Math.random().toString(36).slice(2)}`);
    const r = await run(`echo $DXFIX_RUN_ID > ${idFile}; ${command}`, extra);
    const id = readFileSync(idFile, "utf8").trim();
    const left = await leftCarrying(id);
    killCarrying(id); // so a failing test leaves no sleepers behind
    return { r, left };
  }

  it("ends a setsid child that holds the output after its shell exits", async () => {
    const { r, left } = await runMarked("setsid sh -c 'exec sleep 600' & sleep 0.3; echo out", {
      killGraceMs: 200,
    });
    expect(left).toEqual([]);
    expect(r.status).toBe("passed");
    expect(r.message).toBe("1 leftover process killed (sleep)");
    expect(r.head).toBe("out\n");
  });

  it("ends a setsid child left by a shell that exits at once", async () => {
    const { r, left } = await runMarked("setsid sleep 600 > /dev/null 2>&1 & sleep 0.1");
    expect(left).toEqual([]);
    expect(r.status).toBe("passed");
    // Named as it was when killed: `sh` when the shell's fork had not yet become `sleep`.
    expect(r.message).toMatch(/^1 leftover process killed \((sleep|sh)\)$/);
  });

  it("ends a setsid child that outlives the timeout, SIGKILL for one ignoring SIGTERM", async () => {
    const { r, left } = await runMarked(
      `setsid sh -c 'trap "" TERM; sleep 600 & wait; wait' & setsid sleep 600 & wait`,
      { timeoutMs: 500, killGraceMs: 300 },
    );
    expect(left).toEqual([]);
    expect(r.status).toBe("timeout");
    // The shell, the two setsid children and the trapping shell's sleep.
    expect(r.message).toBe("timed out after 500ms; 4 processes killed (sh, sleep)");
  });

  /** Live processes whose command line is `sleep <seconds>` (a unique duration per test). */
  function sleeping(seconds: string): number[] {
    const found: number[] = [];
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const argv = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
        if (argv[0] === "sleep" && argv[1] === seconds && isAlive(Number(name))) {
          found.push(Number(name));
        }
      } catch {}
    }
    return found;
  }

  async function leftSleeping(seconds: string): Promise<number[]> {
    const left = await waitGone(sleeping(seconds));
    for (const pid of left) process.kill(pid, "SIGKILL");
    return left;
  }

  // `env -i` drops DXFIX_RUN_ID and setsid leaves the group: only the cgroup (or ancestry,
  // when a parent lives long enough to be seen) still knows these processes.
  it("ends `setsid env -i sh -c 'sleep &'` when the shell exits at once (cgroup)", async () => {
    const where = join(dir, "escapee-cgroup");
    const r = await run(`setsid env -i sh -c 'cat /proc/self/cgroup > ${where}; sleep 987.1 &'`);
    expect(readFileSync(where, "utf8")).toMatch(/^0::.*\/dxfix-[0-9a-f-]{36}$/m);
    expect(await leftSleeping("987.1")).toEqual([]);
    expect(r.status).toBe("passed");
    // Named as it was when killed: `sh` when the shell's fork had not yet become `sleep`.
    expect(r.message).toMatch(/^1 leftover process killed \((sleep|sh)\)$/);
  });

  it("ends `setsid env -i sh -c 'sleep'` that outlives the timeout (cgroup)", async () => {
    const r = await run("setsid env -i sh -c 'sleep 987.2' & wait", { timeoutMs: 500 });
    expect(await leftSleeping("987.2")).toEqual([]);
    expect(r.status).toBe("timeout");
    expect(r.message).toBe("timed out after 500ms; 3 processes killed (sh, sleep)");
  });

  it("without a cgroup, ends `setsid env -i` escapees seen by ancestry", async () => {
    process.env.DXFIX_CGROUP = "0";
    try {
      const left = await run("setsid env -i sh -c 'sleep 987.3 & sleep 987.4' & sleep 0.8");
      expect(await leftSleeping("987.3")).toEqual([]);
      expect(await leftSleeping("987.4")).toEqual([]);
      expect(left.status).toBe("passed");
      expect(left.message).toBe("3 leftover processes killed (sh, sleep)");
      const late = await run("setsid env -i sh -c 'sleep 987.5' & wait", { timeoutMs: 800 });
      expect(await leftSleeping("987.5")).toEqual([]);
      expect(late.status).toBe("timeout");
    } finally {
      delete process.env.DXFIX_CGROUP;
    }
  });

  it("marks the environment with a run id of its own, after an outer run's", async () => {
    const r = await run("echo $DXFIX_RUN_ID", { env: { ...process.env, DXFIX_RUN_ID: "outer" } });
    expect(r.head).toMatch(/^outer,[0-9a-f-]{36}\n$/);
    const again = await run("echo $DXFIX_RUN_ID", { env: { PATH: process.env.PATH } });
    expect(again.head).toMatch(/^[0-9a-f-]{36}\n$/);
    expect(again.head).not.toBe(r.head.slice("outer,".length));
  });

  it("lets an interrupted parent end its running commands (the CLI's signal handler)", async () => {
    const pidFile = join(dir, "sigint-pid");
    const runner = new URL("../../src/checkpoints/run.ts", import.meta.url).href;
    const script = `
      const { runProcess, killAllRunning } = await import(${JSON.stringify(runner)});
      process.on("SIGINT", async () => { await killAllRunning(); process.exit(130); });
      const r = runProcess({ command: "sleep 600 & echo $! > ${pidFile}; wait", cwd: "/", timeoutMs: 60000 });
      console.log("started");
      await r;`;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((ok) => parent.stdout.once("data", () => ok()));
    const end = Date.now() + 5000;
    while (Date.now() < end) {
      try {
        if (readFileSync(pidFile, "utf8").trim() !== "") break;
      } catch {}
      await new Promise((r) => setTimeout(r, 20));
    }
    parent.kill("SIGINT");
    const code = await new Promise<number | null>((ok) => parent.on("exit", (c) => ok(c)));
    expect(code).toBe(130);
    expect(await waitGone(readPids(pidFile))).toEqual([]);
  });

  it("aborts through an AbortSignal", async () => {
    const pidFile = join(dir, "abort-pid");
    const controller = new AbortController();
    const pending = run(`sleep 600 & echo $! > ${pidFile}; wait`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const r = await pending;
    expect(r.status).toBe("error");
    expect(r.message).toBe("aborted; 2 processes killed (sh, sleep)");
    expect(await waitGone(readPids(pidFile))).toEqual([]);
  });

  it("does not start a command whose signal is already aborted", async () => {
    const file = join(dir, "never");
    const r = await run(`touch ${file}`, { signal: AbortSignal.abort() });
    expect(r.status).toBe("error");
    expect(r.message).toBe("aborted");
    expect(() => readFileSync(file)).toThrow();
  });

  it("killAllRunning ends every running command", async () => {
    const a = run("sleep 600");
    const b = run("sleep 600");
    await new Promise((r) => setTimeout(r, 200));
    expect(runningCount()).toBe(2);
    await killAllRunning();
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.status).toBe("error");
    expect(ra.message).toMatch(/^interrupted; \d+ process(es)? killed \(sh(, sleep)?\)$/);
    expect(rb.message).toMatch(/^interrupted; \d+ process(es)? killed \(sh(, sleep)?\)$/);
    expect(runningCount()).toBe(0);
  });
});

describe("runProcess: bounded output", () => {
  it("keeps head and tail bounded and counts 200 MB exactly", async () => {
    const line = "x".repeat(98);
    let count = 0;
    let wrong = 0;
    const r = await run(`yes ${line}z | head -n 2000000`, {
      headBytes: 1000,
      tailBytes: 5000,
      onLine: (l) => {
        count++;
        if (l.length !== 99) wrong++;
      },
    });
    expect(r.status).toBe("passed");
    expect(r.totalBytes).toBe(200_000_000);
    expect(count).toBe(2_000_000);
    expect(wrong).toBe(0);
    expect(Buffer.byteLength(r.head)).toBeLessThanOrEqual(1000);
    expect(Buffer.byteLength(r.tail)).toBeLessThanOrEqual(5000);
    expect(r.head.startsWith(`${line}z\n`)).toBe(true);
    // The tail starts at a line boundary: whole lines only.
    expect(r.tail).toBe(`${line}z\n`.repeat(r.tail.length / 100));
    expect(r.tail.length).toBeGreaterThan(4800);
    expect(r.droppedBytes).toBe(
      r.totalBytes - Buffer.byteLength(r.head) - Buffer.byteLength(r.tail),
    );
  });
});

/** A sink that takes nothing until released: a pipe whose reader is slower than the command. */
function heldSink() {
  let held: (() => void)[] | null = [];
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(_chunk, _encoding, callback) {
      if (held) held.push(callback);
      else callback();
    },
  });
  const release = () => {
    const waiting = held ?? [];
    held = null;
    for (const callback of waiting) callback();
  };
  return { sink, release };
}

describe("runProcess: a backed-up echo", () => {
  it("stops reading the command while the echo's stream is backed up, then reads it all", async () => {
    const { sink, release } = heldSink();
    setEchoSinks([sink]);
    let fed = 0;
    try {
      const done = run("head -c 33554432 /dev/zero", {
        onChunk: (chunk) => {
          fed += chunk.length;
          sink.write(chunk);
        },
      });
      await waitFor(() => sink.writableNeedDrain);
      // Before the fix, the whole 32 MiB was read into the sink's queue by now.
      await new Promise((r) => setTimeout(r, 300));
      expect(fed).toBeLessThan(1024 * 1024);
      release();
      const r = await done;
      expect(r.status).toBe("passed");
      expect(r.totalBytes).toBe(33554432);
      expect(fed).toBe(33554432);
    } finally {
      release();
      setEchoSinks([process.stdout, process.stderr]);
    }
  });
});

describe("OutputCapture", () => {
  it("head + tail is the whole text when nothing was dropped; sizes stay bounded", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", "\n", "é", "€", "😀"), maxLength: 120 }),
        fc.integer({ min: 0, max: 64 }),
        fc.integer({ min: 0, max: 64 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 20 }),
        (text, headBytes, tailBytes, cuts) => {
          const bytes = Buffer.from(text);
          const capture = new OutputCapture(headBytes, tailBytes);
          let at = 0;
          for (const n of cuts) {
            capture.push(bytes.subarray(at, at + n));
            at += n;
          }
          capture.push(bytes.subarray(at));
          const out = capture.result();
          expect(out.totalBytes).toBe(bytes.length);
          expect(Buffer.byteLength(out.head)).toBeLessThanOrEqual(headBytes);
          expect(Buffer.byteLength(out.tail)).toBeLessThanOrEqual(tailBytes + 3);
          expect(out.droppedBytes).toBe(
            bytes.length - Buffer.byteLength(out.head) - Buffer.byteLength(out.tail),
          );
          if (bytes.length <= headBytes + tailBytes) {
            expect(out.droppedBytes).toBe(0);
            expect(out.head + out.tail).toBe(text);
          } else {
            expect(text.startsWith(out.head)).toBe(true);
            expect(text.endsWith(out.tail)).toBe(true);
          }
        },
      ),
    );
  });

  it("never cuts the head inside a character", () => {
    const capture = new OutputCapture(5, 0);
    capture.push(Buffer.from("abcd€€€"));
    const out = capture.result();
    expect(out.head).toBe("abcd");
    expect(out.droppedBytes).toBe(9);
  });
});

describe("LineSplitter", () => {
  it("reassembles lines and characters from any chunking", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: "grapheme" }).map((s) => s.replace(/[\r\n]/g, "")),
          {
            maxLength: 10,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 30 }),
        (lines, cuts) => {
          const bytes = Buffer.from(lines.map((l) => `${l}\r\n`).join(""));
          const seen: string[] = [];
          const splitter = new LineSplitter((l) => seen.push(l));
          let at = 0;
          for (const n of cuts) {
            splitter.push(bytes.subarray(at, at + n));
            at += n;
          }
          splitter.push(bytes.subarray(at));
          splitter.end();
          expect(seen).toEqual(lines);
        },
      ),
    );
  });
});

// Timeout messages use the report's duration form (`1m 05s`), like every other duration.
describe("the duration in a timeout message", () => {
  it("reads like the report's durations", () => {
    expect(formatDuration(850)).toBe("850ms");
    expect(formatDuration(12_345)).toBe("12.3s");
    expect(formatDuration(65_000)).toBe("1m 05s");
    expect(formatDuration(30 * 60_000)).toBe("30m 00s");
    expect(formatDuration(3_723_000)).toBe("1h 02m");
  });
});
