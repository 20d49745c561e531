// Command-line parsing for the CLI's commands: node:util's parseArgs, whose errors
// (unknown option, missing value) become UsageErrors like every other bad command line.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { messageOf, UsageError } from "../errors.ts";

/** parseArgs's own complaints about the command line (codes ERR_PARSE_ARGS_*). */
function isParseError(error: unknown): boolean {
  return (
    error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")
  );
}

export function parseArgv<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs(config);
  } catch (error) {
    if (isParseError(error)) throw new UsageError(messageOf(error));
    throw error;
  }
}

/** The one plan path a command takes. */
export function onePath(positionals: string[], name: string): string {
  const [path, ...more] = positionals;
  if (path === undefined) throw new UsageError(`${name}: missing <tasks.md>`);
  if (more.length > 0) {
    throw new UsageError(`${name}: expected one plan, got ${positionals.length}`);
  }
  return path;
}
