#!/usr/bin/env node
// dxfix command line: the same engine as the Action, on a laptop.
import { parseArgs } from "node:util";
import { UsageError } from "../files/plan-files.ts";
import { createOut, useColor } from "./out.ts";
import { lintCommand, planCommand } from "./plan.ts";

const HELP = `dxfix: run a spec-driven plan's checkpoints and trace its requirements

Usage:
  dxfix plan <tasks.md> [--requirements <file>] [--json]   show the plan tree, trace and coverage
  dxfix lint <tasks.md> [--requirements <file>] [--json]   print problems as file:line:col (exit 1 on errors)
  dxfix check <tasks.md> [options]                         run the checkpoints and print the checklist

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

Exit codes: 0 success, 1 a checkpoint failed (check) or errors found (lint), 2 usage or plan errors.`;

type Command = (argv: string[]) => Promise<number> | number;

function fail(message: string): never {
  throw new UsageError(message);
}

function onePath(positionals: string[], name: string): string {
  if (positionals.length === 0) fail(`${name}: missing <tasks.md>`);
  if (positionals.length > 1) fail(`${name}: expected one plan, got ${positionals.length}`);
  return positionals[0]!;
}

// `dxfix plan x | head` closes the pipe early: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

const out = createOut((s) => process.stdout.write(s), useColor(process.stdout));

const commands: Record<string, Command> = {
  plan(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { requirements: { type: "string" }, json: { type: "boolean" } },
    });
    return planCommand(
      {
        plan: onePath(positionals, "plan"),
        requirements: values.requirements ?? null,
        json: values.json ?? false,
      },
      out,
    );
  },
  lint(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { requirements: { type: "string" }, json: { type: "boolean" } },
    });
    return lintCommand(
      {
        plan: onePath(positionals, "lint"),
        requirements: values.requirements ?? null,
        json: values.json ?? false,
      },
      out,
    );
  },
  async check(argv) {
    const { checkCommand } = await import("./check.ts");
    return checkCommand(argv, out);
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    out.line(HELP);
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    out.line("dxfix 0.1.0");
    return 0;
  }
  const command = commands[name];
  try {
    if (!command) fail(`unknown command "${name}" (try: plan, lint, check)`);
    return await command(rest);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof UsageError || err.code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`dxfix: ${err.message}\n`);
      return 2;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`dxfix: internal error: ${(e as Error).message}\n`);
    process.exitCode = 2;
  },
);
