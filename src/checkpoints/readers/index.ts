// Picks the readers for a checkpoint command. Known tools get their reader(s);
// anything else gets every line reader at once, and the reading of those that
// recognised their tool's output ("generic" if none did).
import type { CleanReader } from "./collect.ts";
import { mergeWithLimits, resolveLimits, toLineReader } from "./collect.ts";
import { createGccReader } from "./gcc.ts";
import { createGenericReader } from "./generic.ts";
import { createLibtestReader } from "./libtest.ts";
import { createRustcReader } from "./rustc.ts";
import { createTscReader } from "./tsc.ts";
import type { LineReader, ReaderLimits, Reading } from "./types.ts";

export { emptyReading, mergeReadings, stripAnsi } from "./collect.ts";
export type { JunitOptions } from "./junit.ts";
export { readJunit } from "./junit.ts";
export type { Finding, LineReader, ReaderLimits, Reading, TestCase, TestTotals } from "./types.ts";
export { DEFAULT_LIMITS } from "./types.ts";

/** What a command's output is read as; "auto" tries every line reader. */
export type ReaderKind = "cargo" | "libtest" | "tsc" | "gcc" | "go" | "auto";

const CARGO_TEST = new Set(["test", "t", "nextest", "bench"]);
const CARGO_BUILD = new Set([
  "build",
  "b",
  "check",
  "c",
  "clippy",
  "rustc",
  "run",
  "r",
  "doc",
  "d",
  "fix",
  "install",
  "miri",
]);
const TSC = new Set(["tsc", "tsgo", "vue-tsc", "svelte-check"]);
const GCC = /^(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+|make|gmake|ninja|cmake)(?:-\d+(?:\.\d+)*)?$/;
const TYPECHECK_SCRIPT = /^(?:type-?check|check-?types|types|tsc|typecheck:\S+|tsc:\S+)$/i;
const NEUTRAL = new Set([
  "cd",
  "pushd",
  "popd",
  "echo",
  "printf",
  "export",
  "set",
  "true",
  ":",
  "source",
  ".",
  "mkdir",
  "rm",
  "cp",
  "mv",
  "ls",
  "cat",
  "sleep",
  "test",
  "[",
]);
const WRAPPERS = new Set([
  "time",
  "env",
  "nice",
  "nohup",
  "sudo",
  "exec",
  "command",
  "npx",
  "bunx",
  "timeout",
  "xvfb-run",
]);
const PACKAGE_MANAGERS = new Set(["npm", "pnpm", "yarn", "bun"]);

/** The reader kinds a shell command calls for (in the order they are combined). */
export function readerKinds(command: string): ReaderKind[] {
  const kinds = new Set<ReaderKind>();
  // Quotes go first so that `bash -c "cd x && cargo test"` splits like its inner command.
  for (const segment of command.replace(/["'`]/g, " ").split(/&&|\|\||[;|\n()]/)) {
    const tokens = segment.trim().split(/\s+/).filter(Boolean);
    const kind = kindOf(tokens);
    if (kind) kinds.add(kind);
  }
  if (kinds.size === 0 || kinds.has("auto")) return ["auto"];
  return (["cargo", "libtest", "tsc", "gcc", "go"] as const).filter((k) => kinds.has(k));
}

function kindOf(tokens: string[]): ReaderKind | null {
  let i = 0;
  for (;;) {
    const t = tokens[i];
    if (t === undefined) return null;
    const name = basename(t);
    if (
      /^\w+=/.test(t) ||
      WRAPPERS.has(name) ||
      (i > 0 && t.startsWith("-") && WRAPPERS.has(basename(tokens[i - 1]!)))
    ) {
      i++;
      continue;
    }
    // `timeout 600 cargo test`
    if (/^\d+[smhd]?$/.test(t) && i > 0 && basename(tokens[i - 1]!) === "timeout") {
      i++;
      continue;
    }
    break;
  }
  const rest = tokens.slice(i + 1);
  const tool = basename(tokens[i]!);
  if ((tool === "sh" || tool === "bash" || tool === "zsh") && rest.includes("-c")) {
    return kindOf(rest.slice(rest.indexOf("-c") + 1));
  }
  if (tool === "cargo" || tool === "cross") {
    const sub = rest.find((t) => CARGO_TEST.has(t) || CARGO_BUILD.has(t));
    if (sub && CARGO_TEST.has(sub)) return "libtest";
    return "cargo";
  }
  if (tool === "rustc" || tool === "clippy-driver") return "cargo";
  if (TSC.has(tool)) return "tsc";
  if (PACKAGE_MANAGERS.has(tool)) {
    const words = rest.filter((t) => !t.startsWith("-"));
    const first =
      words[0] === "run" || words[0] === "exec" || words[0] === "run-script" ? words[1] : words[0];
    if (first && (TSC.has(first) || TYPECHECK_SCRIPT.test(first))) return "tsc";
    return "auto";
  }
  if (GCC.test(tool)) return "gcc";
  if (tool === "go") {
    const sub = rest.find((t) => !t.startsWith("-"));
    return sub === "vet" || sub === "build" || sub === "install" || sub === "test" || sub === "run"
      ? "go"
      : "auto";
  }
  if (NEUTRAL.has(tool)) return null;
  return "auto";
}

function basename(token: string): string {
  return token.slice(token.lastIndexOf("/") + 1);
}

function createReaders(kind: ReaderKind, limits: ReaderLimits): CleanReader[] {
  switch (kind) {
    case "cargo":
      return [createRustcReader(limits)];
    // cargo test: compile errors in the tests as well as their results.
    case "libtest":
      return [createRustcReader(limits), createLibtestReader(limits)];
    case "tsc":
      return [createTscReader(limits)];
    case "gcc":
      return [createGccReader(limits)];
    case "go":
      return [createGccReader(limits, { bare: true })];
    case "auto":
      return [
        createRustcReader(limits),
        createLibtestReader(limits),
        createTscReader(limits),
        createGccReader(limits, { skipRust: true }),
      ];
  }
}

/** A reader for the output of `command` (a shell string from a plan). */
export function chooseReader(command: string, limits?: Partial<ReaderLimits>): LineReader {
  const full = resolveLimits(limits);
  const kinds = readerKinds(command);
  const auto = kinds[0] === "auto";
  const readers: CleanReader[] = [];
  for (const kind of kinds) {
    for (const reader of createReaders(kind, full)) {
      if (!readers.some((r) => r.name === reader.name)) readers.push(reader);
    }
  }
  if (readers.length === 1) return toLineReader(readers[0]!);
  return toLineReader({
    name: readers.map((r) => r.name).join("+"),
    feed(line: string) {
      for (const reader of readers) reader.feed(line);
    },
    recognised: () => readers.some((r) => r.recognised()),
    finish(): Reading {
      const chosen = auto ? readers.filter((r) => r.recognised()) : readers;
      if (chosen.length === 0) return createGenericReader().finish();
      const reading = mergeWithLimits(
        full,
        chosen.map((r) => r.finish()),
      );
      if (!auto) reading.reader = chosen.map((r) => r.name).join("+");
      return reading;
    },
  });
}

/** Reads a whole captured output at once (tests, small outputs). */
export function readAll(command: string, text: string, limits?: Partial<ReaderLimits>): Reading {
  const reader = chooseReader(command, limits);
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    reader.push(
      text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end),
    );
    start = end + 1;
  }
  return reader.finish();
}
