// jest's default reporter (and `--verbose`, which lists every test under its file):
//
//   FAIL ./math.test.js
//     math                                        (verbose: suites, then marked tests)
//       ✓ adds (3 ms)
//       ✕ subtracts wrongly (2 ms)
//       ○ skipped skipped one
//     ● math › subtracts wrongly                  (a failure: its error, then a stack)
//       expect(received).toBe(expected) // Object.is equality
//         at Object.toBe (math.test.js:3:49)
//   Tests:       2 failed, 1 skipped, 1 todo, 4 passed, 8 total
//
// A test's name is its suites' and its own joined by " › ", as jest prints it in the
// `●` headers. Without --verbose only the failures are named; totals come from `Tests:`.
import type { CleanReader } from "./collect.ts";
import { explain, locate, type Section, TestRecord } from "./record.ts";
import { indentOf, trailingLocation } from "./tally.ts";
import type { ReaderLimits, Reading, TestCase } from "./types.ts";

const MARKS: Record<string, TestCase["status"]> = {
  "✓": "passed",
  "√": "passed",
  "✕": "failed",
  "×": "failed",
  "○": "ignored",
  "✎": "ignored",
};
const DURATION = / \(\d[\d.]*\s?m?s\)$/;
/** `●` headers that are not a test: console output and files that did not load. */
const NOT_A_TEST = new Set(["Console", "Test suite failed to run"]);

export class JestReader implements CleanReader {
  readonly name = "jest";
  readonly #record: TestRecord;
  #file: string | null = null;
  /** Between a `PASS`/`FAIL` line and the blank line after its verbose test list. */
  #tree = false;
  #stack: { indent: number; name: string }[] = [];
  #suites = false;
  #section: Section | null = null;

  constructor(limits?: Partial<ReaderLimits>) {
    this.#record = new TestRecord(limits);
  }

  feed(line: string): void {
    const indent = indentOf(line);
    // Coloured, jest prints ` PASS ` on a background: one space before it.
    if (indent <= 1 && (line.startsWith("PASS ", indent) || line.startsWith("FAIL ", indent))) {
      this.#file = fileOf(line.slice(indent + 5));
      this.#tree = true;
      this.#stack = [];
      this.#section = null;
      return;
    }
    if (this.#summary(line)) return;
    if (line.startsWith("● ", indent)) {
      this.#tree = false;
      this.#openSection(line.slice(indent + 2));
      return;
    }
    if (indent === line.length) this.#tree = false;
    else if (this.#tree) this.#treeLine(line, indent);
    else if (this.#section) this.#sectionLine(line.trim());
  }

  recognised(): boolean {
    return this.#record.hasSummary();
  }

  finish(): Reading {
    return this.#record.reading("jest");
  }

  /** `Test Suites: ...` then `Tests:       2 failed, 4 passed, 6 total`. */
  #summary(line: string): boolean {
    if (line.startsWith("Test Suites: ")) {
      this.#suites = true;
      this.#section = null;
      return true;
    }
    if (!this.#suites || !line.startsWith("Tests: ")) return false;
    this.#suites = false;
    return this.#record.summary(line.slice(7), ",");
  }

  /** verbose: a suite name, or `✓ test (3 ms)`, `○ skipped test`, `✎ todo test`. */
  #treeLine(line: string, indent: number): void {
    while ((this.#stack.at(-1)?.indent ?? -1) >= indent) this.#stack.pop();
    const status = MARKS[line.charAt(indent)];
    if (status === undefined || line.charAt(indent + 1) !== " ") {
      this.#stack.push({ indent, name: line.slice(indent) });
      return;
    }
    let title = line.slice(indent + 2).replace(DURATION, "");
    if (title.startsWith("skipped ")) title = title.slice(8);
    else if (title.startsWith("todo ")) title = title.slice(5);
    const name = [...this.#stack.map((s) => s.name), title].join(" › ");
    this.#record.test(name, status, this.#file);
  }

  /** `● suite › test`: a failure, named and explained by the lines below it. */
  #openSection(name: string): void {
    if (name === "Console") {
      this.#section = null;
      return;
    }
    const test = !NOT_A_TEST.has(name);
    if (test && !this.#record.hasFailed(name)) this.#record.test(name, "failed", this.#file);
    this.#section = this.#record.section(test ? name : (this.#file ?? name), this.#file);
  }

  /** The first line is the error; the first `at ... (file:line:col)` of the test's code locates it. */
  #sectionLine(text: string): void {
    const s = this.#section;
    if (s === null || explain(s, text) || s.located || !text.startsWith("at ")) return;
    const at = trailingLocation(text);
    if (at === null || at.file.includes("node_modules/") || at.file.startsWith("node:")) return;
    locate(s, at);
  }
}

/** `./math.test.js (5.2 s)` -> `math.test.js`. */
function fileOf(text: string): string {
  const file = text.replace(DURATION, "").trim();
  return file.startsWith("./") ? file.slice(2) : file;
}
