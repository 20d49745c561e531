// What a `/dxfix` command is: one row of the table in index.ts. A row parses its own
// argument and runs with what the comment's event gives it; it never reads the webhook
// payload itself, so every command is tested the same way.
import type { DxfixConfig } from "../../config.ts";
import type { Reaction, Repo } from "../github.ts";

/** Everything a command may use: the repository, its config, where it was asked. */
export interface CommandContext {
  r: Repo;
  config: DxfixConfig;
  /** The issue or PR the command was commented on. */
  number: number;
  isPull: boolean;
  defaultBranch: string;
  /** The Markdown list of every command, built from the table. */
  help: string;
}

/** The reply to post (none: null) and the reaction that closes the command. */
export interface CommandResult {
  reply: string | null;
  reaction: Reaction;
}

export interface BotCommand<Args> {
  /** The verb: `/dxfix <name>`. */
  name: string;
  /** Other verbs for the same command (e.g. `rerun`). */
  aliases?: readonly string[];
  /** How to write it, for the help list: `/dxfix retry [checkpoint]`. */
  usage: string;
  /** What it does, one line for the help list. */
  help: string;
  /**
   * True when the command takes free text after the verb (`/dxfix fix use the pool`);
   * for the others a line with more than one argument is not a command at all.
   */
  freeText?: boolean;
  /**
   * The reply when it comes from the table alone (help): such a comment costs the
   * permission check, the claim that makes a replayed delivery answer once (the default
   * branch head and the ref) and the reply; no config and no reactions.
   */
  fromTable?: (help: string) => string;
  /** Its arguments from the one optional word after the verb (null: none given). */
  parse(arg: string | null): Args;
  run(ctx: CommandContext, args: Args): Promise<CommandResult>;
}

/** The reply of a PR-only command given on an issue. */
export function notOnPull(verb: string): string {
  return `\`/dxfix ${verb}\` works on pull requests: comment it on a dxfix PR.`;
}
