// `/dxfix status`: the checklist summary of the latest report(s) on a PR, with the
// report's own status icons and words (src/report/status.ts).
import type { DxfixConfig } from "../../config.ts";
import { dxfixPrState, type FixLog, fixerWords, latestFixLog } from "../../github/markers.ts";
import { escapeInline } from "../../report/escape.ts";
import type { Report } from "../../report/schema.ts";
import { iconOf, labelOf } from "../../report/status.ts";
import { getPull, listComments, type Repo } from "../github.ts";
import { trustedReports } from "../reports.ts";
import { type BotCommand, notOnPull } from "./command.ts";

export const statusCommand: BotCommand<Record<string, never>> = {
  name: "status",
  usage: "/dxfix status",
  help: "reply with the current checklist summary from the latest report",
  parse: () => ({}),
  async run({ r, config, number, isPull }) {
    return {
      reply: isPull ? await statusReply(r, config, number) : notOnPull("status"),
      reaction: "+1",
    };
  },
};

async function statusReply(r: Repo, config: DxfixConfig, number: number): Promise<string> {
  const pull = await getPull(r, number);
  const me = await r.botLogin();
  const plan = dxfixPrState(pull, [me])?.plan ?? null;
  const comments = await listComments(r, number);
  const reports = trustedReports(comments, config, plan);
  const fix = latestFixLog(comments, [...config.reportAuthors, me]);
  // One report per plan: the newest comment of each.
  const latest = new Map(reports.map((f) => [f.report.plan.path, f.report]));
  if (latest.size === 0) {
    return `No dxfix report on this PR yet: the \`${config.workflow}\` workflow posts one when it has run (comments by ${config.reportAuthors.map((a) => `\`${a}\``).join(", ")} are trusted).`;
  }
  const summaries = [...latest.values()].map(statusSummary).join("\n\n---\n\n");
  return fix ? `${summaries}\n\n${fixSummary(fix)}` : summaries;
}

/** The latest fix run in a few lines: its outcome and each attempt. Pure. */
export function fixSummary(log: FixLog): string {
  const attempts = log.attempts.filter((a) => a.attempt > 0);
  const lines = [
    `Fix run ${log.run} (task group ${escapeInline(log.group)}): ${log.status}${log.passed ? ", gates pass" : ""}${log.commit ? `, commit ${log.commit.slice(0, 7)}` : ""}; ${attempts.length} attempt${attempts.length === 1 ? "" : "s"}${log.stop ? `; stopped: ${escapeInline(log.stop)}` : ""}.`,
  ];
  for (const a of attempts) {
    const gates = Object.entries(a.gates)
      .map(([id, st]) => `${escapeInline(id)} ${st.replace("_", " ")}`)
      .join(", ");
    lines.push(
      `- attempt ${a.attempt}: the fixer ${escapeInline(fixerWords(a.fixer))}, ${a.changedFiles} file${a.changedFiles === 1 ? "" : "s"} changed${gates ? `, ${gates}` : ""}`,
    );
  }
  return lines.join("\n");
}

const MAX_FAILING = 20;

/** The summary of one report. Pure. */
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
        `- ${iconOf(c.status)} **${escapeInline(c.id)}** ${escapeInline(c.title)}: ${labelOf(c.status)}`,
      );
    }
  }
  const failing = report.requirements.filter((r) => r.status === "failing");
  if (failing.length > 0) {
    lines.push("", "Failing criteria:");
    for (const r of failing.slice(0, MAX_FAILING))
      lines.push(`- **${escapeInline(r.id)}** ${escapeInline(r.text ?? "")}`.trimEnd());
    if (failing.length > MAX_FAILING) lines.push(`- …and ${failing.length - MAX_FAILING} more`);
  }
  return lines.join("\n");
}
