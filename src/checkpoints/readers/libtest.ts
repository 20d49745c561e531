// libtest (the Rust test harness) as cargo prints it:
//
//        Running tests/integration.rs (target/debug/deps/integration-e0a1618d8ad1c0a9)
//   running 2 tests
//   test integration_ok ... ok
//   test integration_fails ... FAILED
//   ---- integration_fails stdout ----
//   thread 'integration_fails' (6883) panicked at tests/integration.rs:9:5:
//   vector should not be empty
//   failures:
//       integration_fails
//   test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; ...
//
// Totals are the `test result:` lines summed; a suite that never printed one (its
// binary crashed) contributes what its own test lines showed. Each failure section
// becomes an error finding, located by the panic (or, for a doc test, by its name).
import type { CleanReader } from "./collect.ts";
import { Collector, captured } from "./collect.ts";
import { readPanic } from "./panic.ts";
import type { Finding, ReaderLimits, Reading, TestCase, TestTotals } from "./types.ts";

const RESULT =
  /^test result: \w+\. (?<passed>\d{1,9}) passed; (?<failed>\d{1,9}) failed; (?<ignored>\d{1,9}) ignored/;
const TEST = /^test (?<name>.+) \.\.\. (?<outcome>ok|FAILED|ignored)\b/;
const SECTION = /^---- (?<name>.+) std(?:out|err) ----$/;
const CARGO_RUNNING = /^\s+Running (?:unittests )?(?<suite>\S+)/;
const QUIET_FAILURE = " --- FAILED";
const MESSAGE_LINES = 6;
const SEEN_FAILED_CAP = 10_000;

/** A failing test's `---- name stdout ----` section, read into its finding. */
interface Section {
  finding: Finding;
  name: string;
  panicked: boolean;
  lines: number;
}

const zero = (): TestTotals => ({ passed: 0, failed: 0, ignored: 0 });

export class LibtestReader implements CleanReader {
  readonly name = "libtest";
  readonly #out: Collector;
  #totals: TestTotals | null = null;
  // Counts from the test lines of the suite being read, until its `test result:`.
  #pending: TestTotals | null = null;
  #suite: string | null = null;
  #suiteFile: string | null = null;
  #failedInSuite = new Set<string>();
  #listMode = false;
  #section: Section | null = null;

  constructor(limits?: Partial<ReaderLimits>) {
    this.#out = new Collector(limits);
  }

  feed(line: string): void {
    if (line.startsWith("test ") && this.#testLine(line)) return;
    if (line.startsWith("running ") && /^running \d+ tests?$/.test(line)) {
      this.#closeSuite();
      this.#pending = zero();
      return;
    }
    if (line.startsWith("---- ") && this.#openSection(line)) return;
    if (line === "failures:") {
      this.#section = null;
      this.#listMode = true;
      return;
    }
    if (line.endsWith(QUIET_FAILURE)) {
      // `cargo test -q` names failures as they happen instead of `test x ... FAILED`.
      this.#recordTest(line.slice(0, -QUIET_FAILURE.length), "failed");
      return;
    }
    if (this.#listMode) this.#listedFailure(line);
    else if (this.#section) readSection(this.#section, line, this.#out.limits.message);
    else if (line.startsWith("   ")) this.#suiteHeader(line);
  }

  // "running N tests" alone is not enough: other harnesses print it too.
  recognised(): boolean {
    const p = this.#pending;
    return (
      this.#totals !== null ||
      this.#out.errors > 0 ||
      (p !== null && p.passed + p.failed + p.ignored > 0)
    );
  }

  finish(): Reading {
    this.#closeSuite();
    return this.#out.reading("libtest", this.#totals);
  }

  /** `test result: ...` or `test name ... ok`; false for any other line. */
  #testLine(line: string): boolean {
    const result = line.startsWith("test result: ") ? RESULT.exec(line) : null;
    if (result) {
      this.#addTotals({
        passed: Number(captured(result, "passed")),
        failed: Number(captured(result, "failed")),
        ignored: Number(captured(result, "ignored")),
      });
      this.#pending = null;
      this.#section = null;
      this.#listMode = false;
      return true;
    }
    const m = TEST.exec(line);
    if (!m) return false;
    const outcome = captured(m, "outcome");
    const status = outcome === "ok" ? "passed" : outcome === "FAILED" ? "failed" : "ignored";
    this.#recordTest(captured(m, "name"), status);
    return true;
  }

  #openSection(line: string): boolean {
    const m = SECTION.exec(line);
    if (!m) return false;
    this.#listMode = false;
    const name = captured(m, "name");
    const doc = docLocation(name);
    this.#section = {
      name,
      panicked: false,
      lines: 0,
      finding: this.#out.addFinding({
        severity: "error",
        code: null,
        message: `${name} failed`,
        file: doc?.file ?? null,
        line: doc?.line ?? null,
        column: null,
      }),
    };
    return true;
  }

  /** A name in the `failures:` list, indented by four spaces. */
  #listedFailure(line: string): void {
    if (line.startsWith("    ") && line.length > 4 && line.charCodeAt(4) !== 32) {
      const name = line.slice(4);
      if (!this.#failedInSuite.has(name)) this.#recordTest(name, "failed");
    }
  }

  /** cargo's `Running <binary>` or `Doc-tests <crate>` names the suite that follows. */
  #suiteHeader(line: string): void {
    const m = CARGO_RUNNING.exec(line);
    if (m) {
      this.#suite = captured(m, "suite");
      this.#suiteFile = line.includes("Running unittests ") ? null : this.#suite;
    } else if (line.trimStart().startsWith("Doc-tests ")) {
      this.#suite = `doc-tests ${line.trim().slice("Doc-tests ".length)}`;
      this.#suiteFile = null;
    }
  }

  #addTotals(t: TestTotals): void {
    this.#totals ??= zero();
    this.#totals.passed += t.passed;
    this.#totals.failed += t.failed;
    this.#totals.ignored += t.ignored;
  }

  #closeSuite(): void {
    if (this.#pending) this.#addTotals(this.#pending);
    this.#pending = null;
    this.#failedInSuite = new Set();
    this.#listMode = false;
    this.#section = null;
  }

  #recordTest(name: string, status: TestCase["status"]): void {
    const doc = docLocation(name);
    this.#pending ??= zero();
    this.#pending[status]++;
    this.#out.addTest({ name, status, suite: this.#suite, file: doc?.file ?? this.#suiteFile });
    if (status === "failed") this.#recordFailure(name);
  }

  #recordFailure(name: string): void {
    if (this.#failedInSuite.has(name)) return;
    if (this.#failedInSuite.size < SEEN_FAILED_CAP) this.#failedInSuite.add(name);
    this.#out.addFailure(name);
  }
}

/**
 * A doc test is named `src/lib.rs - add (line 3)`: its name locates it. Read by hand:
 * `/^(.+?) - .*\(line (\d+)\)$/` retried its `.*` after every ` - ` (quadratic).
 */
function docLocation(name: string): { file: string; line: number } | null {
  if (!name.endsWith(")")) return null;
  const dash = name.indexOf(" - ");
  const open = name.lastIndexOf("(line ");
  const line = name.slice(open + 6, -1);
  if (dash < 1 || open < dash + 3 || !/^\d{1,9}$/.test(line)) return null;
  return { file: name.slice(0, dash), line: Number(line) };
}

/** One line of a failure section: the panic locates the finding, what follows explains it. */
function readSection(s: Section, line: string, maxMessage: number): void {
  if (!s.panicked) {
    readUntilPanic(s, line);
    return;
  }
  if (s.lines >= MESSAGE_LINES) return;
  if (line === "" || line.startsWith("note: ") || line.startsWith("stack backtrace:")) {
    s.lines = MESSAGE_LINES;
    return;
  }
  const text = s.lines === 0 ? `${s.name}: ${line}` : `${s.finding.message}\n${line}`;
  s.finding.message = text.length > maxMessage ? s.finding.message : text;
  s.lines++;
}

function readUntilPanic(s: Section, line: string): void {
  const panic = readPanic(line);
  if (panic) {
    s.panicked = true;
    // A doc test panics inside a temporary bundle: its name locates it better.
    if (s.finding.file === null) {
      s.finding.file = panic.file;
      s.finding.line = panic.line;
      s.finding.column = panic.column;
    }
    // Before Rust 1.73 the message came on the panic line itself.
    const { message } = panic;
    if (message !== null) {
      s.finding.message = `${s.name}: ${message}`;
      s.lines = MESSAGE_LINES;
    }
    return;
  }
  if (line.startsWith("Error: ")) s.finding.message = `${s.name}: ${line.slice(7)}`;
}
