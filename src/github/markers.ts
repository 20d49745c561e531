// Every hidden marker dxfix writes on GitHub, in one place: the Action's checklist comment
// (first-line marker, content key, the embedded report) and the bot's own state (the PR
// marker in a PR body, one failure comment per head commit, one-off notices). GitHub is
// the only store, so these are how a later event, or a redelivered one, knows what was
// done. Writing and reading are pure; whether a marker counts depends on who wrote it,
// and the readers that take `identities` decide that with the one trust rule (trust.ts).
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { parseReport, type Report } from "../report/schema.ts";
import { type Author, type IssueComment, trusted } from "./trust.ts";

// ---- the Action's checklist comment ----------------------------------------------------

const CHECKLIST_RE = /^<!-- dxfix:checklist plan=(?<plan>\S+) -->$/;
const REPORT_RE = /<!-- dxfix:report v1 (?<packed>[A-Za-z0-9+/=]+) -->/;
const KEY_RE = /^<!-- dxfix:key (?<key>[0-9a-f]{8,64}) -->$/m;
/** A decompressed report larger than this is refused (a gzip bomb in a forged comment). */
const MAX_REPORT_BYTES = 16 * 1024 * 1024;

/** The first line of a checklist comment for the plan at `planPath` (repository-relative). */
export function checklistMarker(planPath: string): string {
  return `<!-- dxfix:checklist plan=${encodeURIComponent(planPath)} -->`;
}

export interface Marker {
  kind: "checklist";
  /** The plan path the comment belongs to. */
  plan: string;
  /** The marker line exactly as written. */
  line: string;
}

/** The checklist marker on the first line of a comment body, or null. */
export function findMarker(body: string | null | undefined): Marker | null {
  if (!body) return null;
  const line = body.split(/\r?\n/, 1)[0]?.trim() ?? "";
  const plan = CHECKLIST_RE.exec(line)?.groups?.plan;
  if (!plan) return null;
  try {
    return { kind: "checklist", plan: decodeURIComponent(plan), line };
  } catch {
    return null;
  }
}

/**
 * What a report says, as outcomes only: statuses, errors, failing tests and why each
 * criterion has its status, with lists sorted. Not timings, timestamps, log tails or the
 * order a test runner finished its tests in: two runs with the same key would post the
 * same news, so the comment is not rewritten.
 */
export function contentKey(report: Report): string {
  const sorted = (xs: string[]) => [...xs].sort();
  const outcome = {
    tool: report.tool.version,
    plan: report.plan.path,
    commit: report.commit?.sha ?? null,
    status: report.status,
    checkpoints: report.checkpoints.map((c) => [
      c.id,
      c.status,
      c.commands.map((m) => [
        m.run,
        m.cwd,
        m.status,
        m.exitCode,
        m.errors,
        m.warnings,
        m.message,
        sorted(m.diagnostics.map((d) => JSON.stringify(d))),
        m.tests && [m.tests.passed, m.tests.failed, m.tests.ignored, sorted(m.tests.failures)],
      ]),
    ]),
    properties: report.properties.map((p) => [
      p.id,
      p.status,
      sorted(p.tests.map((t) => `${t.status} ${t.name}`)),
    ]),
    requirements: report.requirements.map((r) => [r.id, r.status, r.reason ?? null]),
    titles: report.requirementTitles ?? null,
    trend: report.trend ?? null,
  };
  return createHash("sha256").update(JSON.stringify(outcome)).digest("hex").slice(0, 24);
}

/** A hidden line naming what a comment says, independent of timings (see contentKey). */
export function contentKeyLine(key: string): string {
  return `<!-- dxfix:key ${key} -->`;
}

/** The content key of a comment body (its second line, where we write it), or null. */
export function findContentKey(body: string | null | undefined): string | null {
  const line = body?.split("\n", 2)[1]?.trim();
  return line ? (KEY_RE.exec(line)?.groups?.key ?? null) : null;
}

/**
 * The hidden block holding `report`; append it to the comment body. Gzipped and base64:
 * no report content (e.g. a log line holding "-->") can close the HTML comment.
 */
export function encodeReport(report: Report): string {
  const packed = gzipSync(Buffer.from(JSON.stringify(report)), { level: 9 }).toString("base64");
  return `<!-- dxfix:report v1 ${packed} -->`;
}

/**
 * The report embedded in a comment body; null when absent or malformed in any way. Ours
 * is the last block of the body: a look-alike earlier in it (a log line) never counts.
 */
export function extractReport(body: string | null | undefined): Report | null {
  if (!body) return null;
  const at = body.lastIndexOf("<!-- dxfix:report v1 ");
  const packed = at < 0 ? undefined : REPORT_RE.exec(body.slice(at))?.groups?.packed;
  if (!packed) return null;
  try {
    const json = gunzipSync(Buffer.from(packed, "base64"), { maxOutputLength: MAX_REPORT_BYTES });
    return parseReport(JSON.parse(json.toString("utf8")));
  } catch {
    return null;
  }
}

// ---- the bot's own state ---------------------------------------------------------------

/** The state of a dxfix PR, kept in its body. */
export interface PrState {
  spec: string;
  group: string;
  /** Path of the plan (tasks.md) in the repository. */
  plan: string;
}

// The JSON stops at the next marker opening: an unbounded `.*?` rescanned the rest of the
// line from every `<!-- dxfix:pr {` in a body full of them (quadratic).
const PR_RE = /<!-- dxfix:pr (?<json>\{(?:(?!<!-- dxfix:pr ).)*?\}) -->/;
const FAILURE_RE = /<!-- dxfix:failure (?<sha>[0-9a-f]{7,64}) -->/;
const NOTICE_RE = /<!-- dxfix:notice (?<key>[\w.:/-]+) -->/;

export function prMarker(state: PrState): string {
  // `--` would end the HTML comment early: escape it inside the JSON.
  const json = JSON.stringify({ spec: state.spec, group: state.group, plan: state.plan });
  return `<!-- dxfix:pr ${json.replaceAll("--", "\\u002d\\u002d")} -->`;
}

/** The PR marker in a body, whoever wrote it: see dxfixPrState for the trusted reading. */
export function readPrMarker(body: string | null | undefined): PrState | null {
  const json = PR_RE.exec(body ?? "")?.groups?.json;
  if (!json) return null;
  try {
    const { spec, group, plan } = JSON.parse(json) as Record<string, unknown>;
    if (typeof spec !== "string" || typeof group !== "string" || typeof plan !== "string") {
      return null;
    }
    return { spec, group, plan };
  } catch {
    return null;
  }
}

/**
 * The state of a dxfix PR: its marker counts only in a PR opened by one of `identities`
 * (the bot). Anyone can paste the marker into a PR of their own, another app included;
 * the bot must not treat that PR as its own.
 */
export function dxfixPrState(
  pull: { body: string | null | undefined; author?: Author | null },
  identities: readonly string[],
): PrState | null {
  return trusted(pull.author, identities) ? readPrMarker(pull.body) : null;
}

/** Marks the one failure comment for a head commit. */
export function failureMarker(sha: string): string {
  return `<!-- dxfix:failure ${sha} -->`;
}

export function readFailureMarker(body: string | null | undefined): string | null {
  return FAILURE_RE.exec(body ?? "")?.groups?.sha ?? null;
}

/** True when one of `identities` already posted the failure comment for `sha`. */
export function hasFailureComment(
  comments: readonly IssueComment[],
  sha: string,
  identities: readonly string[],
): boolean {
  return comments.some((c) => trusted(c.user, identities) && readFailureMarker(c.body) === sha);
}

const noticeKey = (key: string) => key.replace(/[^\w.:/-]/g, "_");

/** Marks a one-off notice (e.g. a bad config for one commit) so it is posted once. */
export function noticeMarker(key: string): string {
  return `<!-- dxfix:notice ${noticeKey(key)} -->`;
}

function hasNoticeMarker(body: string | null | undefined, key: string): boolean {
  return NOTICE_RE.exec(body ?? "")?.groups?.key === noticeKey(key);
}

/** True when one of `identities` already posted the notice `key`. */
export function hasNotice(
  comments: readonly IssueComment[],
  key: string,
  identities: readonly string[],
): boolean {
  return comments.some((c) => trusted(c.user, identities) && hasNoticeMarker(c.body, key));
}

// ---- the fix Action's log --------------------------------------------------------------

/** What one fix run did, kept in its log comment for the bot's question and `/dxfix status`. */
export interface FixLog {
  run: number;
  plan: string;
  group: string;
  status: string;
  passed: boolean;
  /** The fix commit, or null when nothing was committed. */
  commit: string | null;
  /** The PR head the run started from. */
  base: string;
  attempts: {
    attempt: number;
    fixer: string;
    changedFiles: number;
    refused: string[];
    gates: Record<string, string>;
  }[];
  stop: string;
  stat: string;
  edits: string[];
  /** The last lines the fixer printed (its question, when it asks one). */
  said: string;
}

const FIXER_WORDS: Record<string, string> = {
  passed: "exited 0",
  failed: "exited non-zero",
  timeout: "timed out",
  error: "could not start",
};

/** How a fixer attempt ended, in words (a fix log keeps the process status). */
export function fixerWords(status: string): string {
  return FIXER_WORDS[status] ?? status;
}

const FIX_RE = /<!-- dxfix:fix v1 (?<packed>[A-Za-z0-9+/=]{1,200000}) -->/;

/** The hidden block holding a fix log (base64 JSON: no log text can close the comment). */
export function encodeFixLog(log: FixLog): string {
  return `<!-- dxfix:fix v1 ${Buffer.from(JSON.stringify(log)).toString("base64")} -->`;
}

/** The fix log in a comment body; null when absent or malformed. */
export function extractFixLog(body: string | null | undefined): FixLog | null {
  const packed = FIX_RE.exec(body ?? "")?.groups?.packed;
  if (!packed) return null;
  try {
    const log = JSON.parse(Buffer.from(packed, "base64").toString("utf8")) as FixLog;
    const ok =
      typeof log.run === "number" &&
      typeof log.group === "string" &&
      typeof log.status === "string" &&
      Array.isArray(log.attempts);
    return ok ? log : null;
  } catch {
    return null;
  }
}

/** The newest fix log on a PR written by one of `identities`. */
export function latestFixLog(
  comments: readonly IssueComment[],
  identities: readonly string[],
): FixLog | null {
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i];
    if (!c || !trusted(c.user, identities)) continue;
    const log = extractFixLog(c.body);
    if (log) return log;
  }
  return null;
}
