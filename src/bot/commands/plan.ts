// `/dxfix plan`: open the pull requests of the plans' task groups that have none, on a PR
// or an issue, and say what happened to each group.
import type { DxfixConfig } from "../../config.ts";
import { type GroupOutcome, openPlanPrs } from "../plan-prs.ts";
import type { BotCommand } from "./command.ts";

export const planCommand: BotCommand<Record<string, never>> = {
  name: "plan",
  usage: "/dxfix plan",
  help: "open the pull requests of the plan's task groups that have none",
  parse: () => ({}),
  async run({ r, config, defaultBranch, help }) {
    const outcomes = await openPlanPrs(r, config, { defaultBranch, plans: null, help });
    return { reply: planReply(outcomes, config), reaction: "rocket" };
  },
};

function outcomeLine(o: GroupOutcome): string {
  const what = `\`${o.plan}\` group ${o.group}`;
  switch (o.kind) {
    case "opened":
      return `- ${what}: opened #${o.pull}`;
    case "open":
      return `- ${what}: already open in #${o.pull}`;
    case "merged":
      return `- ${what}: merged in #${o.pull}`;
    case "declined":
      return `- ${what}: #${o.pull} was closed without merging; not reopened`;
    case "failed":
      return `- ${what}: could not open a PR (${o.message})`;
  }
}

function planReply(outcomes: GroupOutcome[], config: DxfixConfig): string {
  if (outcomes.length === 0) {
    return `No unfinished task group found in plans matching ${config.specs.map((s) => `\`${s}\``).join(", ")}.`;
  }
  const mode =
    config.mode === "sequential"
      ? " (sequential mode: the next group opens when this one merges)"
      : "";
  return `**dxfix plan**${mode}\n\n${outcomes.map(outcomeLine).join("\n")}`;
}
