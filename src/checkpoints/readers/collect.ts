// Bounded storage shared by the readers, the line clean-up they all need, and the
// arithmetic for combining readings.
import type { Finding, LineReader, ReaderLimits, Reading, TestCase, TestTotals } from "./types.ts";
import { DEFAULT_LIMITS } from "./types.ts";

// Taken from the loaded module, not `import … from "node:util"`: an ESM import builds
// node:util's namespace, whose lazy getters load worker_threads and more (~3 ms of CPU
// at every start of the Action; bench/startup.bench.ts).
const { stripVTControlCharacters } = process.getBuiltinModule("node:util");

/** A reader that receives lines already cleaned by `cleanLine` (so combos clean once). */
export interface CleanReader {
  readonly name: string;
  feed(line: string): void;
  /** True when the output had something only this tool prints (used by auto-detection). */
  recognised(): boolean;
  /** Readers whose reading this one replaces when both recognise the output (auto-detection). */
  readonly supersedes?: readonly string[];
  finish(): Reading;
}

const ESC_OR_CR = /[\x1b\r]/;
const LAST_VISIBLE = /[^\r]\r*$/;

// Node's stripVTControlCharacters cuts short a CSI with intermediate bytes or a private
// marker (`ESC[2 q` cursor shape, `ESC[>4;2m`) and an OSC left without its BEL or ST
// (the line ends, or another sequence starts); it misses the lone escapes ESC @, Q,
// U-Y, \, ^, _ and takes a letter too after ESC 7 / ESC 8 (save/restore cursor). Those
// go first, whole; an OSC is taken with its terminator so that its ST is not read as a
// lone escape.
const VT_COMPLEMENT =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\|(?=$|\x1b))|\x1b[78@Q\\U-Y^_]/g;

/** Regexes scan the start of a line only: a diagnostic header is never this long. */
const MATCH_WINDOW = 16_384;

/** Removes colour codes, cursor moves, hyperlinks and titles. */
function stripAnsi(text: string): string {
  return text.includes("\x1b") ? stripVTControlCharacters(text.replace(VT_COMPLEMENT, "")) : text;
}

/** Removes colour codes and carriage-return overdraws, bounds the length. */
export function cleanLine(raw: string): string {
  let line = raw.length > MATCH_WINDOW ? raw.slice(0, MATCH_WINDOW) : raw;
  // One scan for the common case of a line with neither.
  if (!ESC_OR_CR.test(line)) return line;
  line = stripAnsi(line);
  if (line.includes("\r")) {
    // A progress bar redraws with "\r": what is visible is the text after the last one.
    // The last character that is not "\r": each run of "\r"s is scanned once, from the
    // character before it (`/\r+$/` retried at every "\r" of a run: quadratic).
    const last = LAST_VISIBLE.exec(line);
    const trimmed = last ? line.slice(0, last.index + 1) : "";
    line = trimmed.slice(trimmed.lastIndexOf("\r") + 1);
  }
  return line;
}

/** A named group the pattern always sets when it matches (one outside any `?` or `|`). */
export function captured(match: RegExpMatchArray, name: string): string {
  const text = match.groups?.[name];
  if (text === undefined)
    throw new Error(`internal: no group "${name}" in a match of "${match[0]}"`);
  return text;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export function toLineReader(reader: CleanReader): LineReader {
  return {
    push(line: string) {
      reader.feed(cleanLine(line));
    },
    finish: () => reader.finish(),
  };
}

export function resolveLimits(limits?: Partial<ReaderLimits>): ReaderLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}

/** Keeps the first findings of each severity and the first tests; counts everything. */
export class Collector {
  readonly limits: ReaderLimits;
  errors = 0;
  warnings = 0;
  private readonly keptErrors: Finding[] = [];
  private readonly keptWarnings: Finding[] = [];
  private readonly keptTests: TestCase[] = [];
  private readonly keptFailures: string[] = [];

  constructor(limits?: Partial<ReaderLimits>) {
    this.limits = resolveLimits(limits);
  }

  /**
   * Counts the finding and keeps it if there is room. Returns the object to keep
   * refining (a location found on the next line, a lint code) whether kept or not.
   */
  addFinding(finding: Finding): Finding {
    finding.message = clip(finding.message, this.limits.message);
    if (finding.file?.startsWith("./")) finding.file = finding.file.slice(2);
    if (finding.severity === "error") {
      this.errors++;
      if (this.keptErrors.length < this.limits.findings) this.keptErrors.push(finding);
    } else {
      this.warnings++;
      if (this.keptWarnings.length < this.limits.findings) this.keptWarnings.push(finding);
    }
    return finding;
  }

  addTest(test: TestCase): void {
    if (this.keptTests.length < this.limits.tests) {
      this.keptTests.push({ ...test, name: clip(test.name, 500) });
    }
  }

  addFailure(name: string): void {
    if (this.keptFailures.length < this.limits.failures) this.keptFailures.push(clip(name, 500));
  }

  reading(
    reader: string,
    totals: TestTotals | null,
    errors = this.errors,
    warnings = this.warnings,
  ): Reading {
    return {
      reader,
      findings: [...this.keptErrors, ...this.keptWarnings].slice(0, this.limits.findings),
      errors,
      warnings,
      tests: [...this.keptTests],
      totals,
      failures: [...this.keptFailures],
    };
  }
}

export function emptyReading(reader = "generic"): Reading {
  return {
    reader,
    findings: [],
    errors: 0,
    warnings: 0,
    tests: [],
    totals: null,
    failures: [],
  };
}

/**
 * Adds readings together (a command's output and the JUnit files it left, or the
 * readers of a combo). Findings stay errors-first; lists stay within the limits.
 */
export function mergeReadings(...readings: Reading[]): Reading {
  return mergeWithLimits(DEFAULT_LIMITS, readings);
}

export function mergeWithLimits(limits: ReaderLimits, readings: Reading[]): Reading {
  if (readings.length === 0) return emptyReading();
  const names: string[] = [];
  for (const r of readings) {
    for (const name of r.reader.split("+")) {
      if (name !== "generic" && !names.includes(name)) names.push(name);
    }
  }
  const all = readings.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === "error");
  const warnings = all.filter((f) => f.severity === "warning");
  let totals: TestTotals | null = null;
  for (const r of readings) {
    if (!r.totals) continue;
    totals ??= { passed: 0, failed: 0, ignored: 0 };
    totals.passed += r.totals.passed;
    totals.failed += r.totals.failed;
    totals.ignored += r.totals.ignored;
  }
  return {
    reader: names.length > 0 ? names.join("+") : "generic",
    findings: [...errors, ...warnings].slice(0, limits.findings),
    errors: readings.reduce((n, r) => n + r.errors, 0),
    warnings: readings.reduce((n, r) => n + r.warnings, 0),
    tests: readings.flatMap((r) => r.tests).slice(0, limits.tests),
    totals,
    failures: readings.flatMap((r) => r.failures).slice(0, limits.failures),
  };
}
