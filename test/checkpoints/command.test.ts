// The report's log tail of one command: the last lines, capped, in linear time on any
// tail (a whitespace run before the last character once made it quadratic: 64 KiB of
// spaces then `x` took 5.2 s through `/\s+$/`).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCommand, tailLines } from "../../src/checkpoints/command.ts";

const root = mkdtempSync(join(tmpdir(), "dxfix-command-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("tailLines", () => {
  it("keeps the last 4000 characters of a long whitespace run ending in a character", () => {
    // 4 MiB: quadratic post-processing would not finish within the test's timeout.
    const text = `${" ".repeat(4 * 1024 * 1024)}x`;
    expect(tailLines(text)).toBe(`${" ".repeat(3999)}x`);
  });

  it("drops trailing whitespace and carriage returns, keeps the last 40 lines", () => {
    expect(tailLines("a\r\nb  \r\n\n \t\n")).toBe("a\nb");
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    expect(tailLines(`${lines.join("\r\n")}\r\n`)).toBe(lines.slice(10).join("\n"));
    expect(tailLines(" \n\t ")).toBe("");
  });
});

describe("runCommand's log tail", () => {
  it("reports the tail of 64 KiB of spaces then `x` from a real command", async () => {
    const { result } = await runCommand(
      { run: "printf '%65536s' x", cwd: null, line: 1, column: 1, source: "inline" },
      { root, timeoutMs: 20_000, junit: [] },
    );
    expect(result.status).toBe("passed");
    expect(result.logTail).toBe(`${" ".repeat(3999)}x`);
  });
});
