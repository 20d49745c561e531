// A Mermaid flowchart of the plan's groups and checkpoints in plan order,
// coloured by status, for the PR comment. GitHub renders ```mermaid fences.
import { noMentions, truncate } from "./escape.ts";
import type { CheckpointResult, GroupResult, Report } from "./schema.ts";
import { type CheckpointStatus, isFailure, type Verdict } from "./status.ts";

/** Beyond this many nodes the diagram is unreadable (and Mermaid's edge cap is 500). */
export const MAX_MERMAID_NODES = 150;

const LABEL_MAX = 48;

/**
 * Text for a quoted Mermaid label. Mermaid decodes `#NN;` entity codes, so
 * characters that could end the label, start Markdown strings or form HTML are
 * written that way; `#` first so the codes themselves survive.
 */
export function mermaidLabel(text: string): string {
  const flat = truncate(text.replace(/[\x00-\x1f\x7f]+/g, " ").trim(), LABEL_MAX);
  return noMentions(flat)
    .replace(/#/g, "#35;")
    .replace(/"/g, "#34;")
    .replace(/&/g, "#38;")
    .replace(/</g, "#60;")
    .replace(/>/g, "#62;")
    .replace(/`/g, "#96;")
    .replace(/\\/g, "#92;")
    .replace(/[[\]{}()|]/g, (c) => `#${c.charCodeAt(0)};`);
}

type NodeClass = "passed" | "failed" | "pending";

/** A node's colour: a failure is red, a pass green, anything else (not run) grey. */
function nodeClass(status: CheckpointStatus | Verdict): NodeClass {
  if (isFailure(status)) return "failed";
  return status === "passed" ? "passed" : "pending";
}

const STATE_LABEL: Record<GroupResult["state"], string> = {
  todo: "",
  in_progress: " · in progress",
  done: " · done",
};

interface Node {
  shape: "box" | "gate";
  label: string;
  cls: NodeClass;
}

function gateNode(gate: CheckpointResult): Node {
  return { shape: "gate", label: `${gate.id}. ${gate.title}`, cls: nodeClass(gate.status) };
}

function nodesOf(report: Report): Node[] {
  const byGroup = new Map<string, CheckpointResult[]>();
  for (const checkpoint of report.checkpoints) {
    const list = byGroup.get(checkpoint.groupId) ?? [];
    list.push(checkpoint);
    byGroup.set(checkpoint.groupId, list);
  }
  const nodes: Node[] = [];
  for (const group of report.groups) {
    const gates = byGroup.get(group.id) ?? [];
    byGroup.delete(group.id);
    if (group.kind === "work" || gates.length === 0) {
      nodes.push({
        shape: group.kind === "work" ? "box" : "gate",
        label: `${group.id}. ${group.title}${STATE_LABEL[group.state]}`,
        cls: nodeClass(group.status),
      });
    }
    nodes.push(...gates.map(gateNode));
  }
  // Checkpoints whose group is missing from the report still appear, at the end.
  for (const gates of byGroup.values()) nodes.push(...gates.map(gateNode));
  return nodes;
}

/** The ```mermaid block, or null when the plan has no groups or too many to draw. */
export function renderMermaid(report: Report): string | null {
  const nodes = nodesOf(report);
  if (nodes.length === 0 || nodes.length > MAX_MERMAID_NODES) return null;
  const lines = ["```mermaid", "flowchart TD"];
  nodes.forEach((node, i) => {
    const label = mermaidLabel(node.label);
    // Node ids are generated, never taken from the plan.
    lines.push(node.shape === "gate" ? `  n${i}{{"${label}"}}` : `  n${i}["${label}"]`);
  });
  for (let i = 1; i < nodes.length; i++) lines.push(`  n${i - 1} --> n${i}`);
  lines.push(
    "  classDef passed fill:#d3f9d8,stroke:#2b8a3e,color:#1b1b1b",
    "  classDef failed fill:#ffe3e3,stroke:#c92a2a,color:#1b1b1b",
    "  classDef pending fill:#f1f3f5,stroke:#868e96,color:#1b1b1b",
  );
  const byClass = new Map<NodeClass, number[]>();
  nodes.forEach((node, i) => {
    byClass.set(node.cls, [...(byClass.get(node.cls) ?? []), i]);
  });
  for (const [cls, ids] of byClass)
    lines.push(`  class ${ids.map((i) => `n${i}`).join(",")} ${cls}`);
  lines.push("```");
  return `${lines.join("\n")}\n`;
}
