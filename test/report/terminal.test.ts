import { afterEach, describe, expect, it, vi } from "vitest";
import { shouldColor } from "../../src/report/color.ts";
import { createProgress, renderTerminal } from "../../src/report/terminal.ts";
import { buildReport, checkpoint, command, failedCommand, mixedReport } from "../helpers/report.ts";

const ESC = "\x1b";

function sink(columns?: number) {
  const chunks: string[] = [];
  return {
    chunks,
    stream: { write: (chunk: string) => chunks.push(chunk), columns },
    text: () => chunks.join(""),
  };
}

describe("renderTerminal", () => {
  it("prints checkpoints, failing commands with their first errors, properties, criteria and a verdict", () => {
    const out = renderTerminal(mixedReport(), { color: false });
    expect(out).not.toContain(ESC);
    const lines = out.split("\n");
    expect(lines[0]).toBe(
      "dxfix · DX-Py-Runtime Compilation Fix  .kiro/specs/dx-py-runtime/tasks.md",
    );
    expect(lines).toContain("  ✘ 3    Checkpoint - Verify JIT Integration Compiles  12.3s");
    expect(lines).toContain(
      "    ✘ cargo build -p dx-py-interpreter  exit 101, 24 errors, 2 warnings",
    );
    expect(lines).toContain(
      "        crates/dx-py-interpreter/src/jit.rs:42:17  error[E0433] failed to resolve: use of undeclared type `FunctionId`",
    );
    expect(lines).toContain("        … 23 more");
    expect(lines).toContain("  ○ 5    Final Checkpoint - Ensure all tests pass  not run");
    expect(lines).toContain("  ✘ 2. Tier Tracking Consistency  failed: prop_tier_tracking");
    expect(lines).toContain("  ? 3. Tier Promotion Monotonicity  no test found");
    expect(lines).toContain("Criteria  2/5 verified · 1 failing · 1 pending · 1 uncovered");
    expect(lines).toContain("  failing    4.1");
    expect(lines).toContain("  uncovered  9.1");
    expect(lines.at(-2)).toBe(
      "✘ failed · 1 of 2 checkpoints failed · 2/5 criteria verified · 1 process",
    );
  });

  it("lists an error once when several commands report it (a build, then the tests' build)", () => {
    const build = failedCommand();
    const release = failedCommand({ run: "cargo build --release" });
    const tests = failedCommand({
      run: "cargo test --lib",
      errors: 25,
      diagnostics: [
        ...build.diagnostics,
        {
          ...build.diagnostics[0],
          line: 7,
          message: "only in the tests",
        } as (typeof build.diagnostics)[number],
      ],
    });
    const report = buildReport({
      checkpoints: [
        checkpoint({ commands: [build] }),
        checkpoint({ id: "7", commands: [release, tests] }),
      ],
    });
    const lines = renderTerminal(report, { color: false }).split("\n");
    const listedErrors = lines.filter((l) => /^ {8}\S+:\d+:\d+ {2}(error|warning)/.test(l));
    expect(listedErrors).toHaveLength(build.diagnostics.length + 1);
    expect(listedErrors.at(-1)).toMatch(/:7:\d+ {2}error\[E0433\] only in the tests$/);
    expect(
      lines.filter((l) => l === `        ${build.diagnostics.length} findings listed above`),
    ).toHaveLength(2);
    // 24 errors and 2 warnings each (25 in the tests): 3 listed or above, 23 left out.
    expect(lines.filter((l) => l === "        … 23 more")).toHaveLength(3);
  });

  it("colours on request, and the colours are the only difference", () => {
    const coloured = renderTerminal(mixedReport(), { color: true });
    expect(coloured).toContain(`${ESC}[31m✘${ESC}[39m`);
    expect(coloured.replace(/\x1b\[\d+m/g, "")).toBe(
      renderTerminal(mixedReport(), { color: false }),
    );
  });

  it("shows a passing run briefly and marks reused commands", () => {
    const report = buildReport({
      checkpoints: [checkpoint({ commands: [command(), command({ reused: true })] })],
    });
    const out = renderTerminal(report, { color: false });
    expect(out).toContain("  ✔ 3    Checkpoint - Verify JIT Integration Compiles  12.3s");
    expect(out).not.toContain("cargo build");
    expect(out.trimEnd().split("\n").at(-1)).toBe(
      "✔ passed · 1 of 1 checkpoint passed · 1/1 criteria verified · 1 process",
    );
  });

  it("cannot be driven by escape sequences in plan text or tool output", () => {
    const evil = `title${ESC}[2J${ESC}]0;pwned\x07\r\nmore`;
    const report = buildReport({
      title: evil,
      checkpoints: [checkpoint({ title: evil, commands: [failedCommand({ run: evil })] })],
    });
    const out = renderTerminal(report, { color: false });
    expect(out).not.toContain(ESC);
    expect(out).not.toContain("\r");
    expect(out).toContain("dxfix · title more");
  });
});

describe("createProgress without a terminal", () => {
  it("prints one plain line when a command starts and one when it ends", () => {
    const { stream, text } = sink();
    const progress = createProgress(stream, { color: false, isTTY: false });
    progress.start("3", "cargo build -p x", ".");
    progress.line(`   Compiling x${ESC}[0m\n`);
    progress.end(failedCommand({ run: "cargo build -p x", durationMs: 12_300 }));
    progress.start("5", "cargo test", "crates/x");
    progress.end(command({ run: "cargo test", cwd: "crates/x", reused: true }));
    progress.start("6", "sleep 99", ".");
    progress.end(
      command({ run: "sleep 99", status: "timeout", exitCode: null, durationMs: 1_800_000 }),
    );
    progress.start("7", "cargo build", "gone");
    progress.end(
      command({
        run: "cargo build",
        cwd: "gone",
        status: "error",
        exitCode: null,
        message: `no such directory: gone\n${ESC}[2J`,
      }),
    );
    progress.close();
    expect(text()).toBe(
      [
        "▶ [3] cargo build -p x",
        "   Compiling x",
        "✘ [3] cargo build -p x (12.3s) exit 101, 24 errors, 2 warnings",
        "▶ [5] cargo test (in crates/x)",
        "✔ [5] cargo test (in crates/x) (reused)",
        "▶ [6] sleep 99",
        "✘ [6] sleep 99 (30m 00s) timed out after 30m 00s",
        "▶ [7] cargo build (in gone)",
        "✘ [7] cargo build (in gone) (12.3s) could not run: no such directory: gone",
        "",
      ].join("\n"),
    );
  });
});

describe("createProgress on a terminal", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refreshes one status line with the elapsed time, keeps output above it, and clears it at the end", () => {
    vi.useFakeTimers();
    let clock = 0;
    const { chunks, stream } = sink(80);
    const progress = createProgress(stream, {
      color: false,
      isTTY: true,
      now: () => clock,
      intervalMs: 100,
    });
    progress.start("3", "cargo build -p x", ".");
    for (let i = 0; i < 3; i++) {
      clock += 1_000;
      vi.advanceTimersByTime(100);
    }
    const statusLines = chunks.filter((c) => c.startsWith("\r\x1b[2K") && c.length > 5);
    expect(statusLines.map((c) => c.slice("\r\x1b[2K".length))).toEqual([
      "⠋ [3] cargo build -p x · 0ms",
      "⠙ [3] cargo build -p x · 1.0s",
      "⠹ [3] cargo build -p x · 2.0s",
      "⠸ [3] cargo build -p x · 3.0s",
    ]);
    chunks.length = 0;
    progress.line("warning: unused variable");
    expect(chunks[0]).toBe("\r\x1b[2K");
    expect(chunks[1]).toBe("warning: unused variable\n");
    expect(chunks[2]).toMatch(/^\r\x1b\[2K. \[3\] cargo build -p x · 3\.0s$/);
    chunks.length = 0;
    progress.end(command({ run: "cargo build -p x", durationMs: 3_000 }));
    expect(chunks).toEqual(["\r\x1b[2K", "✔ [3] cargo build -p x (3.0s)\n"]);
    chunks.length = 0;
    vi.advanceTimersByTime(1_000);
    expect(chunks).toEqual([]);
  });

  it("keeps the status line within the terminal width so \\r can redraw it", () => {
    vi.useFakeTimers();
    const { chunks, stream } = sink(40);
    const progress = createProgress(stream, { color: false, isTTY: true, now: () => 0 });
    progress.start("12", `cargo test ${"--very-long-flag ".repeat(10)}`, ".");
    const status = (chunks.at(-1) ?? "").replace("\r\x1b[2K", "");
    expect([...status].length).toBeLessThanOrEqual(39);
    expect(status.endsWith("…")).toBe(true);
    progress.close();
    expect(chunks.at(-1)).toBe("\r\x1b[2K");
  });

  it("colours the final line when asked", () => {
    const { text, stream } = sink(80);
    const progress = createProgress(stream, { color: true, isTTY: true, now: () => 0 });
    progress.start("3", "false", ".");
    progress.end(command({ run: "false", status: "failed", exitCode: 1, durationMs: 5 }));
    expect(text()).toContain(`${ESC}[31m✘${ESC}[39m [3] false ${ESC}[2m(5ms)${ESC}[22m exit 1\n`);
  });
});

describe("shouldColor", () => {
  it("follows NO_COLOR, FORCE_COLOR, TERM=dumb, then the TTY", () => {
    expect(shouldColor({ isTTY: true }, {})).toBe(true);
    expect(shouldColor({ isTTY: false }, {})).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(shouldColor({ isTTY: true }, { FORCE_COLOR: "0" })).toBe(false);
    expect(shouldColor({ isTTY: true }, { TERM: "dumb" })).toBe(false);
  });
});

describe("reused results", () => {
  it("are detailed once, where they first ran", () => {
    const first = failedCommand();
    const report = buildReport({
      checkpoints: [
        checkpoint({ id: "3", status: "failed", commands: [first] }),
        checkpoint({ id: "5", status: "failed", commands: [{ ...first, reused: true }] }),
      ],
    });
    const text = renderTerminal(report, { color: false });
    expect(text.match(/no method named `call_count` found/g)).toHaveLength(1);
    expect(text).toContain("(reused)");
  });
});
