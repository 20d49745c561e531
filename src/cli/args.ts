// Command-line parsing for the CLI's commands: node:util's parseArgs, whose errors
// (unknown option, missing value) become ArgvErrors like every other bad command line.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { messageOf, UsageError } from "../errors.ts";

/** A bad command line: main adds where to read the command's options. */
export class ArgvError extends UsageError {}

/** parseArgs's own complaints about the command line (codes ERR_PARSE_ARGS_*). */
function parseErrorCode(error: unknown): string | null {
  if (!(error instanceof Error) || !("code" in error)) return null;
  const code = String(error.code);
  return code.startsWith("ERR_PARSE_ARGS") ? code : null;
}

export function parseArgv<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = parseErrorCode(error);
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw unknownOption(error, config);
    if (code !== null) throw new ArgvError(messageOf(error));
    throw error;
  }
}

/** `unknown option --jsn, did you mean --json?`, not Node's paragraph about `--`. */
function unknownOption(error: unknown, config: ParseArgsConfig): ArgvError {
  const given = /'([^']*)'/.exec(messageOf(error))?.[1] ?? messageOf(error);
  const names = Object.keys(config.options ?? {}).map((long) => `--${long}`);
  const near = closest(given.split("=")[0] ?? given, names);
  return new ArgvError(`unknown option ${given}${near ? `, did you mean ${near}?` : ""}`);
}

/** The name a typo most likely meant: the one it is a prefix of, or one a few edits away. */
export function closest(given: string, names: string[]): string | null {
  const prefixed = names.filter((n) => given.length > 3 && n.startsWith(given));
  if (prefixed.length === 1) return prefixed[0] ?? null;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const d = editDistance(given, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return bestDistance <= Math.max(1, Math.floor(given.length / 3)) ? best : null;
}

/** Levenshtein distance (option names are short: quadratic in their length is fine). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(replace, (previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The one plan path a command takes. */
export function onePath(positionals: string[], name: string): string {
  const [path, ...more] = positionals;
  if (path === undefined) throw new ArgvError(`${name}: missing <tasks.md>`);
  if (more.length > 0) {
    throw new ArgvError(`${name}: expected one plan, got ${positionals.length}`);
  }
  return path;
}
