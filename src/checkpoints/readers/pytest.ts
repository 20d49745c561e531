// pytest's terminal output, default, `-v` and `-rA`:
//
//   test_math.py::test_adds PASSED                        [ 10%]      (-v: one line per test)
//   ________________ test_subtracts_wrongly ________________          (a failure section)
//   E       assert (5 - 3) == 1
//   test_math.py:9: AssertionError
//   =========== short test summary info ============
//   PASSED test_math.py::test_adds                                    (-rA)
//   FAILED test_math.py::test_subtracts_wrongly - assert (5 - 3) == 1
//   ERROR test_math.py::test_uses_broken - RuntimeError: fixture broke
//   ===== 3 failed, 4 passed, 1 skipped, 1 xfailed, 1 error in 2.56s =====
//
// Tests are named by node id. Each FAILED/ERROR of the short summary (printed by
// default) is a finding, located by the `file:line: Error` line of its section.
// Totals: passed + xpassed; failed + errors; skipped + xfailed.
import type { CleanReader } from "./collect.ts";
import { Collector } from "./collect.ts";
import { readCounts, sum, Tally } from "./tally.ts";
import type { ReaderLimits, Reading, TestCase } from "./types.ts";

const VERBOSE: Record<string, TestCase["status"]> = {
  PASSED: "passed",
  XPASS: "passed",
  FAILED: "failed",
  ERROR: "failed",
  SKIPPED: "ignored",
  XFAIL: "ignored",
};
const SHORT: Record<string, TestCase["status"]> = { ...VERBOSE, XPASS: "passed" };
/** `test_math.py:9: AssertionError` closes a section's traceback. */
const RAISED = /^(?<file>[^\s:]+\.py):(?<line>\d{1,9}): (?:[\w.]+)$/;
const SECTIONS_KEPT = 200;

interface Section {
  message: string | null;
  file: string | null;
  line: number | null;
}

export class PytestReader implements CleanReader {
  readonly name = "pytest";
  readonly #out: Collector;
  readonly #tally = new Tally();
  readonly #named = new Set<string>();
  /** Failure sections by the name in their header (`TestNested.test_divides`). */
  readonly #sections = new Map<string, Section>();
  #section: Section | null = null;
  #header = false;

  constructor(limits?: Partial<ReaderLimits>) {
    this.#out = new Collector(limits);
  }

  feed(line: string): void {
    if (line.startsWith("=")) {
      this.#section = null;
      this.#totals(trimRule(line, "="));
      return;
    }
    // -q prints the totals alone, without the rules.
    const first = line.charCodeAt(0);
    if (first >= 48 && first <= 57 && this.#totals(line)) return;
    if (line.startsWith("_") && line.endsWith("_")) {
      this.#openSection(trimRule(line, "_"));
      return;
    }
    if (this.#section) {
      this.#sectionLine(line);
      return;
    }
    if (!this.#shortLine(line)) this.#verboseLine(line);
  }

  recognised(): boolean {
    return this.#tally.hasSummary() && (this.#header || this.#named.size > 0);
  }

  finish(): Reading {
    return this.#out.reading("pytest", this.#tally.totals());
  }

  /** The closing `3 failed, 4 passed in 2.56s` (between rules, or alone with -q). */
  #totals(text: string): boolean {
    if (text === "test session starts") {
      this.#header = true;
      return true;
    }
    const cut = text.lastIndexOf(" in ");
    if (cut < 0 || !/^ \d[\d.]*s(?: \(\S+\))?$/.test(text.slice(cut + 3))) return false;
    const counts = readCounts(text.slice(0, cut), ",");
    if (counts === null) return false;
    this.#tally.summary({
      passed: sum(counts, "passed", "xpassed"),
      failed: sum(counts, "failed", "error", "errors"),
      ignored: sum(counts, "skipped", "xfailed"),
    });
    return true;
  }

  /** `_____ test_x _____` or `_____ ERROR at setup of test_x _____`. */
  #openSection(title: string): void {
    const name = title.replace(/^ERROR at \w+ of /, "");
    const section: Section = { message: null, file: null, line: null };
    if (this.#sections.size < SECTIONS_KEPT) this.#sections.set(name, section);
    this.#section = section;
  }

  /** `E   message` (the first one) and `file.py:9: AssertionError` (the last one). */
  #sectionLine(line: string): void {
    const s = this.#section;
    if (s === null) return;
    if (line.startsWith("E ") && s.message === null) s.message = line.slice(2).trim();
    const m = line.endsWith("Error") || line.includes(": ") ? RAISED.exec(line) : null;
    if (m?.groups) {
      s.file = m.groups.file ?? null;
      s.line = Number(m.groups.line);
    }
  }

  /** A short summary line: `FAILED nodeid - message`, `PASSED nodeid` (-rA). */
  #shortLine(line: string): boolean {
    const space = line.indexOf(" ");
    const status = space > 0 ? SHORT[line.slice(0, space)] : undefined;
    if (status === undefined) return false;
    const rest = line.slice(space + 1);
    const dash = rest.indexOf(" - ");
    const id = dash < 0 ? rest : rest.slice(0, dash);
    if (!id.includes("::")) return false;
    this.#test(id, status);
    if (status === "failed") this.#finding(id, dash < 0 ? null : rest.slice(dash + 3));
    return true;
  }

  /** -v: `test_math.py::test_adds PASSED    [ 10%]`. */
  #verboseLine(line: string): void {
    const space = line.indexOf(" ");
    if (space < 0) return;
    const id = line.slice(0, space);
    if (!id.includes("::")) return;
    const end = line.indexOf(" ", space + 1);
    const status = VERBOSE[line.slice(space + 1, end < 0 ? line.length : end)];
    if (status !== undefined) this.#test(id, status);
  }

  #test(id: string, status: TestCase["status"]): void {
    const key = `${status} ${id}`;
    if (this.#named.has(key)) return;
    if (this.#named.size < 10_000) this.#named.add(key);
    this.#tally.count(status);
    const file = id.slice(0, id.indexOf("::"));
    this.#out.addTest({ name: id, status, suite: null, file });
    if (status === "failed") this.#out.addFailure(id);
  }

  #finding(id: string, message: string | null): void {
    // The section header names a test by its id past the file, `::` as `.`.
    const section = this.#sections.get(id.slice(id.indexOf("::") + 2).replaceAll("::", "."));
    this.#out.addFinding({
      severity: "error",
      code: null,
      message: `${id}: ${message ?? section?.message ?? "failed"}`,
      file: section?.file ?? id.slice(0, id.indexOf("::")),
      line: section?.line ?? null,
      column: null,
    });
  }
}

/** `==== text ====` -> `text`, scanning the rule characters by hand. */
function trimRule(line: string, rule: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && line[start] === rule) start++;
  while (end > start && line[end - 1] === rule) end--;
  return line.slice(start, end).trim();
}
