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
import { Collector } from "./collect.ts";
import type { Finding, ReaderLimits, Reading } from "./types.ts";

const HEADER = /^(error|warning)(?:\[([A-Za-z][\w:-]*)\])?: (.+)$/;
const LOCATION = /^\s*--> (.+?):(\d{1,9}):(\d{1,9})\s*$/;
// `--message-format short`: src/lib.rs:12:7: error[E0599]: no method named ...
const SHORT = /^(.+?\.rs):(\d{1,9}):(\d{1,9}): (error|warning)(?:\[([A-Za-z][\w:-]*)\])?: (.+)$/;
const SHORT_CANDIDATE = /\.rs:\d/;
const COMPILE_TOTAL = /^error: could not compile `[^`]*`.*? due to (\d{1,9}) previous errors?/;
const ABORT_TOTAL = /^error: aborting due to (\d{1,9}) previous errors?/;
const GENERATED =
  /^warning: `[^`]*` \(.*?\) generated (\d{1,9}) warnings?(?:.*?\((\d{1,9}) duplicates?\))?/;
const EMITTED = /^warning: (\d{1,9}) warnings? emitted/;
const LINT = /= note: `#\[(?:warn|deny|forbid)\(([\w:-]+)\)\]`|= note: `-[DWF] ([\w:-]+)` implied/;
const CARGO_STATUS = /^\s+(?:Compiling|Checking|Finished|Running|Doc-tests|Fresh|Documenting) \S/;
const NOISE = [
  /^warning: build failed, waiting for other jobs/,
  /^error: (?:test|doctest|bench)s? failed, to rerun pass/,
  /^error: \d+ targets? failed:?$/,
];

export function createRustcReader(limits?: Partial<ReaderLimits>): CleanReader {
  const out = new Collector(limits);
  let compileTotal = 0;
  let abortTotal = 0;
  let generatedTotal = 0;
  let emittedTotal = 0;
  let marker = false;
  // The diagnostic being read: `locate` only for the line right after its header.
  let current: Finding | null = null;
  let locate = false;
  let inTestOutput = false;

  function header(line: string): boolean {
    if (line.startsWith("error: could not compile")) {
      marker = true;
      const m = COMPILE_TOTAL.exec(line);
      if (m) compileTotal += Number(m[1]);
      return true;
    }
    if (line.startsWith("error: aborting due to")) {
      const m = ABORT_TOTAL.exec(line);
      if (m) abortTotal += Number(m[1]);
      return true;
    }
    if (line.startsWith("warning: `")) {
      const m = GENERATED.exec(line);
      if (m) {
        marker = true;
        generatedTotal += Math.max(0, Number(m[1]) - Number(m[2] ?? 0));
        return true;
      }
    }
    if (line.startsWith("warning: ") && line.endsWith("emitted")) {
      const m = EMITTED.exec(line);
      if (m) {
        emittedTotal += Number(m[1]);
        return true;
      }
    }
    if (NOISE.some((re) => re.test(line))) return true;
    const m = HEADER.exec(line);
    if (!m) return false;
    if (m[2]) marker = true;
    current = out.addFinding({
      severity: m[1] === "error" ? "error" : "warning",
      code: m[2] ?? null,
      message: m[3]!.trim(),
      file: null,
      line: null,
      column: null,
    });
    locate = true;
    return true;
  }

  return {
    name: "cargo",
    feed(line: string) {
      const first = line.charCodeAt(0);
      if (first === 45 && line.startsWith("---- ") && line.endsWith(" ----")) {
        inTestOutput = true;
        return;
      }
      if (inTestOutput) {
        if (line === "failures:" || line.startsWith("test result: ")) inTestOutput = false;
        return;
      }
      // 'e' or 'w': every header and cargo summary starts with error/warning.
      if (
        (first === 101 || first === 119) &&
        (line.startsWith("error") || line.startsWith("warning"))
      ) {
        current = null;
        locate = false;
        if (header(line)) return;
      }
      if (line.length === 0) {
        current = null;
        locate = false;
        return;
      }
      if (current) {
        if (locate) {
          locate = false;
          const m = LOCATION.exec(line);
          if (m) {
            marker = true;
            current.file = m[1]!;
            current.line = Number(m[2]);
            current.column = Number(m[3]);
            return;
          }
        }
        if (current.code === null && line.includes("= note: `")) {
          const m = LINT.exec(line);
          if (m) current.code = m[1] ?? m[2] ?? null;
        }
        return;
      }
      if (first === 32 && CARGO_STATUS.test(line)) {
        marker = true;
        return;
      }
      if (SHORT_CANDIDATE.test(line)) {
        const m = SHORT.exec(line);
        if (m) {
          marker = true;
          out.addFinding({
            severity: m[4] === "error" ? "error" : "warning",
            code: m[5] ?? null,
            message: m[6]!.trim(),
            file: m[1]!,
            line: Number(m[2]),
            column: Number(m[3]),
          });
        }
      }
    },
    recognised: () => marker,
    finish(): Reading {
      const errors = Math.max(out.errors, compileTotal, abortTotal);
      const warnings = Math.max(out.warnings, generatedTotal, emittedTotal);
      return out.reading("cargo", null, errors, warnings);
    },
  };
}
