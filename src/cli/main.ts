// dxfix command line: the same engine as the Action, on a laptop.
import "./node-version.ts";
import { messageOf, UsageError, UserError, userMessage } from "../errors.ts";
import { shouldColor } from "../report/color.ts";
import { VERSION } from "../version.ts";
import { ArgvError, closest, onePath, parseArgv } from "./args.ts";
import { COMMAND_HELP, HELP } from "./help.ts";
import { createOut } from "./out.ts";
import { lintCommand, type PlanArgs, planCommand } from "./plan.ts";

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

/** `--help` or `-h` among a command's own arguments (not after `--`). */
function wantsHelp(argv: string[]): boolean {
  const own = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  return own.includes("--help") || own.includes("-h");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    out.line((rest[0] && COMMAND_HELP[rest[0]]) || HELP);
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    out.line(`dxfix ${VERSION}`);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  try {
    if (!command) throw new UsageError(unknownCommand(name));
    if (wantsHelp(rest)) {
      out.line(COMMAND_HELP[name] ?? HELP);
      return 0;
    }
    return await command(rest);
  } catch (error) {
    // The user's to fix: one line, no stack. Anything else is ours (below).
    if (!(error instanceof UserError)) throw error;
    const hint = error instanceof ArgvError ? ` (dxfix ${name} --help)` : "";
    process.stderr.write(`dxfix: ${userMessage(error)}${hint}\n`);
    return 2;
  }
}

function unknownCommand(name: string): string {
  const near = closest(name, Object.keys(commands));
  const guess = near ? `did you mean ${near}? ` : "";
  return `unknown command "${name}" (${guess}commands: ${Object.keys(commands).join(", ")}; dxfix --help)`;
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
