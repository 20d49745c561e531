// One plan command run for a report: the process, its output read line by line, the
// JUnit files it left, and the command's entry in the report (paths relative to the
// repository, diagnostics and log tail capped).
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import picomatch from "picomatch";
import { globFiles } from "../files/walk.ts";
import type { Command } from "../plan/model.ts";
import type { CommandResult } from "../report/schema.ts";
import { chooseReader, emptyReading, mergeReadings, readsTests } from "./readers/index.ts";
import type { Reading, TestCase } from "./readers/types.ts";
import { type RunOptions, runProcess } from "./run.ts";

/** Diagnostics kept per command in the report (the readers keep more). */
const REPORT_DIAGNOSTICS = 20;
const REPORT_FAILURES = 20;
const REPORT_TAIL_LINES = 40;
const REPORT_TAIL_CHARS = 4000;

export interface CommandRun {
  /** The repository root: report paths are relative to it, JUnit globs match under it. */
  root: string;
  timeoutMs: number;
  /** Globs (relative to the root) of JUnit XML files commands leave behind. */
  junit: string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onChunk?: RunOptions["onChunk"];
}

export interface Ran {
  result: CommandResult;
  /** Every test case the output and JUnit files named (for linking properties). */
  tests: TestCase[];
}

export async function runCommand(command: Command, run: CommandRun): Promise<Ran> {
  const { root } = run;
  const cwdRel = command.cwd ?? ".";
  const cwd = resolve(root, cwdRel);
  const reader = chooseReader(command.run);
  // Snapshot the report files first so a report an earlier command left is not blamed on this one.
  const junitBefore = junitFiles(root, run.junit);
  const p = await runProcess({
    command: command.run,
    cwd,
    timeoutMs: run.timeoutMs,
    env: run.env,
    signal: run.signal,
    onLine: (line) => reader.push(line),
    onChunk: run.onChunk,
  });
  let reading = reader.finish();
  const after = junitFiles(root, run.junit);
  const junit = await junitReadings(root, cwd, junitBefore, after);
  const unmatched = unmatchedGlobs(run, command.run, after);
  if (junit.length > 0 || unmatched.length > 0)
    reading = mergeReadings(reading, ...junit, ...unmatched);
  let status: CommandResult["status"] = p.status;
  // A runner that exits 0 while its JUnit report lists failures still failed.
  if (status === "passed" && (reading.totals?.failed ?? 0) > 0) status = "failed";
  // Key order is the report's: the readers' part sits between the run and its log.
  const result: CommandResult = {
    run: command.run,
    cwd: cwdRel,
    status,
    exitCode: p.exitCode,
    durationMs: Math.round(p.durationMs),
    reused: false,
    ...readingResult(reading, root, cwd),
    message: p.message,
    logTail: tailLines(p.tail || p.head),
  };
  return { result, tests: reading.tests };
}

/** What the readers found, as the report holds it. */
function readingResult(
  reading: Reading,
  root: string,
  cwd: string,
): Pick<CommandResult, "reader" | "errors" | "warnings" | "diagnostics" | "files" | "tests"> {
  const findings = reading.findings.map((f) => ({
    ...f,
    file: f.file ? repoPath(root, cwd, f.file) : null,
  }));
  return {
    reader: reading.reader,
    errors: reading.errors,
    warnings: reading.warnings,
    diagnostics: findings.slice(0, REPORT_DIAGNOSTICS),
    files: perFile(findings),
    tests: reading.totals
      ? {
          passed: reading.totals.passed,
          failed: reading.totals.failed,
          ignored: reading.totals.ignored,
          failures: reading.failures.slice(0, REPORT_FAILURES),
        }
      : null,
  };
}

/** A command that did not run (fail-fast, abort). */
export function notRun(command: Command, message: string | null = null): CommandResult {
  return {
    run: command.run,
    cwd: command.cwd ?? ".",
    status: "not_run",
    exitCode: null,
    durationMs: 0,
    reused: false,
    reader: "generic",
    errors: 0,
    warnings: 0,
    diagnostics: [],
    files: [],
    tests: null,
    message,
    logTail: "",
  };
}

/**
 * The report's log tail: the last lines, capped in characters. Linear: trimEnd scans
 * back from the end once, where `/\s+$/` retried at every start of a whitespace run
 * (64 KiB of spaces then `x` took 5.2 s).
 */
export function tailLines(text: string): string {
  const lines = text.trimEnd().split("\n");
  const kept = lines
    .slice(-REPORT_TAIL_LINES)
    .map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line))
    .join("\n");
  return kept.length > REPORT_TAIL_CHARS ? kept.slice(-REPORT_TAIL_CHARS) : kept;
}

/** JUnit files matching the globs (git-ignored ones too), with their modification times. */
function junitFiles(root: string, globs: string[]): Map<string, number> {
  const files = new Map<string, number>();
  for (const file of globFiles(root, globs)) {
    try {
      files.set(file, statSync(resolve(root, file)).mtimeMs);
    } catch {
      // Gone between listing and stat: not a report.
    }
  }
  return files;
}

/**
 * Readings of the JUnit files a command wrote: new ones, or ones it changed. The XML
 * reader (fast-xml-parser, ~40 KiB) loads only when there is such a file.
 */
async function junitReadings(
  root: string,
  cwd: string,
  before: Map<string, number>,
  after: Map<string, number>,
): Promise<Reading[]> {
  const readings: Reading[] = [];
  const changed = [...after].filter(([file, mtime]) => before.get(file) !== mtime);
  if (changed.length === 0) return readings;
  const { readJunit } = await import("./readers/junit.ts");
  for (const [file] of changed) {
    const abs = resolve(root, file);
    try {
      readings.push(readJunit(readFileSync(abs, "utf8"), { source: relative(cwd, abs) }));
    } catch {
      // A file that vanished or cannot be read is not this command's failure.
    }
  }
  return readings;
}

/** The globs each run has warned about: once per run, not once per command. */
const warned = new WeakMap<CommandRun, Set<string>>();

/**
 * A warning for each JUnit glob that matches no file after a command that runs tests
 * (a routed test runner, or an unknown command): a mistyped path would otherwise go
 * unnoticed.
 */
function unmatchedGlobs(run: CommandRun, command: string, after: Map<string, number>): Reading[] {
  if (run.junit.length === 0 || !readsTests(command)) return [];
  const said = warned.get(run) ?? new Set<string>();
  warned.set(run, said);
  const files = [...after.keys()];
  const readings: Reading[] = [];
  for (const glob of run.junit) {
    if (said.has(glob)) continue;
    const match = picomatch(glob, { dot: true });
    if (files.some((f) => match(f))) continue;
    said.add(glob);
    const reading = emptyReading();
    reading.warnings = 1;
    reading.findings.push({
      severity: "warning",
      code: "junit-no-match",
      message: `JUnit glob "${glob}" matched no file (globs are relative to the repository root)`,
      file: null,
      line: null,
      column: null,
    });
    readings.push(reading);
  }
  return readings;
}

/**
 * Tools print paths relative to where they ran (cargo: to its workspace root). The
 * report wants them relative to the repository root so annotations land on files.
 */
function repoPath(root: string, cwd: string, file: string): string {
  const candidates: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    candidates.push(resolve(dir, file));
    if (dir === root || dirname(dir) === dir || !dir.startsWith(root)) break;
  }
  const hit = candidates.find((c) => existsSync(c));
  if (!hit) return file;
  const rel = relative(root, hit);
  return rel.startsWith("..") ? file : rel;
}

function perFile(
  findings: { file: string | null; severity: string }[],
): NonNullable<CommandResult["files"]> {
  const byFile = new Map<string, { file: string; errors: number; warnings: number }>();
  for (const f of findings) {
    if (!f.file) continue;
    const e = byFile.get(f.file) ?? { file: f.file, errors: 0, warnings: 0 };
    if (f.severity === "error") e.errors++;
    else e.warnings++;
    byFile.set(f.file, e);
  }
  return [...byFile.values()].sort((a, b) => b.errors - a.errors || b.warnings - a.warnings);
}
