// What the JavaScript test readers (vitest, jest) share: tests counted and kept, each
// failure named once, the summary line's counts, and a failure section's finding
// (`name failed` until the section's first line says why, then located by a later line).
import { Collector } from "./collect.ts";
import { readCounts, sum, Tally } from "./tally.ts";
import type { Finding, ReaderLimits, Reading, TestCase } from "./types.ts";

/** A failure section being read into its finding. */
export interface Section {
  readonly label: string;
  readonly finding: Finding;
  explained: boolean;
  located: boolean;
}

export class TestRecord {
  readonly #out: Collector;
  readonly #tally = new Tally();
  readonly #failed = new Set<string>();

  constructor(limits?: Partial<ReaderLimits>) {
    this.#out = new Collector(limits);
  }

  hasSummary(): boolean {
    return this.#tally.hasSummary();
  }

  reading(reader: string): Reading {
    return this.#out.reading(reader, this.#tally.totals());
  }

  /** `2 failed | 4 passed | 1 skipped | 1 todo` split on `separator`; false if not counts. */
  summary(text: string, separator: string): boolean {
    const counts = readCounts(text, separator);
    if (counts === null) return false;
    this.#tally.summary({
      passed: sum(counts, "passed"),
      failed: sum(counts, "failed"),
      ignored: sum(counts, "skipped", "todo"),
    });
    return true;
  }

  hasFailed(name: string): boolean {
    return this.#failed.has(name);
  }

  test(name: string, status: TestCase["status"], file: string | null): void {
    this.#tally.count(status);
    this.#out.addTest({ name, status, suite: null, file });
    if (status !== "failed" || this.#failed.has(name)) return;
    if (this.#failed.size < this.#out.limits.failures) this.#failed.add(name);
    this.#out.addFailure(name);
  }

  /** An error finding for `label`, to be explained and located by the lines below it. */
  section(label: string, file: string | null): Section {
    const finding = this.#out.addFinding({
      severity: "error",
      code: null,
      message: `${label} failed`,
      file,
      line: null,
      column: null,
    });
    return { label, finding, explained: false, located: false };
  }
}

/** The section's first line is its error; true when `text` was taken as that. */
export function explain(section: Section, text: string): boolean {
  if (section.explained) return false;
  section.explained = true;
  section.finding.message = `${section.label}: ${text}`;
  return true;
}

/** Locates the section's finding once. */
export function locate(
  section: Section,
  at: { file: string; line: number; column: number | null } | null,
): void {
  if (at === null || section.located) return;
  section.located = true;
  Object.assign(section.finding, at);
}
