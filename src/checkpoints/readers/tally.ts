// What the test readers share: a summary line's "2 failed, 4 passed" counts, read by
// splitting and anchored patterns (no regex over the whole line), and the running
// totals a reader keeps from the test lines when the tool prints no summary.
import type { TestCase, TestTotals } from "./types.ts";

const COUNT = /^(?<n>\d{1,9}) (?<word>[a-z][a-z ]{0,20}?)(?: \(|$)/;

/**
 * `2 failed | 4 passed | 1 skipped (8)` split on `separator`: each part's number by its
 * first word(s) (`xfailed`, `timed out`). Null when a part is not a count.
 */
export function readCounts(text: string, separator: string): Map<string, number> | null {
  const counts = new Map<string, number>();
  for (const raw of text.split(separator)) {
    const part = raw.trim();
    if (part === "") continue;
    const m = COUNT.exec(part);
    const word = m?.groups?.word;
    if (!m || word === undefined) return null;
    counts.set(word, (counts.get(word) ?? 0) + Number(m.groups?.n));
  }
  return counts.size > 0 ? counts : null;
}

/** The sum of the counts named. */
export function sum(counts: Map<string, number>, ...words: string[]): number {
  return words.reduce((n, w) => n + (counts.get(w) ?? 0), 0);
}

export const zeroTotals = (): TestTotals => ({ passed: 0, failed: 0, ignored: 0 });

/** Counts test lines as they come; the summary line, when there is one, wins. */
export class Tally {
  #seen: TestTotals | null = null;
  #summary: TestTotals | null = null;

  count(status: TestCase["status"]): void {
    this.#seen ??= zeroTotals();
    this.#seen[status]++;
  }

  /** A summary line's totals (added: a run may print one per package or binary). */
  summary(t: TestTotals): void {
    this.#summary ??= zeroTotals();
    this.#summary.passed += t.passed;
    this.#summary.failed += t.failed;
    this.#summary.ignored += t.ignored;
  }

  hasSummary(): boolean {
    return this.#summary !== null;
  }

  totals(): TestTotals | null {
    return this.#summary ?? this.#seen;
  }
}

/** Indentation width: the index of the first character that is not a space. */
export function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * `path:line[:col]` at the end of `text` (after a space or `(`, before an optional `)`),
 * scanned by hand from the right so that no pattern backtracks over the path.
 */
export function trailingLocation(
  text: string,
): { file: string; line: number; column: number | null } | null {
  const body = text.endsWith(")") ? text.slice(0, -1) : text;
  const start = Math.max(body.lastIndexOf(" "), body.lastIndexOf("(")) + 1;
  return splitLocation(body.slice(start));
}

/** `file:line[:col]` (a `file://` URL too) into its parts; null for anything else. */
export function splitLocation(
  token: string,
): { file: string; line: number; column: number | null } | null {
  const path = token.startsWith("file://") ? token.slice(7) : token;
  const parts = path.split(":");
  const nums: number[] = [];
  while (parts.length > 1 && nums.length < 2 && /^\d{1,9}$/.test(parts.at(-1) ?? "")) {
    nums.unshift(Number(parts.pop()));
  }
  const file = parts.join(":");
  const [line, column] = nums;
  if (line === undefined || file === "") return null;
  return { file, line, column: column ?? null };
}
