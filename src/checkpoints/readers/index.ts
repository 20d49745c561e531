// Picks the readers for a checkpoint command. Routed commands get their rows'
// readers (registry.ts); anything else gets every reader that joins guessing at once,
// and the reading of those that recognised their tool's output ("generic" if none did).
import type { CleanReader } from "./collect.ts";
import { emptyReading, mergeWithLimits, resolveLimits, toLineReader } from "./collect.ts";
import { ROWS } from "./registry.ts";
import { type ReaderKind, readerKinds } from "./route.ts";
import type { LineReader, ReaderLimits, Reading } from "./types.ts";

export { emptyReading, mergeReadings } from "./collect.ts";
export { readerKinds } from "./route.ts";
export type { ReaderLimits, Reading } from "./types.ts";

/** The readers for these kinds, each once (libtest's rustc reader is cargo's). */
function createReaders(kinds: readonly ReaderKind[], limits: ReaderLimits): CleanReader[] {
  const auto = kinds[0] === "auto";
  const rows = auto
    ? ROWS.filter((row) => row.auto)
    : ROWS.filter((row) => kinds.includes(row.name));
  const readers: CleanReader[] = [];
  for (const row of rows) {
    for (const reader of row.create(limits, { auto })) {
      if (!readers.some((r) => r.name === reader.name)) readers.push(reader);
    }
  }
  return readers;
}

/** Whether `command` runs tests: a test runner's row routes it, or nothing routes it. */
export function readsTests(command: string): boolean {
  const kinds = readerKinds(command);
  return kinds[0] === "auto" || ROWS.some((row) => row.tests === true && kinds.includes(row.name));
}

/** A reader for the output of `command` (a shell string from a plan). */
export function chooseReader(command: string, limits?: Partial<ReaderLimits>): LineReader {
  const full = resolveLimits(limits);
  const kinds = readerKinds(command);
  const auto = kinds[0] === "auto";
  const readers = createReaders(kinds, full);
  const [only] = readers;
  if (only !== undefined && readers.length === 1) return toLineReader(only);
  return toLineReader({
    name: readers.map((r) => r.name).join("+"),
    feed(line: string) {
      for (const reader of readers) reader.feed(line);
    },
    recognised: () => readers.some((r) => r.recognised()),
    finish(): Reading {
      const chosen = auto ? recognisedReaders(readers) : readers;
      // Nothing recognised: no findings. The report still has the command's exit code,
      // duration and log tail, which the runner keeps.
      if (chosen.length === 0) return emptyReading("generic");
      const reading = mergeWithLimits(
        full,
        chosen.map((r) => r.finish()),
      );
      if (!auto) reading.reader = chosen.map((r) => r.name).join("+");
      return reading;
    },
  });
}

/** The readers that recognised the output, less those another of them supersedes. */
function recognisedReaders(readers: readonly CleanReader[]): CleanReader[] {
  const recognised = readers.filter((r) => r.recognised());
  const superseded = new Set(recognised.flatMap((r) => r.supersedes ?? []));
  return recognised.filter((r) => !superseded.has(r.name));
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
