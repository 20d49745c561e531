// The `/dxfix` commands: one table, one row per command, each row in its own file.
//
// To add a command: write `src/bot/commands/<name>.ts` exporting a `BotCommand` (its
// name, aliases, usage and help line, `parse` for its one optional argument, `run`
// returning the reply and the reaction), and add it to COMMANDS below. The help list,
// the PR bodies' "Talking to dxfix" section and the parser all follow from the row.
import type { BotCommand, CommandContext, CommandResult } from "./command.ts";
import { fixCommand } from "./fix.ts";
import { helpCommand } from "./help.ts";
import { commandLines } from "./lines.ts";
import { planCommand } from "./plan.ts";
import { retryCommand } from "./retry.ts";
import { statusCommand } from "./status.ts";

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly BotCommand<unknown>[] = [
  fixCommand,
  retryCommand,
  statusCommand,
  planCommand,
  helpCommand,
];

/** A bare `/dxfix` asks for this verb. */
const DEFAULT_VERB = "help";

/** A command found in a comment: a row of the table with its arguments, or an unknown verb. */
export type ParsedCommand = { name: string; args: unknown } | { name: null; verb: string };

function byVerb(verb: string): BotCommand<unknown> | null {
  return COMMANDS.find((c) => c.name === verb || c.aliases?.includes(verb)) ?? null;
}

/** Every command in the body, in order; duplicates of the same command are kept once. */
export function parseCommands(body: string): ParsedCommand[] {
  const commands: ParsedCommand[] = [];
  const seen = new Set<string>();
  for (const line of commandLines(body)) {
    const verb = (line.verb ?? DEFAULT_VERB).toLowerCase();
    const row = byVerb(verb);
    // `/dxfix retry this please` is prose that starts like a command, not a command.
    if (line.rest !== "" && !row?.freeText) continue;
    const parsed: ParsedCommand = row
      ? { name: row.name, args: row.parse(line.arg) }
      : { name: null, verb };
    const key = JSON.stringify(parsed);
    if (seen.has(key)) continue;
    seen.add(key);
    commands.push(parsed);
  }
  return commands;
}

/** Markdown list of the commands, for `/dxfix help` and PR bodies. */
export function helpText(): string {
  return COMMANDS.map((c) => `- \`${c.usage}\`: ${c.help}`).join("\n");
}

/** How a parsed command reads in messages: `/dxfix retry`. */
export function commandName(command: ParsedCommand): string {
  return `/dxfix ${command.name ?? command.verb}`;
}

function unknownVerb(command: ParsedCommand, help: string): string {
  return `I don't know \`${commandName(command)}\`. The commands are:\n\n${help}`;
}

/**
 * The replies when every command is answered from the table alone (help, unknown
 * verbs); null when one needs the repository (config, state, a claim).
 */
export function tableReplies(commands: readonly ParsedCommand[], help: string): string[] | null {
  const replies: string[] = [];
  for (const command of commands) {
    const row = command.name === null ? null : byVerb(command.name);
    if (command.name !== null && !row?.fromTable) return null;
    replies.push(row?.fromTable ? row.fromTable(help) : unknownVerb(command, help));
  }
  return replies;
}

/** Run one parsed command; an unknown verb gets the list of the known ones. */
export async function runCommand(
  ctx: CommandContext,
  command: ParsedCommand,
): Promise<CommandResult> {
  const row = command.name === null ? null : byVerb(command.name);
  if (command.name === null || !row) {
    return { reply: unknownVerb(command, ctx.help), reaction: "confused" };
  }
  return row.run(ctx, command.args);
}
