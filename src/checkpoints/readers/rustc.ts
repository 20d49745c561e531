// rustc / cargo human-readable diagnostics:
//
//   error[E0599]: no method named `length` found for reference `&Point`
//     --> alpha/src/lib.rs:12:7
//   warning: unused variable: `a`
//    --> alpha/src/lib.rs:6:21
//     = note: `#[warn(unused_variables)]` (part of `#[warn(unused)]`) on by default
//   error: could not compile `alpha` (lib) due to 3 previous errors; 2 warnings emitted
//
// Only the first ` --> ` right under a header locates it (later ones belong to
// help/note sub-diagnostics, often inside the standard library). Cargo's own
// status lines ("could not compile", "generated N warnings", "test failed") are
// totals or noise, not findings. What a failing test printed (libtest's
// `---- name stdout ----` sections) is the test's business, not the compiler's.
import type { CleanReader } from "./collect.ts";
import { Collector, captured } from "./collect.ts";
import type { Finding, ReaderLimits, Reading } from "./types.ts";

const HEADER = /^(?<severity>error|warning)(?:\[(?<code>[A-Za-z][\w:-]*)\])?: (?<message>.+)$/;
const LOCATION = /^\s*--> (?<file>.+?):(?<line>\d{1,9}):(?<column>\d{1,9})\s*$/;
// `--message-format short`: src/lib.rs:12:7: error[E0599]: no method named ...
// Linear: a capped code and a message that cannot fail (see gcc.ts's DIAG).
const SHORT =
  /^(?<file>.+?\.rs):(?<line>\d{1,9}):(?<column>\d{1,9}): (?<severity>error|warning)(?:\[(?<code>[A-Za-z][\w:-]{0,63})\])?: (?<message>[\s\S]+)/;
const SHORT_CANDIDATE = /\.rs:\d/;
// Tried at each ` due to ` after the crate name (a lazy `.*?` before it is not provably linear).
const COMPILE_PREFIX = /^error: could not compile `[^`]*`/;
const DUE_TO = /^ due to (?<n>\d{1,9}) previous error/;
const ABORT_TOTAL = /^error: aborting due to (?<n>\d{1,9}) previous errors?/;
const GENERATED =
  /^warning: `[^`]*` \(.*?\) generated (?<n>\d{1,9}) warnings?(?:.*?\((?<duplicates>\d{1,9}) duplicates?\))?/;
const EMITTED = /^warning: (?<n>\d{1,9}) warnings? emitted/;
const LINT =
  /= note: `#\[(?:warn|deny|forbid)\((?<attribute>[\w:-]+)\)\]`|= note: `-[DWF] (?<flag>[\w:-]+)` implied/;
const CARGO_STATUS = /^\s+(?:Compiling|Checking|Finished|Running|Doc-tests|Fresh|Documenting) \S/;
const NOISE = [
  /^warning: build failed, waiting for other jobs/,
  /^error: (?:test|doctest|bench)s? failed, to rerun pass/,
  // cargo-nextest's last line: its failures are the nextest reader's.
  /^error: test run failed$/,
  /^error: \d+ targets? failed:?$/,
];

export class RustcReader implements CleanReader {
  readonly name = "cargo";
  readonly #out: Collector;
  #compileTotal = 0;
  #abortTotal = 0;
  #generatedTotal = 0;
  #emittedTotal = 0;
  #marker = false;
  // The diagnostic being read: `locate` only for the line right after its header.
  #current: Finding | null = null;
  #locate = false;
  #inTestOutput = false;

  constructor(limits?: Partial<ReaderLimits>) {
    this.#out = new Collector(limits);
  }

  feed(line: string): void {
    const first = line.charCodeAt(0);
    if (this.#skipTestOutput(line, first)) return;
    // 'e' or 'w': every header and cargo summary starts with error/warning.
    if (
      (first === 101 || first === 119) &&
      (line.startsWith("error") || line.startsWith("warning"))
    ) {
      this.#current = null;
      this.#locate = false;
      if (this.#summary(line) || this.#header(line)) return;
    }
    if (line.length === 0) {
      this.#current = null;
      this.#locate = false;
      return;
    }
    if (this.#current) this.#refine(this.#current, line);
    else if (first === 32 && CARGO_STATUS.test(line)) this.#marker = true;
    else if (SHORT_CANDIDATE.test(line)) this.#short(line);
  }

  recognised(): boolean {
    return this.#marker;
  }

  finish(): Reading {
    const out = this.#out;
    const errors = Math.max(out.errors, this.#compileTotal, this.#abortTotal);
    const warnings = Math.max(out.warnings, this.#generatedTotal, this.#emittedTotal);
    return out.reading("cargo", null, errors, warnings);
  }

  /** True for the lines of a failing test's `---- name stdout ----` section. */
  #skipTestOutput(line: string, first: number): boolean {
    if (first === 45 && line.startsWith("---- ") && line.endsWith(" ----")) {
      this.#inTestOutput = true;
      return true;
    }
    if (!this.#inTestOutput) return false;
    if (line === "failures:" || line.startsWith("test result: ")) this.#inTestOutput = false;
    return true;
  }

  /** Cargo's and rustc's totals and status noise: counted or dropped, never findings. */
  #summary(line: string): boolean {
    if (line.startsWith("error: could not compile")) {
      this.#marker = true;
      this.#compileTotal += compileTotal(line);
      return true;
    }
    if (line.startsWith("error: aborting due to")) {
      this.#abortTotal += count(ABORT_TOTAL.exec(line));
      return true;
    }
    const generated = line.startsWith("warning: `") ? GENERATED.exec(line) : null;
    if (generated) {
      this.#marker = true;
      const duplicates = Number(generated.groups?.duplicates ?? 0);
      this.#generatedTotal += Math.max(0, count(generated) - duplicates);
      return true;
    }
    const emitted = line.startsWith("warning: ") && line.endsWith("emitted") && EMITTED.exec(line);
    if (emitted) {
      this.#emittedTotal += count(emitted);
      return true;
    }
    return NOISE.some((re) => re.test(line));
  }

  #header(line: string): boolean {
    const m = HEADER.exec(line);
    if (!m) return false;
    const code = m.groups?.code ?? null;
    if (code) this.#marker = true;
    this.#current = this.#out.addFinding({
      severity: captured(m, "severity") === "error" ? "error" : "warning",
      code,
      message: captured(m, "message").trim(),
      file: null,
      line: null,
      column: null,
    });
    this.#locate = true;
    return true;
  }

  /** The ` --> ` right under the header, or a lint name from a `= note:`. */
  #refine(current: Finding, line: string): void {
    if (this.#locate) {
      this.#locate = false;
      const m = LOCATION.exec(line);
      if (m) {
        this.#marker = true;
        current.file = captured(m, "file");
        current.line = Number(captured(m, "line"));
        current.column = Number(captured(m, "column"));
        return;
      }
    }
    if (current.code === null && line.includes("= note: `")) {
      const m = LINT.exec(line);
      if (m) current.code = m.groups?.attribute ?? m.groups?.flag ?? null;
    }
  }

  /** `--message-format short`: header and location on one line. */
  #short(line: string): void {
    const m = SHORT.exec(line);
    if (!m) return;
    this.#marker = true;
    this.#out.addFinding({
      severity: captured(m, "severity") === "error" ? "error" : "warning",
      code: m.groups?.code ?? null,
      message: captured(m, "message").trim(),
      file: captured(m, "file"),
      line: Number(captured(m, "line")),
      column: Number(captured(m, "column")),
    });
  }
}

/** `error: could not compile `x` (lib) due to 3 previous errors; ...` -> 3 (0 for any other line). */
function compileTotal(line: string): number {
  const prefix = COMPILE_PREFIX.exec(line);
  if (!prefix) return 0;
  for (
    let at = line.indexOf(" due to ", prefix[0].length);
    at >= 0;
    at = line.indexOf(" due to ", at + 1)
  ) {
    const m = DUE_TO.exec(line.slice(at, at + 40));
    if (m) return count(m);
  }
  return 0;
}

/** The `n` of a total line, 0 when the line did not have the expected shape. */
function count(match: RegExpExecArray | null): number {
  return Number(match?.groups?.n ?? 0);
}
