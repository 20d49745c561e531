// The `file:line:col: severity: message` form shared by gcc, g++, clang, the
// linker driver, rustc's short format and many others, plus the Go toolchain's
// severity-less `file:line:col: message` (go build, go vet) and go vet's
// `file:line: message`:
//
//   main.c:6:15: warning: initialization of ‘char *’ from ‘int’ ... [-Wint-conversion]
//   link.c:1:10: fatal error: missing.h: No such file or directory
//   link2.c:(.text+0xa): undefined reference to `helper'
//   collect2: error: ld returned 1 exit status
//   ./main.go:9:14: cannot use "five" (untyped string constant) as int value
//
// Severity-less lines only count for a Go command, or after the `# package`
// header the Go tools print above their diagnostics (a Go program's own log lines
// look the same). `note:` lines explain the diagnostic above them and are not counted. clang's
// "3 warnings and 1 error generated." is a total per translation unit.
import type { CleanReader } from "./collect.ts";
import { Collector } from "./collect.ts";
import type { ReaderLimits, Reading } from "./types.ts";

const DIAG =
  /^(.+?):(\d{1,9}):(?:(\d{1,9}):)? (fatal error|error|warning)(?:\[([\w:-]+)\])?: (.*)$/;
const BARE = /^(.+?):(\d{1,9}):(?:(\d{1,9}):)? (.+)$/;
const DRIVER =
  /^(?:\S*\/)?(?:collect2|ld(?:\.\w+)?|cc1(?:plus)?|gcc|g\+\+|cc|c\+\+|clang(?:\+\+)?(?:-\d+)?): (fatal error|error|warning): (.*)$/;
const LINKER =
  /^(.+?):\(\.[\w.$]+\+0x[0-9a-fA-F]+\): ((?:undefined reference to|multiple definition of) .*)$/;
// One scan decides whether a line can be a diagnostic at all (most lines are not).
const CANDIDATE = /: (?:error|warning|fatal error)|undefined reference|multiple definition/;
const FLAG = /\s\[(-W[^\]\s]+)\]$/;
const GENERATED =
  /^(?:(\d{1,9}) warnings?(?: and (\d{1,9}) errors?)?|(\d{1,9}) errors?) generated\.$/;
const LOOKS_LIKE_PATH = /^[\w./\\~-][\w./\\@+~-]*\.[A-Za-z]\w*$/;
const GO_PACKAGE = /^# [\w./~-]+(?: \[[^\]]*\])?$/;

export interface GccReaderOptions {
  /** Count `file:line[:col]: message` lines without a severity as errors (Go tools). */
  bare?: boolean;
  /** Leave `.rs` files to the rustc reader running alongside (auto-detection). */
  skipRust?: boolean;
}

export function createGccReader(
  limits?: Partial<ReaderLimits>,
  options: GccReaderOptions = {},
): CleanReader {
  const out = new Collector(limits);
  let generatedErrors = 0;
  let generatedWarnings = 0;
  let goHeader = false;

  function add(
    severity: string,
    message: string,
    file: string | null,
    l?: string,
    c?: string,
    code?: string,
  ) {
    let text = message;
    let flag = code ?? null;
    const m = FLAG.exec(text);
    if (m) {
      text = text.slice(0, m.index);
      // clang: [-Werror,-Wunused-variable] names the warning last.
      flag ??= m[1]!.split(",").pop()!;
    }
    out.addFinding({
      severity: severity === "warning" ? "warning" : "error",
      code: flag,
      message: text.trim(),
      file,
      line: l ? Number(l) : null,
      column: c ? Number(c) : null,
    });
  }

  function bare(line: string): boolean {
    const text = line.startsWith("vet: ") ? line.slice(5) : line;
    const m = BARE.exec(text);
    if (!m || m[4]!.startsWith("note: ")) return false;
    const file = m[1]!;
    if (!LOOKS_LIKE_PATH.test(file) || !(options.bare || file.endsWith(".go"))) return false;
    add("error", m[4]!, file, m[2], m[3]);
    return true;
  }

  return {
    name: "gcc",
    feed(line: string) {
      if (CANDIDATE.test(line)) {
        const m = DIAG.exec(line);
        if (m) {
          if (options.skipRust && m[1]!.endsWith(".rs")) return;
          return add(m[4]!, m[6]!, m[1]!, m[2], m[3], m[5]);
        }
        const d = DRIVER.exec(line);
        if (d) return add(d[1]!, d[2]!, null);
        const l = LINKER.exec(line);
        if (l) return add("error", l[2]!, l[1]!);
      }
      if (line.startsWith("# ") && GO_PACKAGE.test(line)) {
        goHeader = true;
        return;
      }
      if ((options.bare || (goHeader && line.includes(".go:"))) && bare(line)) return;
      if (line.endsWith(" generated.")) {
        const m = GENERATED.exec(line);
        if (m) {
          generatedWarnings += Number(m[1] ?? 0);
          generatedErrors += Number(m[2] ?? m[3] ?? 0);
        }
      }
    },
    recognised: () => out.errors + out.warnings > 0,
    finish(): Reading {
      return out.reading(
        "gcc",
        null,
        Math.max(out.errors, generatedErrors),
        Math.max(out.warnings, generatedWarnings),
      );
    },
  };
}
