// The fix run's comment on its PR: what was tried (attempts, gates, changed files, the
// plan's edits), what the fixer said last, and, when the gates still fail, how to answer.
// The same facts ride along as a hidden block for the bot (`/dxfix status`, its question).
// Fixer output is untrusted text: escaped like everything else dxfix renders.
import type { FixOutcome } from "../../fix/loop.ts";
import { encodeFixLog, type FixLog, fixerWords } from "../../github/markers.ts";
import { codeBlock, codeSpan, escapeInline, truncate } from "../../report/escape.ts";

/** What the fixer printed last: its answer, or the question it asks. */
export function lastWords(output: string, lines = 12): string {
  return output.replace(/\s+$/, "").split(/\r?\n/).slice(-lines).join("\n");
}

export function fixLogOf(
  outcome: FixOutcome,
  run: { run: number; plan: string; group: string; base: string; said: string },
): FixLog {
  return {
    run: run.run,
    plan: run.plan,
    group: run.group,
    status: outcome.status,
    passed: outcome.passed,
    commit: outcome.commit,
    base: run.base,
    attempts: outcome.attempts.map((a) => ({
      attempt: a.attempt,
      fixer: a.fixer.status,
      changedFiles: a.changedFiles,
      refused: a.refused,
      gates: a.gates,
    })),
    stop: outcome.stop,
    stat: truncate(outcome.stat, 4000),
    edits: outcome.edits.slice(0, 50),
    said: truncate(run.said, 3000),
  };
}

function attemptRows(log: FixLog): string[] {
  const rows = ["| attempt | fixer | files changed | gates |", "| --- | --- | --- | --- |"];
  for (const a of log.attempts) {
    const gates = Object.entries(a.gates)
      .map(([id, s]) => `${escapeInline(id)} ${s.replace("_", " ")}`)
      .join(", ");
    const refused = a.refused.length ? ` (refused: ${escapeInline(a.refused.join("; "))})` : "";
    rows.push(
      `| ${a.attempt === 0 ? "plan edits" : a.attempt} | ${a.attempt === 0 ? "—" : fixerWords(a.fixer)}${refused} | ${a.changedFiles} | ${gates || "—"} |`,
    );
  }
  return rows;
}

export function fixLogComment(log: FixLog): string {
  const head = log.passed
    ? `### dxfix fix run ${log.run}: task group ${escapeInline(log.group)} passes its checkpoints`
    : `### dxfix fix run ${log.run}: task group ${escapeInline(log.group)} needs your input`;
  const commit = log.commit
    ? `Pushed ${log.commit.slice(0, 7)} on top of ${log.base.slice(0, 7)}.`
    : "Nothing was committed.";
  const lines = [
    head,
    "",
    `${commit} ${escapeInline(log.stop ? `Stopped: ${log.stop}.` : "")}`.trim(),
    "",
    ...attemptRows(log),
  ];
  if (log.said.trim()) {
    lines.push("", "**What the fixer said last**", "", codeBlock(log.said, "text").trimEnd());
  }
  if (log.stat)
    lines.push(
      "",
      "<details><summary>Changed files</summary>",
      "",
      codeBlock(log.stat, "text").trimEnd(),
      "",
      "</details>",
    );
  if (log.edits.length) {
    lines.push(
      "",
      "<details><summary>Plan edits</summary>",
      "",
      ...log.edits.map((e) => `- ${escapeInline(e)}`),
      "",
      "</details>",
    );
  }
  if (!log.passed) {
    lines.push(
      "",
      "**How to answer**: reply on this PR with what the fixer should do (which design, which file, what to keep), and comment " +
        `${codeSpan("/dxfix fix")} (the text after it counts too). Comments by people with write access since this run are the next attempt's guidance. ` +
        `${codeSpan("/dxfix status")} shows the attempts; the ${codeSpan("dxfix:hold")} label stops fix runs.`,
    );
  }
  lines.push("", encodeFixLog(log));
  return lines.join("\n");
}
