// `/dxfix fix [guidance]`: start one fix run for this group PR. The words after the
// command, and every comment by people with write access since the last fix commit, are
// the run's guidance: the fix action reads them from the PR itself, so nothing is passed
// along here and a replayed or concurrent command cannot change what the fixer reads.
import { fixStartReply, startFixRun } from "../fix-runs.ts";
import { type BotCommand, notOnPull } from "./command.ts";

export const fixCommand: BotCommand<Record<string, never>> = {
  name: "fix",
  usage: "/dxfix fix [guidance]",
  freeText: true,
  help: "start a fix run of this group PR; the text after it, and comments by people with write access since the last fix, are its guidance",
  parse: () => ({}),
  async run({ r, config, number, isPull, defaultBranch }) {
    if (!isPull) return { reply: notOnPull("fix"), reaction: "confused" };
    const { start, joined } = await startFixRun(r, config, number, defaultBranch);
    return {
      reply: fixStartReply(start, joined),
      reaction:
        start.kind === "started" && !joined
          ? "rocket"
          : start.kind === "running"
            ? "+1"
            : "confused",
    };
  },
};
