// `/dxfix help`: the list of commands, built from the table (handed in by the dispatcher,
// so this row need not import the table it belongs to).
import type { BotCommand } from "./command.ts";

export const helpCommand: BotCommand<Record<string, never>> = {
  name: "help",
  usage: "/dxfix help",
  help: "list these commands",
  parse: () => ({}),
  fromTable: (help) => `**dxfix commands**\n\n${help}`,
  run: async ({ help }) => ({ reply: `**dxfix commands**\n\n${help}`, reaction: "rocket" }),
};
