// TypeScript compiler diagnostics in both of its layouts:
//
//   src/a.ts(5,7): error TS2322: Type 'string' is not assignable to type 'number'.   (--pretty false)
//   src/a.ts:5:7 - error TS2322: Type 'string' is not assignable to type 'number'.   (--pretty, a TTY)
//   error TS5058: The specified path does not exist: '/x/nowhere'.                   (no file)
//
// Indented lines right under a header elaborate its message ("Types of parameters
// 'x' and 'x' are incompatible."); after a blank line they are related locations
// ("'name' is declared here."), not part of it. "Found 8 errors in 2 files." is
// the total when it is larger than what was counted.
import type { CleanReader } from "./collect.ts";
import { Collector, captured } from "./collect.ts";
import type { Finding, ReaderLimits, Reading } from "./types.ts";

// Linear: after each place the lazy file may end, a bounded stretch is tried and the
// message takes the rest (`.*$` failed on U+2028 and retried at every place: quadratic).
const PLAIN =
  /^(?<file>.+?)\((?<line>\d{1,9}),(?<column>\d{1,9})\): (?<severity>error|warning) (?<code>TS\d{1,9}): (?<message>[\s\S]*)/;
const PRETTY =
  /^(?<file>.+?):(?<line>\d{1,9}):(?<column>\d{1,9}) - (?<severity>error|warning) (?<code>TS\d{1,9}): (?<message>[\s\S]*)/;
const BARE = /^(?<severity>error|warning) (?<code>TS\d+): (?<message>.*)$/;
const FOUND = /^Found (?<n>\d{1,9}) errors?\b/;
const ELABORATION_LINES = 8;

export class TscReader implements CleanReader {
  readonly name = "tsc";
  readonly #out: Collector;
  #found = 0;
  #current: Finding | null = null;
  #elaborations = 0;

  constructor(limits?: Partial<ReaderLimits>) {
    this.#out = new Collector(limits);
  }

  feed(line: string): void {
    if (this.#header(line)) return;
    const current = this.#current;
    if (current && line.startsWith("  ") && this.#elaborations < ELABORATION_LINES) {
      const text = `${current.message}\n${line.trim()}`;
      if (text.length <= this.#out.limits.message) current.message = text;
      this.#elaborations++;
      return;
    }
    this.#current = null;
    const found = line.startsWith("Found ") ? FOUND.exec(line) : null;
    if (found) this.#found += Number(captured(found, "n"));
  }

  recognised(): boolean {
    return this.#out.errors + this.#out.warnings > 0;
  }

  finish(): Reading {
    const out = this.#out;
    return out.reading("tsc", null, Math.max(out.errors, this.#found), out.warnings);
  }

  /** A diagnostic's first line, in any of the three layouts; true when the line was one. */
  #header(line: string): boolean {
    let m: RegExpExecArray | null = null;
    if (line.includes(" TS") && (line.includes("error TS") || line.includes("warning TS"))) {
      m = PLAIN.exec(line) ?? PRETTY.exec(line);
    }
    if (!m && (line.startsWith("error TS") || line.startsWith("warning TS"))) m = BARE.exec(line);
    if (!m) return false;
    const at = m.groups;
    this.#current = this.#out.addFinding({
      severity: captured(m, "severity") === "error" ? "error" : "warning",
      code: captured(m, "code"),
      message: captured(m, "message"),
      file: at?.file ?? null,
      line: at?.line ? Number(at.line) : null,
      column: at?.column ? Number(at.column) : null,
    });
    this.#elaborations = 0;
    return true;
  }
}
