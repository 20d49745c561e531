// The `dxfix fix` options, for `dxfix help` (kept apart so help needs no fix engine).
export const FIX_HELP = `fix options:
  --group <id>            the task group to work on (required)
  --fixer '<command>'     a coding agent's command line; {brief} is the brief's text and
                          {brief_file} its path (quoted); DXFIX_BRIEF is always set.
                          Without it: only the plan's own mechanical edits
  --input file|stdin|arg  how the fixer gets the brief besides DXFIX_BRIEF (default file)
  --guidance-file <file>  your answer to the fixer's question, added to the brief
  --attempts <n>          fixer attempts while the gates fail (default 3)
  --fixer-timeout <min>   time limit of one fixer attempt (default 30)
  --timeout <minutes>     per-command timeout of the gates (default 30)
  --max-lines <n>         most changed lines accepted (default 2000)
  --requirements <file>   requirements.md (default: the one beside tasks.md)`;
