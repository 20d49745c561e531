// `/dxfix <verb> [arg]` commands in a comment body. Pure. A command counts only at the
// start of a line (indentation allowed), outside fenced code blocks and quoted lines,
// so quoting or documenting a command never triggers it.

export type Command =
  | { name: "retry"; checkpoint: string | null }
  | { name: "status" }
  | { name: "help" }
  | { name: "plan" }
  | { name: "unknown"; verb: string };

export const COMMAND_HELP: readonly { usage: string; what: string }[] = [
  {
    usage: "/dxfix retry [checkpoint]",
    what: "re-run the failed jobs of the latest dxfix workflow run for this PR's head commit",
  },
  {
    usage: "/dxfix status",
    what: "reply with the current checklist summary from the latest report",
  },
  { usage: "/dxfix plan", what: "open the pull requests of the plan's task groups that have none" },
  { usage: "/dxfix help", what: "list these commands" },
];

const COMMAND_LINE = /^ {0,3}\/dxfix(?:\s+(\S+)(?:\s+(\S+))?)?\s*$/i;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Every command in the body, in order; duplicates of the same command are kept once. */
export function parseCommands(body: string): Command[] {
  const commands: Command[] = [];
  const seen = new Set<string>();
  let fence: string | null = null;
  for (const raw of body.split(/\r?\n/)) {
    const open = FENCE.exec(raw);
    if (fence !== null) {
      // A fence closes with the same character, at least as long, and nothing after it.
      if (open && open[1]![0] === fence[0] && open[1]!.length >= fence.length) {
        if (raw.trim() === open[1]) fence = null;
      }
      continue;
    }
    if (open) {
      fence = open[1]!;
      continue;
    }
    if (/^ {0,3}>/.test(raw)) continue;
    const m = COMMAND_LINE.exec(raw);
    if (!m) continue;
    const command = toCommand((m[1] ?? "help").toLowerCase(), m[2] ?? null);
    const key = JSON.stringify(command);
    if (seen.has(key)) continue;
    seen.add(key);
    commands.push(command);
  }
  return commands;
}

function toCommand(verb: string, arg: string | null): Command {
  switch (verb) {
    case "retry":
    case "rerun":
      return { name: "retry", checkpoint: arg };
    case "status":
      return { name: "status" };
    case "help":
      return { name: "help" };
    case "plan":
      return { name: "plan" };
    default:
      return { name: "unknown", verb };
  }
}

/** Markdown list of the commands, for `/dxfix help` and PR bodies. */
export function helpText(): string {
  return COMMAND_HELP.map((c) => `- \`${c.usage}\`: ${c.what}`).join("\n");
}
