// Finding `/dxfix <verb> [arg]` lines in a comment body, knowing nothing of the verbs. Pure.
// A command counts only at the start of a line (up to three spaces of indentation, as
// Markdown allows), outside fenced code blocks and `>` quotes, so quoting or documenting
// a command never triggers it. A fourth space makes an indented code block: ignored too.

import { type FenceOpen, fenceCloses, fenceOpen } from "../../markdown/syntax.ts";

/** One command line: the verb (null for a bare `/dxfix`), its first argument and the rest. */
export interface CommandLine {
  verb: string | null;
  arg: string | null;
  /** Words after the first argument ("" when none); only free-text commands take them. */
  rest: string;
}

const COMMAND_LINE =
  /^ {0,3}\/dxfix(?:[ \t]+(?<verb>\S+)(?:[ \t]+(?<arg>\S+)(?<rest>[^\n]*))?)?[ \t]*$/i;
/** Commands live in top-level text: a fence indented four spaces is code, not a fence. */
const TOP_LEVEL = { maxIndent: 3 };
const QUOTE = /^ {0,3}>/;

/** Every command line of the body, in order. */
export function commandLines(body: string): CommandLine[] {
  const found: CommandLine[] = [];
  let fence: FenceOpen | null = null;
  for (const raw of body.split(/\r?\n/)) {
    if (fence) {
      if (fenceCloses(raw, fence, TOP_LEVEL)) fence = null;
      continue;
    }
    fence = fenceOpen(raw, TOP_LEVEL);
    if (fence) continue;
    if (QUOTE.test(raw)) continue;
    const groups = COMMAND_LINE.exec(raw)?.groups;
    if (groups) {
      found.push({
        verb: groups.verb ?? null,
        arg: groups.arg ?? null,
        rest: (groups.rest ?? "").trim(),
      });
    }
  }
  return found;
}
