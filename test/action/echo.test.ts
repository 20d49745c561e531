// What the Action echoes of a command to the job log: the first and the last MiB, a line
// and a notice saying how much was left out between them (it once echoed 1,074 MB).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { logEvents } from "../../src/action/results.ts";
import { notRun } from "../../src/checkpoints/command.ts";
import { CappedEcho } from "../../src/checkpoints/process/echo.ts";
import type { CommandResult } from "../../src/report/schema.ts";

function collect(head: number, tail: number) {
  const out: Buffer[] = [];
  const echo = new CappedEcho((c) => out.push(Buffer.from(c)), head, tail);
  return { echo, text: () => Buffer.concat(out).toString("utf8") };
}

describe("CappedEcho", () => {
  it("echoes everything when it fits, ending the last line", () => {
    const { echo, text } = collect(10, 10);
    echo.push(Buffer.from("ab\ncd"));
    echo.push(Buffer.from("ef\ngh"));
    expect(echo.end()).toBe(0);
    expect(text()).toBe("ab\ncdef\ngh\n");
  });

  it("keeps the head up to its last whole line and the tail from its first whole line", () => {
    const { echo, text } = collect(12, 12);
    const lines = Array.from({ length: 100 }, (_, i) => `l${String(i).padStart(2, "0")}`);
    for (const line of lines) echo.push(Buffer.from(`${line}\n`));
    const left = echo.end();
    // Head: "l00\nl01\nl02\n" (12 bytes); the ring holds the last 12 bytes and, after
    // dropped bytes, starts at its first whole line: "l98\nl99\n".
    expect(text()).toBe(
      "l00\nl01\nl02\n[dxfix: 380 bytes of output left out of the log here]\nl98\nl99\n",
    );
    expect(left).toBe(400 - 12 - 8);
  });

  it("holds at most head + tail bytes whatever the command prints", () => {
    let written = 0;
    const echo = new CappedEcho((c) => (written += Buffer.byteLength(c)), 1024, 1024);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 1600; i++) echo.push(chunk); // 100 MiB, no newline at all
    const left = echo.end();
    expect(left).toBe(100 * 1024 * 1024 - 2048);
    expect(written).toBeLessThan(2048 + 100);
  });
});

describe("logEvents", () => {
  let log: string[] = [];
  beforeEach(() => {
    log = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      log.push(String(chunk));
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  const result = (over: Partial<CommandResult>): CommandResult => ({
    ...notRun({ run: "big", cwd: null, line: 1, column: 1, source: "inline" }),
    status: "passed",
    exitCode: 0,
    ...over,
  });

  it("cuts a 3 MiB output to 2 MiB in the log, with a notice after the command's block", () => {
    const emit = logEvents();
    emit({ type: "command-start", checkpointId: "1", run: "big", cwd: ".", reused: false });
    const line = Buffer.from(`${"y".repeat(1023)}\n`);
    for (let i = 0; i < 3 * 1024; i++) emit({ type: "output", chunk: line, stream: "stdout" });
    emit({ type: "command-end", checkpointId: "1", result: result({}) });
    const text = log.join("");
    expect(text.length).toBeLessThan(2 * 1024 * 1024 + 2000);
    // 1 MiB between head and tail, plus the partial line the tail starts after.
    const cut = "[dxfix: 1049600 bytes of output left out of the log here]";
    expect(text.split(cut)).toHaveLength(2);
    const [head = "", rest = ""] = text.split(cut);
    expect(head.endsWith(`${"y".repeat(1023)}\n`)).toBe(true);
    const notice = "::notice title=dxfix%3A output cut::1049600 bytes of the output of `big`";
    // The notice comes after the command's block, once workflow commands are on again.
    const token = /::stop-commands::(.+)\n/.exec(head)?.[1] ?? "none";
    expect(rest).toContain(`::${token}::`);
    expect(rest.indexOf(notice)).toBeGreaterThan(rest.indexOf(`::${token}::`));
  });

  it("warns when a passing command left processes behind", () => {
    const emit = logEvents();
    emit({ type: "command-start", checkpointId: "1", run: "serve &", cwd: ".", reused: false });
    emit({
      type: "command-end",
      checkpointId: "1",
      result: result({ run: "serve &", message: "1 leftover process killed" }),
    });
    expect(log.join("")).toContain(
      "::warning title=dxfix%3A leftover processes::`serve &` passed but left processes running: 1 leftover process killed",
    );
  });
});
