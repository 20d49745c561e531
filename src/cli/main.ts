#!/usr/bin/env node
// dxfix command line: the same engine as the Action, on a laptop.
import { messageOf, UsageError, UserError, userMessage } from "../errors.ts";
import { shouldColor } from "../report/color.ts";
import { VERSION } from "../version.ts";
import { onePath, parseArgv } from "./args.ts";
import { FIX_HELP } from "./fix-help.ts";
import { createOut } from "./out.ts";
import { lintCommand, type PlanArgs, planCommand } from "./plan.ts";

const HELP = `dxfix: run a spec-driven plan's checkpoints and trace its requirements

Usage:
  dxfix plan <tasks.md> [--requirements <file>] [--json]   show the plan tree, trace and coverage
  dxfix plan <tasks.md> --matrix                          the independent checkpoint units as strategy.matrix JSON
  dxfix lint <tasks.md> [--requirements <file>] [--json]   print problems as file:line:col (exit 1 on errors)
  dxfix check <tasks.md> [options]                         run the checkpoints and print the checklist
  dxfix fix <tasks.md> --group <id> [options]              do a task group with a fixer until its checkpoints
                                                           pass; commits locally, pushes nothing

check options:
  --requirements <file>   requirements.md (default: the one beside tasks.md)
  --cwd <dir>             directory plan paths resolve against (default: git top level of the plan)
  --checkpoint <id>       run only this checkpoint (repeatable)
  --fail-fast             stop at the first failing checkpoint
  --timeout <minutes>     per-command timeout (default 30)
  --junit <glob>          JUnit XML files commands leave behind (repeatable)
  --json <file>           write the JSON report (- for stdout)
  --markdown <file>       write the Markdown checklist
  --quiet, -q             do not echo the commands' output (progress and the checklist still print)
  --no-reuse              run every command (default: reuse passed results of the same key)
  --cache-dir <dir>       where passed results are kept (default .git/dxfix-cache)

${FIX_HELP}

Exit codes: 0 success, 1 a checkpoint failed (check), errors found (lint) or the group's
checkpoints still fail (fix), 2 usage or plan errors.`;

type Command = (argv: string[]) => Promise<number> | number;

// `dxfix plan x | head` closes the pipe early: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

const out = createOut((s) => process.stdout.write(s), shouldColor(process.stdout));

/** `plan` and `lint` take the same arguments: one plan, `--requirements`, `--json`. */
function planArgs(argv: string[], name: string): PlanArgs {
  const { values, positionals } = parseArgv({
    args: argv,
    allowPositionals: true,
    options: {
      requirements: { type: "string" },
      json: { type: "boolean" },
      matrix: { type: "boolean" },
    },
  });
  return {
    plan: onePath(positionals, name),
    requirements: values.requirements ?? null,
    json: values.json ?? false,
    matrix: values.matrix ?? false,
  };
}

const commands: Record<string, Command> = {
  plan: (argv) => planCommand(planArgs(argv, "plan"), out),
  lint: (argv) => lintCommand(planArgs(argv, "lint"), out),
  async check(argv) {
    const { checkCommand } = await import("./check.ts");
    return checkCommand(argv, out);
  },
  async fix(argv) {
    const { fixCommand } = await import("./fix.ts");
    return fixCommand(argv, out);
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    out.line(HELP);
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    out.line(`dxfix ${VERSION}`);
    return 0;
  }
  const command = commands[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}" (try: plan, lint, check, fix)`);
    return await command(rest);
  } catch (error) {
    // The user's to fix: one line, no stack. Anything else is ours (below).
    if (!(error instanceof UserError)) throw error;
    process.stderr.write(`dxfix: ${userMessage(error)}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`dxfix: internal error: ${messageOf(error)}\n`);
    process.exitCode = 2;
  },
);
