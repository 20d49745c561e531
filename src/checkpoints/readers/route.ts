// Which readers a shell command from a plan calls for. The command is split into its
// simple commands (`cd x && cargo test | tee log`); each one's program, found past
// environment assignments and wrappers (`env`, `npx`, `timeout 600`), is looked up in
// the reader table (registry.ts). Shells (`bash -c '...'`) are read through, package
// managers by the script they run; an unknown program means "auto": try every reader.
import { type Name, type ReaderName, ROWS } from "./registry.ts";

/** What a command's output is read as; "auto" tries every reader that joins guessing. */
export type ReaderKind = ReaderName | "auto";

/** Programs that print nothing a reader could want: they do not make a command unknown. */
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
/** Programs that run the next word as the command (with their own flags before it). */
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
const SHELLS = new Set(["sh", "bash", "zsh"]);
/** Python project managers that run a program with `run` (`uv run pytest`). */
const RUNNERS = new Set(["uv", "poetry", "pipenv"]);
const PACKAGE_MANAGERS = new Set(["npm", "pnpm", "yarn", "bun"]);
const RUN_SCRIPT = new Set(["run", "exec", "run-script"]);
/**
 * cargo takes `+toolchain` and flags with values before its sub-command
 * (`cargo --manifest-path a/Cargo.toml test`), so its sub-command is the first word it
 * knows; any other program's is its first word that is not a flag.
 */
const FIRST_KNOWN_WORD = new Set(["cargo", "cross"]);

/** program -> sub-command -> reader, and the reader for a program's other sub-commands. */
const SUBCOMMANDS = new Map<string, Map<string, ReaderName>>();
const OTHER_SUBCOMMANDS = new Map<string, ReaderName>();
/** program -> argument -> reader (`node --test`, `python -m pytest`). */
const ARGUMENTS = new Map<string, Map<string, ReaderName>>();
for (const row of ROWS) {
  for (const [program, words] of Object.entries(row.routes.arguments ?? {})) {
    const known = ARGUMENTS.get(program) ?? new Map<string, ReaderName>();
    for (const word of words) if (!known.has(word)) known.set(word, row.name);
    ARGUMENTS.set(program, known);
  }
  for (const [program, subs] of Object.entries(row.routes.subcommands ?? {})) {
    const known = SUBCOMMANDS.get(program) ?? new Map<string, ReaderName>();
    for (const sub of subs) if (!known.has(sub)) known.set(sub, row.name);
    SUBCOMMANDS.set(program, known);
  }
  for (const program of row.routes.otherSubcommands ?? []) {
    if (!OTHER_SUBCOMMANDS.has(program)) OTHER_SUBCOMMANDS.set(program, row.name);
  }
}

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
  return ROWS.map((row) => row.name).filter((name) => kinds.has(name));
}

/** The kind of one simple command; null when it runs nothing worth reading. */
function kindOf(tokens: readonly string[]): ReaderKind | null {
  const at = tokens.findIndex((token, i) => !isPrefix(token, tokens[i - 1]));
  const program = at < 0 ? undefined : tokens[at];
  if (program === undefined) return null;
  const tool = basename(program);
  const rest = tokens.slice(at + 1);
  if (SHELLS.has(tool) && rest.includes("-c")) return kindOf(rest.slice(rest.indexOf("-c") + 1));
  if (PACKAGE_MANAGERS.has(tool)) return scriptKind(rest);
  if (RUNNERS.has(tool) && rest[0] === "run") return kindOf(rest.slice(1));
  const routed = argumentKind(tool, rest) ?? subcommandKind(tool, rest) ?? toolKind(tool);
  if (routed) return routed;
  return NEUTRAL.has(tool) ? null : "auto";
}

/** Tokens before the program: `A=1`, a wrapper, a wrapper's flag, `timeout`'s duration. */
function isPrefix(token: string, before: string | undefined): boolean {
  if (/^\w+=/.test(token) || WRAPPERS.has(basename(token))) return true;
  if (before === undefined) return false;
  const previous = basename(before);
  if (token.startsWith("-") && WRAPPERS.has(previous)) return true;
  // `timeout 600 cargo test`
  return previous === "timeout" && /^\d+[smhd]?$/.test(token);
}

/** `npm run typecheck`, `pnpm tsc`: the script names the tool; anything else is unknown. */
function scriptKind(rest: readonly string[]): ReaderKind {
  const words = rest.filter((t) => !t.startsWith("-"));
  const script = RUN_SCRIPT.has(words[0] ?? "") ? words[1] : words[0];
  if (script === undefined) return "auto";
  return ROWS.find((row) => row.routes.scripts?.some((n) => matches(n, script)))?.name ?? "auto";
}

/** For a program with sub-commands (`cargo test`, `go vet`); undefined for any other. */
function subcommandKind(tool: string, rest: readonly string[]): ReaderKind | undefined {
  const known = SUBCOMMANDS.get(tool);
  const other = OTHER_SUBCOMMANDS.get(tool);
  if (known === undefined && other === undefined) return undefined;
  const sub = FIRST_KNOWN_WORD.has(tool)
    ? rest.find((t) => known?.has(t))
    : rest.find((t) => !t.startsWith("-"));
  return (sub === undefined ? undefined : known?.get(sub)) ?? other ?? "auto";
}

/** For a program routed by one of its arguments (`node --test`); undefined otherwise. */
function argumentKind(tool: string, rest: readonly string[]): ReaderName | undefined {
  const known = ARGUMENTS.get(tool);
  if (known === undefined) return undefined;
  for (const token of rest) {
    const kind = known.get(token);
    if (kind !== undefined) return kind;
  }
  return undefined;
}

function toolKind(tool: string): ReaderName | undefined {
  return ROWS.find((row) => row.routes.tools?.some((n) => matches(n, tool)))?.name;
}

function matches(name: Name, word: string): boolean {
  return typeof name === "string" ? name === word : name.test(word);
}

function basename(token: string): string {
  return token.slice(token.lastIndexOf("/") + 1);
}
