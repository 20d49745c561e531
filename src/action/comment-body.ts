// The PR comment: marker, rendered checklist, and the report for the bot, all within
// GitHub's 65,536-character limit. The embedded report is trimmed first (log tails,
// then diagnostics, then test lists) so the human-readable part keeps most of the room.
import { COMMENT_LIMIT } from "../github/limits.ts";
import { checklistMarker, contentKey, contentKeyLine, encodeReport } from "../github/markers.ts";
import type { Report } from "../report/schema.ts";
import type { RenderMarkdown } from "./engine-types.ts";

/** Most the hidden report block may take; the rest is for the checklist. */
const REPORT_BUDGET = 24_000;

function tail(text: string, max: number): string {
  return text.length <= max ? text : text.slice(text.length - max);
}

/** Cheaper and cheaper copies of the report; the last keeps only statuses. */
function trimLevels(report: Report): Report[] {
  const level = (
    logTail: number,
    diagnostics: number,
    keepTests: boolean,
    keepText: boolean,
  ): Report => ({
    ...report,
    checkpoints: report.checkpoints.map((c) => ({
      ...c,
      commands: c.commands.map((cmd) => ({
        ...cmd,
        logTail: tail(cmd.logTail, logTail),
        diagnostics: cmd.diagnostics
          .slice(0, diagnostics)
          .map((d) => ({ ...d, message: d.message.slice(0, 500) })),
        tests: cmd.tests && {
          ...cmd.tests,
          failures: cmd.tests.failures.slice(0, keepTests ? 20 : 0),
        },
        message: cmd.message === null ? null : cmd.message.slice(0, 500),
      })),
    })),
    properties: keepTests ? report.properties : report.properties.map((p) => ({ ...p, tests: [] })),
    requirements: keepText
      ? report.requirements
      : report.requirements.map((r) => ({ ...r, text: null })),
  });
  // The first level keeps what the report's readers use (the fix brief: 15 errors and
  // 30 lines of log per command), which keeps the comment small.
  return [
    level(3000, 15, true, true),
    level(1000, 5, true, true),
    level(0, 1, true, true),
    level(0, 0, false, true),
    level(0, 0, false, false),
  ];
}

/** The hidden report block, trimmed to fit `budget` characters (null if even statuses do not fit). */
function reportBlock(report: Report, budget = REPORT_BUDGET): string | null {
  for (const candidate of trimLevels(report)) {
    const block = encodeReport(candidate);
    if (block.length <= budget) return block;
  }
  return null;
}

export interface CommentBody {
  body: string;
  marker: string;
  key: string;
  /** False when even a status-only report did not fit (the bot will not see this run). */
  embedded: boolean;
}

/** `planPath`: the repository-relative path that identifies the plan's comment. */
export function buildCommentBody(
  report: Report,
  render: RenderMarkdown,
  runUrl: string | null,
  planPath: string = report.plan.path,
): CommentBody {
  const marker = checklistMarker(planPath);
  const key = contentKey(report);
  const keyLine = contentKeyLine(key);
  const block = reportBlock(report) ?? "";
  const separators = 4; // "\n" after the marker, "\n\n" before the block, one spare
  const reserve = marker.length + keyLine.length + block.length + separators + 1;
  let markdown = render(report, { reserve, runUrl }).trimEnd();
  const room = COMMENT_LIMIT - reserve;
  if (markdown.length > room) {
    // The renderer should have kept within `reserve`; never let GitHub reject the comment.
    const note = "\n\n_… cut to fit GitHub's comment size limit; the job summary has everything._";
    markdown = markdown.slice(0, room - note.length) + note;
  }
  const head = `${marker}\n${keyLine}`;
  const body = block ? `${head}\n${markdown}\n\n${block}` : `${head}\n${markdown}`;
  return { body, marker, key, embedded: block !== "" };
}
