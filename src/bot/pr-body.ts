// The body of a dxfix PR: the group's tasks, the criteria they claim, the checkpoints
// that gate them, how to talk to the bot, and the hidden state marker. Pure.

import { type PrState, prMarker } from "../github/markers.ts";
import type { Command, Gate, Group, Plan, RequirementsDoc, Trace } from "../plan/model.ts";
import { codeSpan, escapeInline } from "../report/escape.ts";
import { BODY_LIMIT } from "./github.ts";

/**
 * The gates that verify a group: those tracing its criteria, verification tasks inside it,
 * and the checkpoint group that follows it (Kiro places a checkpoint after the work it checks).
 */
function groupGates(plan: Plan, trace: Trace, groupId: string): Gate[] {
  const index = plan.groups.findIndex((g) => g.id === groupId);
  const group = plan.groups[index];
  if (!group) return [];
  const ids = new Set<string>([group.id, ...group.tasks.map((t) => t.id)]);
  const wanted = new Set<string>();
  for (const c of trace.criteria) {
    if (c.tasks.some((t) => ids.has(t))) for (const g of c.checkpoints) wanted.add(g);
  }
  for (const gate of trace.gates) if (gate.groupId === group.id) wanted.add(gate.id);
  const next = plan.groups.slice(index + 1).find((g) => g.kind !== "work");
  if (next) for (const gate of trace.gates) if (gate.groupId === next.id) wanted.add(gate.id);
  return trace.gates.filter((g) => wanted.has(g.id));
}

/** The criterion ids a group claims, in order of first reference. */
function criteriaOf(group: Group): string[] {
  return [...new Set([...group.requirements, ...group.tasks.flatMap((t) => t.requirements)])];
}

function commandText(c: Command): string {
  return c.cwd ? `${codeSpan(c.run)} in ${codeSpan(c.cwd)}` : codeSpan(c.run);
}

function box(state: string): string {
  return state === "done" ? "x" : " ";
}

export interface PrBodyInput {
  state: PrState;
  plan: Plan;
  group: Group;
  trace: Trace;
  requirements: RequirementsDoc | null;
  /** The Markdown list of the bot's commands. */
  help: string;
}

export function renderPrBody(input: PrBodyInput): string {
  const lines = [
    prMarker(input.state),
    "",
    ...taskLines(input),
    ...criterionLines(input),
    ...gateLines(input),
    "",
    "### Talking to dxfix",
    "",
    "Comment one of these on its own line:",
    "",
    input.help,
  ];
  let body = lines.join("\n");
  if (body.length > BODY_LIMIT) body = `${body.slice(0, BODY_LIMIT)}\n\n_(truncated)_`;
  return `${body}\n`;
}

function taskLines({ state, group }: PrBodyInput): string[] {
  const lines = [
    `This pull request carries task group **${escapeInline(`${group.id}. ${group.title}`)}** of the plan ${codeSpan(state.plan)} (spec ${codeSpan(state.spec)}). ` +
      "Its first commit marks the group's tasks in progress (`[-]`); push the implementation to this branch.",
    "",
    "### Tasks",
    "",
  ];
  for (const t of group.tasks) {
    const depth = t.parent ? "  " : "";
    const refs = t.requirements.length ? ` (requirements ${t.requirements.join(", ")})` : "";
    const optional = t.optional ? " _(optional)_" : "";
    lines.push(
      `${depth}- [${box(t.state)}] ${escapeInline(`${t.id} ${t.title}`)}${optional}${refs}`,
    );
  }
  if (group.tasks.length === 0)
    lines.push(`- [${box(group.state)}] ${escapeInline(`${group.id}. ${group.title}`)}`);
  return lines;
}

function criterionLines({ group, trace, requirements }: PrBodyInput): string[] {
  const criteria = criteriaOf(group);
  if (criteria.length === 0) return [];
  const lines = ["", "### Acceptance criteria", ""];
  const texts = new Map<string, string>();
  for (const r of requirements?.requirements ?? []) {
    for (const c of r.criteria) texts.set(c.id, c.text);
  }
  for (const id of criteria) {
    const text = texts.get(id) ?? trace.criteria.find((c) => c.id === id)?.text ?? null;
    lines.push(
      text ? `- **${escapeInline(id)}** ${escapeInline(text)}` : `- **${escapeInline(id)}**`,
    );
  }
  if (!requirements)
    lines.push("", "_No requirements.md next to the plan: criterion texts are not known._");
  return lines;
}

function gateLines({ plan, group, trace }: PrBodyInput): string[] {
  const gates = groupGates(plan, trace, group.id);
  const lines = ["", "### Checkpoints gating this group", ""];
  if (gates.length === 0) {
    lines.push(
      "No checkpoint of the plan verifies this group: dxfix cannot mark it done by itself.",
    );
  }
  for (const gate of gates) {
    const commands = gate.commands.length > 0 ? gate.commands : gate.inherited;
    const how = commands.length > 0 ? commands.map(commandText).join(", ") : "no command named";
    lines.push(`- **${escapeInline(gate.id)}** ${escapeInline(gate.title)}: ${how}`);
  }
  if (gates.length > 0) {
    lines.push(
      "",
      "When every one of them passes on this PR, dxfix marks the group's tasks done (`[x]`) here.",
    );
  }
  return lines;
}
