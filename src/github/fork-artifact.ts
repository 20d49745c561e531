// The artifact a fork PR's run leaves for the bot: the token of a fork's workflow cannot
// comment, so the Action uploads its reports and the bot (on workflow_run) posts them.
// The bot reads it as untrusted input: size-capped, schema-validated, and only for the PR
// whose head is the run's head commit.
import * as z from "zod";
import { parseReport, type Report } from "../report/schema.ts";

export const FORK_ARTIFACT = "dxfix-fork-report";
export const FORK_FILE = "dxfix-fork-report.json";
/** The most the artifact's zip, and its JSON once inflated, may weigh. */
export const FORK_ZIP_LIMIT = 2 * 1024 * 1024;
export const FORK_JSON_LIMIT = 8 * 1024 * 1024;

const Envelope = z.object({
  v: z.literal(1),
  pr: z.number().int().positive(),
  plans: z
    .array(
      z.object({
        /** The plan's repository path: names its living comment. */
        path: z.string().min(1).max(300),
        report: z.unknown(),
      }),
    )
    .min(1)
    .max(20),
});

export interface ForkReports {
  pr: number;
  plans: Array<{ path: string; report: Report }>;
}

export function encodeForkReports(value: ForkReports): string {
  return JSON.stringify({ v: 1, ...value });
}

/** Validates the artifact's JSON; throws a one-line reason when it is not ours. */
export function parseForkReports(text: string): ForkReports {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error("the fork report artifact is not JSON");
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) throw new Error("the fork report artifact is not a dxfix fork report");
  const plans = envelope.data.plans.map((p) => ({ path: p.path, report: parseReport(p.report) }));
  return { pr: envelope.data.pr, plans };
}
