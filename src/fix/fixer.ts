// Running a command fixer (any coding-agent CLI) once: how it receives the brief, what
// environment it gets, and the time limit that ends its whole process tree (the same
// process-group runner as checkpoint commands).
import { type ProcessResult, runProcess } from "../checkpoints/run.ts";

/** How the brief reaches the command; DXFIX_BRIEF (its path) is always set as well. */
export type BriefInput = "file" | "stdin" | "arg";

export interface CommandFixer {
  /** A shell command line; `{brief}` is the brief's text, `{brief_file}` its path (both quoted). */
  command: string;
  input: BriefInput;
  timeoutMs: number;
  /** Keep GITHUB_TOKEN / GH_TOKEN in the fixer's environment (off: agents must not push). */
  passToken: boolean;
}

/** Variables that give access to GitHub or the Actions runtime: never the fixer's by default. */
const TOKEN_VARIABLES = [
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "GITHUB_PAT",
  "GH_ENTERPRISE_TOKEN",
  "GITHUB_ENTERPRISE_TOKEN",
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
  "ACTIONS_ID_TOKEN_REQUEST_URL",
];

/** POSIX single-quoting: safe for any text, newlines included. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'"'"'`)}'`;
}

/** The shell line that runs the fixer with the brief delivered as configured. */
export function fixerCommandLine(
  fixer: CommandFixer,
  briefPath: string,
  briefText: string,
): string {
  let line = fixer.command
    .replaceAll("{brief_file}", shellQuote(briefPath))
    .replaceAll("{brief}", shellQuote(briefText));
  if (fixer.input === "arg" && !fixer.command.includes("{brief}")) {
    line = `${line} ${shellQuote(briefText)}`;
  }
  // A group command, so a pipeline or a list reads the brief as its whole stdin.
  if (fixer.input === "stdin") line = `{ ${line}\n} < ${shellQuote(briefPath)}`;
  return line;
}

/** The fixer's environment: the runner's, without tokens unless allowed, plus the brief's place. */
export function fixerEnv(
  base: NodeJS.ProcessEnv,
  fixer: Pick<CommandFixer, "passToken">,
  extra: Record<string, string>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    // Action inputs (INPUT_GITHUB-TOKEN among them) are the Action's, not the fixer's.
    if (key.startsWith("INPUT_")) continue;
    if (!fixer.passToken && TOKEN_VARIABLES.includes(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface FixerRun {
  result: ProcessResult;
  commandLine: string;
}

export async function runFixer(
  fixer: CommandFixer,
  options: {
    root: string;
    briefPath: string;
    briefText: string;
    env: NodeJS.ProcessEnv;
    signal?: AbortSignal;
    onChunk?: (chunk: Buffer, stream: "stdout" | "stderr") => void;
  },
): Promise<FixerRun> {
  const commandLine = fixerCommandLine(fixer, options.briefPath, options.briefText);
  const result = await runProcess({
    command: commandLine,
    cwd: options.root,
    timeoutMs: fixer.timeoutMs,
    env: options.env,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onChunk ? { onChunk: options.onChunk } : {}),
    tailBytes: 16 * 1024,
  });
  return { result, commandLine };
}
