// Hidden state in comments. The checklist comment starts with a marker naming its plan,
// and carries the full JSON report for the bot, gzipped and base64-encoded so that no
// report content (e.g. a log line holding "-->") can close the HTML comment. A marker
// means nothing on its own: anyone can paste one, so only comments written by the
// expected identity are trusted.
import { gunzipSync, gzipSync } from "node:zlib";
import { parseReport, type Report } from "../report/schema.ts";

const CHECKLIST_RE = /^<!-- dxfix:checklist plan=(\S+) -->$/;
const REPORT_RE = /<!-- dxfix:report v1 ([A-Za-z0-9+/=]+) -->/;
/** A decompressed report larger than this is refused (a gzip bomb in a forged comment). */
const MAX_REPORT_BYTES = 16 * 1024 * 1024;

/** The first line of a checklist comment for the plan at `planPath` (repository-relative). */
export function checklistMarker(planPath: string): string {
  return `<!-- dxfix:checklist plan=${encodeURIComponent(planPath)} -->`;
}

const KEY_RE = /^<!-- dxfix:key ([0-9a-f]{8,64}) -->$/m;

/** A hidden line naming what a comment says, independent of timings (see contentKey). */
export function contentKeyLine(key: string): string {
  return `<!-- dxfix:key ${key} -->`;
}

/** The content key of a comment body, or null. */
export function findContentKey(body: string | null | undefined): string | null {
  return body ? (KEY_RE.exec(body)?.[1] ?? null) : null;
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
  const match = CHECKLIST_RE.exec(line);
  if (!match?.[1]) return null;
  try {
    return { kind: "checklist", plan: decodeURIComponent(match[1]), line };
  } catch {
    return null;
  }
}

/** The hidden block holding `report`; append it to the comment body. */
export function encodeReport(report: Report): string {
  const packed = gzipSync(Buffer.from(JSON.stringify(report)), { level: 9 }).toString("base64");
  return `<!-- dxfix:report v1 ${packed} -->`;
}

/** The report embedded in a comment body; null when absent or malformed in any way. */
export function extractReport(body: string | null | undefined): Report | null {
  if (!body) return null;
  const match = REPORT_RE.exec(body);
  if (!match?.[1]) return null;
  try {
    const json = gunzipSync(Buffer.from(match[1], "base64"), { maxOutputLength: MAX_REPORT_BYTES });
    return parseReport(JSON.parse(json.toString("utf8")));
  } catch {
    return null;
  }
}

export interface CommentAuthor {
  user?: { login?: string | null; type?: string | null } | null;
}

/** Default identity of the workflow's GITHUB_TOKEN when it writes comments. */
export const ACTIONS_BOT = "github-actions[bot]";

/**
 * Whether a comment was written by `identity` (a login such as "github-actions[bot]"
 * or "my-app[bot]"). Logins are case-insensitive on GitHub.
 */
export function isTrustedAuthor(comment: CommentAuthor, identity: string): boolean {
  const login = comment.user?.login;
  if (!login || !identity) return false;
  return login.toLowerCase() === identity.trim().toLowerCase();
}
