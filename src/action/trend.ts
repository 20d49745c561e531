// How the PR moved from push to push: the previous report's trend (from the living
// comment) plus this push, the last ten kept so the embedded report stays small.
import type { Report, TrendPoint } from "../report/schema.ts";

export const TREND_LENGTH = 10;

/** This report's point: errors, failing tests (each command counted once), verified criteria. */
export function trendPoint(report: Report): TrendPoint {
  const commands = report.checkpoints.flatMap((c) => c.commands).filter((c) => !c.reused);
  return {
    sha: report.commit?.sha ?? "unknown",
    errors: report.summary.errors,
    failingTests: commands.reduce((n, c) => n + (c.tests?.failed ?? 0), 0),
    verified: report.summary.requirements.verified,
  };
}

/**
 * The trend to store with `report`: a re-run of the same commit replaces its point. A
 * report that names no commit has no place in it (undefined: no trend).
 */
export function nextTrend(previous: Report | null, report: Report): TrendPoint[] | undefined {
  if (!report.commit) return previous?.trend;
  const point = trendPoint(report);
  const earlier = (previous?.trend ?? []).filter((p) => p.sha !== point.sha);
  return [...earlier, point].slice(-TREND_LENGTH);
}
