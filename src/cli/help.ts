// What `dxfix help` and `dxfix <command> --help` print. Kept apart from the commands so
// help needs no engine.
import { FIX_HELP } from "./fix-help.ts";

const PLAN_OPTIONS = `options:
  --requirements <file>   requirements.md (default: the one beside tasks.md)
  --json                  print JSON instead of text`;

const MATRIX_OPTION = `  --matrix                the independent checkpoint units as strategy.matrix JSON (docs/matrix.md)`;

const CHECK_HELP = `check options:
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
  --cache-dir <dir>       where passed results are kept (default .git/dxfix-cache)`;

/** Each command: its usage line and what it does, then its options. */
export const COMMAND_HELP: Record<string, string> = {
  plan: `Usage: dxfix plan <tasks.md> [--requirements <file>] [--json | --matrix]

Show the plan's tree, its trace (criterion -> tasks -> checkpoints) and coverage, then
its problems. Exit 1 when the plan has errors (see dxfix lint).

${PLAN_OPTIONS}
${MATRIX_OPTION}`,
  lint: `Usage: dxfix lint <tasks.md> [--requirements <file>] [--json]

Print the plan's problems as file:line:col: severity code message. Exit 1 on errors.

${PLAN_OPTIONS}`,
  check: `Usage: dxfix check <tasks.md> [options]

Run the plan's checkpoints from the project root (default: the git top level of the
plan) and print the requirement-by-requirement checklist. Exit 1 when a checkpoint
fails, 2 when the plan has errors (nothing is run then).

${CHECK_HELP}`,
  fix: `Usage: dxfix fix <tasks.md> --group <id> [options]

Do a task group with a fixer (a coding agent's command line) until its checkpoints
pass; commits locally, pushes nothing. Exit 1 when the checkpoints still fail.

${FIX_HELP}`,
};

export const HELP = `dxfix: run a spec-driven plan's checkpoints and trace its requirements

Usage:
  dxfix plan <tasks.md> [--requirements <file>] [--json]   show the plan tree, trace and coverage
  dxfix plan <tasks.md> --matrix                          the independent checkpoint units as strategy.matrix JSON
  dxfix lint <tasks.md> [--requirements <file>] [--json]   print problems as file:line:col (exit 1 on errors)
  dxfix check <tasks.md> [options]                         run the checkpoints and print the checklist
  dxfix fix <tasks.md> --group <id> [options]              do a task group with a fixer until its checkpoints
                                                           pass; commits locally, pushes nothing
  dxfix <command> --help                                   one command's options

Paths are relative to the current directory.

${CHECK_HELP}

${FIX_HELP}

Exit codes: 0 success, 1 a checkpoint failed (check), errors found (plan, lint) or the
group's checkpoints still fail (fix), 2 usage or plan errors.`;
