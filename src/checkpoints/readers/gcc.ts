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
import { Collector, captured } from "./collect.ts";
import type { ReaderLimits, Reading } from "./types.ts";

// Linear: after each `:` the lazy file may end at, only a bounded stretch is tried (the
// code is capped, the message takes the rest and cannot fail). `.*$` could fail on a
// line separator (U+2028) and made every `:` retry to the end: quadratic.
const DIAG =
  /^(?<file>.+?):(?<line>\d{1,9}):(?:(?<column>\d{1,9}):)? (?<severity>fatal error|error|warning)(?:\[(?<code>[\w:-]{1,64})\])?: (?<message>[\s\S]*)/;
const BARE = /^(?<file>.+?):(?<line>\d{1,9}):(?:(?<column>\d{1,9}):)? (?<message>[\s\S]+)/;
const DRIVER =
  /^(?:\S*\/)?(?:collect2|ld(?:\.\w+)?|cc1(?:plus)?|gcc|g\+\+|cc|c\+\+|clang(?:\+\+)?(?:-\d+)?): (?<severity>fatal error|error|warning): (?<message>.*)$/;
const LINKER =
  /^(?<file>.+?):\(\.[\w.$]{1,256}\+0x[0-9a-fA-F]{1,16}\): (?<message>(?:undefined reference to|multiple definition of) [\s\S]*)/;
// One scan decides whether a line can be a diagnostic at all (most lines are not).
const CANDIDATE = /: (?:error|warning|fatal error)|undefined reference|multiple definition/;
const FLAG = /\s\[(?<flags>-W[^\]\s]+)\]$/;
const GENERATED =
  /^(?:(?<warnings>\d{1,9}) warnings?(?: and (?<errors>\d{1,9}) errors?)?|(?<onlyErrors>\d{1,9}) errors?) generated\.$/;
const LOOKS_LIKE_PATH = /^[\w./\\~-][\w./\\@+~-]*\.[A-Za-z]\w*$/;
const GO_PACKAGE = /^# [\w./~-]+(?: \[[^\]]*\])?$/;

export interface GccReaderOptions {
  /** Count `file:line[:col]: message` lines without a severity as errors (Go tools). */
  bare?: boolean;
  /** Leave `.rs` files to the rustc reader running alongside (auto-detection). */
  skipRust?: boolean;
}

export class GccReader implements CleanReader {
  readonly name = "gcc";
  readonly #out: Collector;
  readonly #options: GccReaderOptions;
  #generatedErrors = 0;
  #generatedWarnings = 0;
  #goHeader = false;

  constructor(limits?: Partial<ReaderLimits>, options: GccReaderOptions = {}) {
    this.#out = new Collector(limits);
    this.#options = options;
  }

  feed(line: string): void {
    if (CANDIDATE.test(line) && this.#diagnostic(line)) return;
    if (line.startsWith("# ") && GO_PACKAGE.test(line)) {
      this.#goHeader = true;
      return;
    }
    if ((this.#options.bare || (this.#goHeader && line.includes(".go:"))) && this.#bare(line)) {
      return;
    }
    const generated = line.endsWith(" generated.") ? GENERATED.exec(line) : null;
    if (generated) {
      const g = generated.groups;
      this.#generatedWarnings += Number(g?.warnings ?? 0);
      this.#generatedErrors += Number(g?.errors ?? g?.onlyErrors ?? 0);
    }
  }

  recognised(): boolean {
    return this.#out.errors + this.#out.warnings > 0;
  }

  finish(): Reading {
    const out = this.#out;
    return out.reading(
      "gcc",
      null,
      Math.max(out.errors, this.#generatedErrors),
      Math.max(out.warnings, this.#generatedWarnings),
    );
  }

  /** A compiler, driver or linker diagnostic; true when the line was one. */
  #diagnostic(line: string): boolean {
    const m = DIAG.exec(line);
    if (m) {
      const file = captured(m, "file");
      if (!(this.#options.skipRust && file.endsWith(".rs"))) {
        this.#add(captured(m, "severity"), captured(m, "message"), file, m.groups, m.groups?.code);
      }
      return true;
    }
    const d = DRIVER.exec(line);
    if (d) {
      this.#add(captured(d, "severity"), captured(d, "message"), null);
      return true;
    }
    const l = LINKER.exec(line);
    if (l) {
      this.#add("error", captured(l, "message"), captured(l, "file"));
      return true;
    }
    return false;
  }

  /** A Go tool's `file:line[:col]: message` (go vet prefixes `vet: `). */
  #bare(line: string): boolean {
    const m = BARE.exec(line.startsWith("vet: ") ? line.slice(5) : line);
    if (!m) return false;
    const message = captured(m, "message");
    const file = captured(m, "file");
    if (message.startsWith("note: ") || !LOOKS_LIKE_PATH.test(file)) return false;
    if (!(this.#options.bare || file.endsWith(".go"))) return false;
    this.#add("error", message, file, m.groups);
    return true;
  }

  #add(
    severity: string,
    message: string,
    file: string | null,
    at?: { line?: string; column?: string },
    code?: string,
  ): void {
    let text = message;
    let flag = code ?? null;
    const m = FLAG.exec(text);
    if (m) {
      text = text.slice(0, m.index);
      // clang: [-Werror,-Wunused-variable] names the warning last.
      const flags = captured(m, "flags");
      flag ??= flags.slice(flags.lastIndexOf(",") + 1);
    }
    this.#out.addFinding({
      severity: severity === "warning" ? "warning" : "error",
      code: flag,
      message: text.trim(),
      file,
      line: at?.line ? Number(at.line) : null,
      column: at?.column ? Number(at.column) : null,
    });
  }
}
