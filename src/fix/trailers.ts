// Commit trailers are the fixer's memory: each fix commit names its group, run and
// attempt, and credits the people whose guidance it followed. The bot keeps no
// database; the budget of fix runs per PR is counted from these trailers.

export interface Credit {
  login: string;
  /** GitHub's numeric user id, for the noreply address that links the commit to them. */
  id: number | null;
}

export interface FixCommit {
  planPath: string;
  groupId: string;
  groupTitle: string;
  /** Which fix run of this PR (1-based): one run makes at most one commit. */
  run: number;
  attempt: number;
  fixer: string;
  summary: string[];
  credits: Credit[];
}

export const TRAILER = {
  group: "Dxfix-Group",
  plan: "Dxfix-Plan",
  run: "Dxfix-Run",
  attempt: "Dxfix-Attempt",
  fixer: "Dxfix-Fixer",
} as const;

function noreply(c: Credit): string {
  const local = c.id !== null ? `${c.id}+${c.login}` : c.login;
  return `${c.login} <${local}@users.noreply.github.com>`;
}

/** One line, no trailer-breaking characters. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ").trim();
}

export function fixCommitMessage(c: FixCommit): string {
  const subject = oneLine(`dxfix: task group ${c.groupId} (${c.groupTitle}), attempt ${c.attempt}`);
  const trailers = [
    `${TRAILER.group}: ${oneLine(c.groupId)}`,
    `${TRAILER.plan}: ${oneLine(c.planPath)}`,
    `${TRAILER.run}: ${c.run}`,
    `${TRAILER.attempt}: ${c.attempt}`,
    `${TRAILER.fixer}: ${oneLine(c.fixer)}`,
    ...c.credits.map((credit) => `Co-authored-by: ${noreply(credit)}`),
  ];
  const body = c.summary.map(oneLine).filter(Boolean);
  return [subject, "", ...(body.length ? [...body, ""] : []), ...trailers, ""].join("\n");
}

/** The trailers of a commit message (the last paragraph of `Key: value` lines). */
export function parseTrailers(message: string): Map<string, string[]> {
  const paragraphs = message
    .replace(/\r\n?/g, "\n")
    .trimEnd()
    .split(/\n{2,}/);
  const last = paragraphs.length > 1 ? (paragraphs.at(-1) ?? "") : "";
  const trailers = new Map<string, string[]>();
  for (const line of last.split("\n")) {
    const m = /^([A-Za-z][A-Za-z0-9-]{0,63}):[ \t]?(.*)$/.exec(line);
    if (!m) return new Map(); // not a trailer block
    const key = (m[1] ?? "").toLowerCase();
    trailers.set(key, [...(trailers.get(key) ?? []), (m[2] ?? "").trim()]);
  }
  return trailers;
}

/** Distinct fix runs recorded in these commit messages (for one PR), and the highest. */
export function fixRunsIn(messages: readonly string[]): { count: number; last: number } {
  const runs = new Set<number>();
  for (const message of messages) {
    const value = parseTrailers(message).get(TRAILER.run.toLowerCase())?.[0];
    const n = Number(value);
    if (Number.isInteger(n) && n > 0) runs.add(n);
  }
  return { count: runs.size, last: Math.max(0, ...runs) };
}
