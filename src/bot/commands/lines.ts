// Finding `/dxfix <verb> [arg]` lines in a comment body, knowing nothing of the verbs. Pure.
// A command counts only at the start of a line (up to three spaces of indentation, as
// Markdown allows), outside fenced code blocks and `>` quotes, so quoting or documenting
// a command never triggers it. A fourth space makes an indented code block: ignored too.

/** One command line: the verb (null for a bare `/dxfix`), its first argument and the rest. */
export interface CommandLine {
  verb: string | null;
  arg: string | null;
  /** Words after the first argument ("" when none); only free-text commands take them. */
  rest: string;
}

const COMMAND_LINE =
  /^ {0,3}\/dxfix(?:[ \t]+(?<verb>\S+)(?:[ \t]+(?<arg>\S+)(?<rest>[^\n]*))?)?[ \t]*$/i;
const FENCE = /^ {0,3}(?<fence>`{3,}|~{3,})/;
const QUOTE = /^ {0,3}>/;

/** Every command line of the body, in order. */
export function commandLines(body: string): CommandLine[] {
  const found: CommandLine[] = [];
  let fence: string | null = null;
  for (const raw of body.split(/\r?\n/)) {
    const open = FENCE.exec(raw)?.groups?.fence ?? null;
    if (fence !== null) {
      if (open !== null && closes(open, fence) && raw.trim() === open) fence = null;
      continue;
    }
    if (open !== null) {
      fence = open;
      continue;
    }
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

/** A fence closes with the same character, at least as long (and nothing after it). */
function closes(line: string, fence: string): boolean {
  return line[0] === fence[0] && line.length >= fence.length;
}
