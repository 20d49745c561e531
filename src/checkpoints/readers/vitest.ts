// vitest's default and verbose reporters:
//
//    ❯ math.test.ts (4 tests | 1 failed | 1 skipped) 21ms      (default: a tree per file)
//      ❯ math (4)
//        ✓ adds 5ms
//        × subtracts wrongly 12ms
//    × math.test.ts > math > subtracts wrongly 8ms              (verbose: one line per test)
//    FAIL  math.test.ts > math > subtracts wrongly              (the failure sections)
//   AssertionError: expected 2 to be 1 // Object.is equality
//    ❯ math.test.ts:3:49
//    Test Files  2 failed | 1 passed (3)
//         Tests  2 failed | 4 passed | 1 skipped | 1 todo (8)
//
// A test's name is its suites' and its own joined by " > " (as vitest prints them),
// without the file. The default reporter lists the tests of failing files only; the
// totals come from the `Tests` line.
import type { CleanReader } from "./collect.ts";
import { explain, locate, type Section, TestRecord } from "./record.ts";
import { indentOf, splitLocation } from "./tally.ts";
import type { ReaderLimits, Reading, TestCase } from "./types.ts";

const MARKS: Record<string, TestCase["status"] | "suite"> = {
  "✓": "passed",
  "×": "failed",
  "✗": "failed",
  "↓": "ignored",
  "□": "ignored",
  "❯": "suite",
};
const DURATION = / \d{1,9}m?s$/;
const SUITE_COUNT = / \(\d{1,9}\)$/;
const FILE_COUNT = /^ \(\d{1,9} tests?(?: \| [^)]*)?\)$/;

export class VitestReader implements CleanReader {
  readonly name = "vitest";
  readonly #record: TestRecord;
  #file: string | null = null;
  #stack: { indent: number; name: string }[] = [];
  #testFiles = false;
  #section: Section | null = null;

  constructor(limits?: Partial<ReaderLimits>) {
    this.#record = new TestRecord(limits);
  }

  feed(line: string): void {
    const indent = indentOf(line);
    // Only the lines that can matter are trimmed (copied): most output is neither.
    if (line.startsWith("Test", indent) && this.#summary(line.trim())) return;
    if (line.startsWith("FAIL ", indent)) {
      this.#openSection(line.slice(indent + 5).trim());
      return;
    }
    if (this.#section) {
      this.#sectionLine(line.trim());
      return;
    }
    this.#treeLine(line);
  }

  recognised(): boolean {
    return this.#record.hasSummary();
  }

  finish(): Reading {
    return this.#record.reading("vitest");
  }

  /** `Test Files  ...` then `Tests  2 failed | 4 passed (6)`. */
  #summary(text: string): boolean {
    if (text.startsWith("Test Files ")) {
      this.#testFiles = true;
      this.#section = null;
      return true;
    }
    if (!this.#testFiles || !text.startsWith("Tests ")) return false;
    this.#testFiles = false;
    return this.#record.summary(text.slice(6).replace(SUITE_COUNT, ""), "|");
  }

  /** A test or suite line of the default tree, or a verbose `file > suite > test` line. */
  #treeLine(line: string): void {
    const indent = indentOf(line);
    const status = MARKS[line.charAt(indent)];
    if (status === undefined || line.charAt(indent + 1) !== " ") return;
    const title = line.slice(indent + 2).replace(DURATION, "");
    const count = title.lastIndexOf(" (");
    if (indent <= 1 && count > 0 && FILE_COUNT.test(title.slice(count))) {
      this.#file = title.slice(0, count);
      this.#stack = [];
      return;
    }
    while ((this.#stack.at(-1)?.indent ?? -1) >= indent) this.#stack.pop();
    if (status === "suite" || SUITE_COUNT.test(title)) {
      this.#stack.push({ indent, name: title.replace(SUITE_COUNT, "") });
      return;
    }
    let name = [...this.#stack.map((s) => s.name), title].join(" > ");
    let file = this.#file;
    if (indent <= 1 && this.#stack.length === 0) {
      // verbose: `math.test.ts > math > adds`
      const cut = title.indexOf(" > ");
      if (cut > 0) {
        file = title.slice(0, cut);
        name = title.slice(cut + 3);
      }
    }
    this.#record.test(name, status, file);
  }

  /** ` FAIL  math.test.ts > math > subtracts wrongly` (or a file that failed to load). */
  #openSection(header: string): void {
    const cut = header.indexOf(" > ");
    const bracket = header.indexOf(" [ ");
    const file = cut > 0 ? header.slice(0, cut) : bracket > 0 ? header.slice(0, bracket) : header;
    const name = cut > 0 ? header.slice(cut + 3) : file;
    if (cut > 0 && !this.#record.hasFailed(name)) this.#record.test(name, "failed", file);
    this.#section = this.#record.section(name, file);
  }

  /** The first line of a section is the error; the first `❯ file:line:col` locates it. */
  #sectionLine(text: string): void {
    const s = this.#section;
    if (s === null || text === "") return;
    if (text.startsWith("⎯")) {
      this.#section = null;
      return;
    }
    if (!explain(s, text) && !s.located && text.startsWith("❯ ")) {
      locate(s, splitLocation(text.slice(2)));
    }
  }
}
