// Hidden state the bot leaves in what it writes on GitHub (PR bodies, comments). GitHub
// is the bot's only store: these markers are how a later event, or a redelivered one,
// knows what has already been done.
import { byBot } from "./github.ts";

/** The state of a dxfix PR, kept in its body. */
export interface PrState {
  spec: string;
  group: string;
  /** Path of the plan (tasks.md) in the repository. */
  plan: string;
}

const PR_MARKER = /<!-- dxfix:pr (\{.*?\}) -->/;
const FAILURE_MARKER = /<!-- dxfix:failure ([0-9a-f]{7,64}) -->/;
const NOTICE_MARKER = /<!-- dxfix:notice ([\w.:/-]+) -->/;

export function prMarker(state: PrState): string {
  // `--` would end the HTML comment early: escape it inside the JSON.
  const json = JSON.stringify({ spec: state.spec, group: state.group, plan: state.plan });
  return `<!-- dxfix:pr ${json.replaceAll("--", "\\u002d\\u002d")} -->`;
}

export function readPrMarker(body: string | null | undefined): PrState | null {
  const m = PR_MARKER.exec(body ?? "");
  if (!m) return null;
  try {
    const value = JSON.parse(m[1]!) as Record<string, unknown>;
    const { spec, group, plan } = value;
    if (typeof spec !== "string" || typeof group !== "string" || typeof plan !== "string") {
      return null;
    }
    return { spec, group, plan };
  } catch {
    return null;
  }
}

/** Marks the one failure comment for a head commit. */
export function failureMarker(sha: string): string {
  return `<!-- dxfix:failure ${sha} -->`;
}

export function readFailureMarker(body: string | null | undefined): string | null {
  return FAILURE_MARKER.exec(body ?? "")?.[1] ?? null;
}

/** Marks a one-off notice (e.g. a bad config for one commit) so it is posted once. */
export function noticeMarker(key: string): string {
  return `<!-- dxfix:notice ${key.replace(/[^\w.:/-]/g, "_")} -->`;
}

export function hasNoticeMarker(body: string | null | undefined, key: string): boolean {
  const m = NOTICE_MARKER.exec(body ?? "");
  return m !== null && m[1] === key.replace(/[^\w.:/-]/g, "_");
}

/**
 * The state of a dxfix PR: its marker counts only in a PR a bot opened. Anyone can
 * paste the marker into a PR of their own; the bot must not treat that PR as its own.
 */
export function dxfixPrState(pull: {
  body: string | null | undefined;
  author?: { login: string; type?: string } | null;
}): PrState | null {
  return byBot(pull.author) ? readPrMarker(pull.body) : null;
}
