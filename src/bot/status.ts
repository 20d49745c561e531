// `/dxfix status`: the checklist summary of the latest report(s) on a PR. Pure rendering.
import { escapeInline } from "../report/escape.ts";
import type { Report } from "../report/schema.ts";

const ICON: Record<string, string> = {
  passed: "✅",
  failed: "❌",
  timeout: "⏱️",
  error: "⚠️",
  not_run: "⏸️",
  verified: "✅",
  failing: "❌",
  pending: "⏸️",
  uncovered: "❔",
};

export function statusSummary(report: Report): string {
  const s = report.summary;
  const lines = [
    `**${escapeInline(report.plan.spec ?? report.plan.path)}**: ${report.status} (report of ${escapeInline(report.generatedAt)})`,
    "",
    `Requirements: ${s.requirements.verified}/${s.requirements.total} verified, ${s.requirements.failing} failing, ${s.requirements.pending} pending, ${s.requirements.uncovered} uncovered.`,
    `Checkpoints: ${s.checkpoints.passed}/${s.checkpoints.total} passed, ${s.checkpoints.failed} failed, ${s.checkpoints.notRun} not run.`,
  ];
  if (report.checkpoints.length > 0) {
    lines.push("");
    for (const c of report.checkpoints) {
      lines.push(
        `- ${ICON[c.status] ?? ""} **${escapeInline(c.id)}** ${escapeInline(c.title)}: ${c.status.replace("_", " ")}`,
      );
    }
  }
  const failing = report.requirements.filter((r) => r.status === "failing");
  if (failing.length > 0) {
    lines.push("", "Failing criteria:");
    for (const r of failing.slice(0, 20))
      lines.push(`- **${escapeInline(r.id)}** ${escapeInline(r.text ?? "")}`.trimEnd());
    if (failing.length > 20) lines.push(`- …and ${failing.length - 20} more`);
  }
  return lines.join("\n");
}
