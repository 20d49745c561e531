// The shapes every output reader produces. Readers are pure and incremental: the
// process runner feeds them one line at a time and they keep only what the caps
// allow, so a command that prints a gigabyte costs the same memory as one that
// prints a page. Counts (errors, warnings, test totals) are always complete.

export interface Finding {
  severity: "error" | "warning";
  code: string | null;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
}

export interface TestCase {
  name: string;
  status: "passed" | "failed" | "ignored";
  suite: string | null;
  file: string | null;
}

export interface TestTotals {
  passed: number;
  failed: number;
  ignored: number;
}

export interface Reading {
  /**
   * A reader's name ("cargo", "libtest", "nextest", "tsc", "gcc", "gotest", "node", "vitest",
   * "jest", "pytest", "junit") or "generic", or combos like "cargo+libtest".
   */
  reader: string;
  /** Capped; errors before warnings, each in output order. */
  findings: Finding[];
  /** Full counts, even past the cap. */
  errors: number;
  warnings: number;
  /** Capped. */
  tests: TestCase[];
  /** A test runner's summary (or its test lines counted), JUnit cases; null when no tests were seen. */
  totals: TestTotals | null;
  /** Names of failed tests (capped). */
  failures: string[];
}

export interface LineReader {
  push(line: string): void;
  finish(): Reading;
}

export interface ReaderLimits {
  /** Findings kept (errors first); the rest are only counted. */
  findings: number;
  /** Test cases kept. */
  tests: number;
  /** Failed test names kept. */
  failures: number;
  /** Characters kept of a message (multi-line messages included). */
  message: number;
}

export const DEFAULT_LIMITS: ReaderLimits = {
  findings: 100,
  tests: 500,
  failures: 100,
  message: 2000,
};
