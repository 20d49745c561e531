// Where the Action leaves its results on the runner: one log group per command, the
// step outputs, the JSON report file and the job summary.
import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { CappedEcho, ECHO_HEAD_BYTES, ECHO_TAIL_BYTES } from "../checkpoints/process/echo.ts";
import { formatDuration } from "../report/format.ts";
import type { CommandResult, Report } from "../report/schema.ts";
import type { CheckEvent } from "./engine-types.ts";

const stdout = (chunk: Buffer | string): void => {
  process.stdout.write(chunk);
};

/**
 * One log group per command; the command's output cannot issue workflow commands. Of
 * each command's output the log gets the first and the last MiB (see CappedEcho), and
 * a notice says how much was left out.
 */
export function logEvents(
  write: (chunk: Buffer | string) => void = stdout,
): (event: CheckEvent) => void {
  let token: string | null = null;
  let echo: CappedEcho | null = null;
  return (event) => {
    if (event.type === "command-start") {
      const where = event.cwd && event.cwd !== "." ? ` (in ${event.cwd})` : "";
      core.startGroup(
        `${event.checkpointId}: ${event.run}${where}${event.reused ? " (result reused)" : ""}`,
      );
      token = randomUUID();
      write(`::stop-commands::${token}\n`);
      echo = new CappedEcho(write, ECHO_HEAD_BYTES, ECHO_TAIL_BYTES);
    } else if (event.type === "output") {
      echo?.push(event.chunk);
    } else if (event.type === "command-end") {
      const left = echo?.end() ?? 0;
      echo = null;
      if (token) write(`::${token}::\n`);
      token = null;
      commandEnded(event.result, left);
    }
  };
}

/** The command's outcome line, and notices for what the log or the run left behind. */
function commandEnded(r: CommandResult, left: number): void {
  const run = r.run;
  const code = r.exitCode !== null ? `, exit code ${r.exitCode}` : "";
  core.info(
    `${r.status} in ${formatDuration(r.durationMs)}${code}${r.message ? `: ${r.message}` : ""}`,
  );
  core.endGroup();
  if (left > 0) {
    core.notice(
      `${left} bytes of the output of \`${run}\` were left out of the log (the first and the last MiB are shown); the report keeps its diagnostics and tail.`,
      { title: "dxfix: output cut" },
    );
  }
  if (r.status === "passed" && r.message && !r.reused) {
    core.warning(`\`${run}\` passed but left processes running: ${r.message}`, {
      title: "dxfix: leftover processes",
    });
  }
}

export function overallStatus(reports: Report[]): "passed" | "failed" | "pending" {
  if (reports.some((r) => r.status === "failed")) return "failed";
  if (reports.some((r) => r.status === "pending")) return "pending";
  return "passed";
}

/** The count outputs, each summed over the plans. */
const COUNT_OUTPUTS: ReadonlyArray<[string, (r: Report) => number]> = [
  ["requirements-verified", (r) => r.summary.requirements.verified],
  ["requirements-failing", (r) => r.summary.requirements.failing],
  ["requirements-pending", (r) => r.summary.requirements.pending],
  ["checkpoints-failed", (r) => r.summary.checkpoints.failed],
];

export function writeOutputs(
  reports: Report[],
  status: string,
  reportPath: string | null,
  matrix = "",
): void {
  core.setOutput("report", reportPath ?? "");
  core.setOutput("status", status);
  core.setOutput("matrix", matrix);
  for (const [name, pick] of COUNT_OUTPUTS) {
    core.setOutput(name, String(reports.reduce((n, r) => n + pick(r), 0)));
  }
}

export function writeReportFile(reports: Report[]): string {
  const dir = join(process.env.RUNNER_TEMP || tmpdir(), "dxfix");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${process.env.GITHUB_ACTION || "report"}.json`);
  // One plan: the report itself; several: an array of reports in plan order.
  writeFileSync(path, `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  return path;
}

/** Job summaries are capped at 1 MiB per step. */
const SUMMARY_LIMIT = 1_000_000;

export function writeSummary(parts: string[]): void {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info("GITHUB_STEP_SUMMARY is not set: no job summary written");
    return;
  }
  let text = parts.join("\n\n---\n\n");
  if (text.length > SUMMARY_LIMIT) {
    text = `${text.slice(0, SUMMARY_LIMIT - 200)}\n\n_… cut to fit the 1 MiB job summary limit; the JSON report output has everything._`;
  }
  // Appended directly: core.summary caches the file path for the life of the process.
  appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${text}\n`);
}
