// cargo-nextest's human output:
//
//       Starting 6 tests across 2 binaries (2 tests skipped)
//           PASS [   0.004s] tcrate tests::adds_small_numbers
//           FAIL [   0.005s] tcrate tests::adds_wrongly
//   ──── STDERR:             tcrate tests::adds_wrongly          (older: `--- STDERR: ... ---`)
//   thread 'tests::adds_wrongly' (6879) panicked at src/lib.rs:29:9:
//   assertion `left == right` failed: two plus two
//        Summary [   0.012s] 6 tests run: 3 passed, 3 failed, 2 skipped
//           FAIL [   0.005s] tcrate tests::adds_wrongly            (repeated: not counted again)
//
// A test is named as libtest names it; its suite is nextest's binary id. Each failure
// is a finding located by the panic in its output sections. What the test printed
// (libtest's own `test result:` inside STDOUT) is the test's business, not a total.
import type { CleanReader } from "./collect.ts";
import { Collector } from "./collect.ts";
import { readPanic } from "./panic.ts";
import { indentOf, readCounts, sum, Tally } from "./tally.ts";
import type { Finding, ReaderLimits, Reading, TestCase } from "./types.ts";

const FAILED = new Set(["FAIL", "TIMEOUT", "ABORT", "LEAK-FAIL", "SIGSEGV", "SIGABRT", "SIGKILL"]);
const STATUSES: Record<string, TestCase["status"]> = {
  PASS: "passed",
  FLAKY: "passed",
  LEAK: "passed",
  SKIP: "ignored",
};
const SECTION_HEADS = ["──── STDOUT:", "──── STDERR:", "--- STDOUT:", "--- STDERR:"];
const KEPT = 1_000;

export class NextestReader implements CleanReader {
  readonly name = "nextest";
  // Its STDOUT sections hold libtest's own lines for each failed test.
  readonly supersedes = ["libtest"];
  readonly #out: Collector;
  readonly #tally = new Tally();
  #started = false;
  #summarised = false;
  readonly #findings = new Map<string, { finding: Finding; panicked: boolean; lines: number }>();
  /** The failing test whose output section is being read. */
  #section: string | null = null;

  constructor(limits?: Partial<ReaderLimits>) {
    this.#out = new Collector(limits);
  }

  feed(line: string): void {
    // Every line that matters starts (past its indentation) with a capital, `─` or `-`.
    const first = line.charCodeAt(indentOf(line));
    const marked = (first >= 65 && first <= 90) || first === 0x2500 || first === 45;
    if (!marked) {
      if (this.#section !== null) this.#sectionLine(line);
      return;
    }
    const text = line.trim();
    if (this.#openSection(text)) return;
    if (text.startsWith("Starting ") && text.includes(" tests across ")) {
      this.#started = true;
      return;
    }
    if (text.startsWith("Summary [") && this.#summary(text)) return;
    if (!this.#statusLine(text) && this.#section !== null) this.#sectionLine(line);
  }

  recognised(): boolean {
    return this.#started && this.#tally.hasSummary();
  }

  finish(): Reading {
    return this.#out.reading("nextest", this.#tally.totals());
  }

  /** `Summary [ 0.012s] 6 tests run: 3 passed, 3 failed, 2 skipped`. */
  #summary(text: string): boolean {
    const colon = text.indexOf(" run: ");
    if (colon < 0) return false;
    const counts = readCounts(text.slice(colon + 6), ",");
    if (counts === null) return false;
    this.#summarised = true;
    this.#section = null;
    this.#tally.summary({
      passed: sum(counts, "passed"),
      failed: sum(counts, "failed", "timed out", "exec failed"),
      ignored: sum(counts, "skipped"),
    });
    return true;
  }

  /** `PASS [   0.004s] binary-id test::name` (and FAIL, SKIP, TIMEOUT, SIGSEGV...). */
  #statusLine(text: string): boolean {
    const open = text.indexOf(" [");
    const close = text.indexOf("] ", open);
    if (open < 0 || close < 0) return false;
    const word = text.slice(0, open);
    const status = FAILED.has(word) ? "failed" : STATUSES[word];
    if (status === undefined) return false;
    const rest = text.slice(close + 2).trim();
    const space = rest.indexOf(" ");
    if (space < 0) return false;
    this.#section = null;
    // After the summary nextest repeats the failures: already counted.
    if (!this.#summarised) this.#test(rest.slice(0, space), rest.slice(space + 1), status, word);
    return true;
  }

  #test(binary: string, name: string, status: TestCase["status"], word: string): void {
    this.#tally.count(status);
    this.#out.addTest({ name, status, suite: binary, file: null });
    if (status !== "failed") return;
    this.#out.addFailure(name);
    const finding = this.#out.addFinding({
      severity: "error",
      code: null,
      message: `${name} ${word === "FAIL" ? "failed" : word}`,
      file: null,
      line: null,
      column: null,
    });
    if (this.#findings.size < KEPT)
      this.#findings.set(name, { finding, panicked: false, lines: 0 });
  }

  /** `──── STDERR:   binary-id test::name`: the output of a failed test follows. */
  #openSection(text: string): boolean {
    const head = SECTION_HEADS.find((h) => text.startsWith(h));
    if (head === undefined) return false;
    let rest = text.slice(head.length).trim();
    if (rest.endsWith(" ---")) rest = rest.slice(0, -4);
    const space = rest.indexOf(" ");
    this.#section = space < 0 ? null : rest.slice(space + 1);
    return true;
  }

  /** The panic locates the finding; the lines after it are its message. */
  #sectionLine(line: string): void {
    const entry = this.#findings.get(this.#section ?? "");
    if (entry === undefined) return;
    const { finding } = entry;
    if (!entry.panicked) {
      const panic = readPanic(line);
      if (panic === null) return;
      entry.panicked = true;
      Object.assign(finding, { file: panic.file, line: panic.line, column: panic.column });
      if (panic.message !== null) {
        finding.message = `${this.#section}: ${panic.message}`;
        entry.lines = 1;
      }
      return;
    }
    if (entry.lines > 0 || line === "" || line.startsWith("note: ")) {
      entry.lines = Math.max(entry.lines, 1);
      return;
    }
    finding.message = `${this.#section}: ${line}`;
    entry.lines = 1;
  }
}
