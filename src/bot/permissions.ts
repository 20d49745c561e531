// Who may command the bot: people with write, maintain or admin access to the repository,
// as GitHub's collaborator-permission API says (the rule is src/github/access.ts).
//
// A refusal is answered once per person, PR and window: twenty `/dxfix status` from a
// stranger used to cost sixty API calls and twenty replies mentioning them. The bot keeps
// no state, so the record is its own earlier refusal on the issue (a hidden notice marker,
// trusted only from the bot's login). A repeat now costs two calls (permission, comments)
// and no reply.
import { type Access, accessFrom, mayWrite } from "../github/access.ts";
import { hasNotice, noticeMarker } from "../github/markers.ts";
import type { IssueComment } from "../github/trust.ts";
import { collaboratorPermission, comment, listComments, type Repo } from "./github.ts";

export type { Access };

export async function accessOf(r: Repo, username: string): Promise<Access> {
  // null: not a collaborator (or no such user).
  return accessFrom(await collaboratorPermission(r, username));
}

export function mayCommand(access: Access): boolean {
  return mayWrite(access);
}

/** How long one refusal answers every further command of the same person on one issue. */
export const REFUSAL_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The notice key of refusals to `login` (logins are case-insensitive). */
function refusalKey(login: string): string {
  return `refused:${login.toLowerCase()}`;
}

export function refusal(login: string, access: Access): string {
  const has = access === "none" ? "no access" : `${access} access`;
  return `${noticeMarker(refusalKey(login))}\nThanks @${login}! dxfix only takes \`/dxfix\` commands from people with write access to this repository (you have ${has}), so nothing was done. A maintainer can run the command for you. Further commands from you here in the next 24 hours get no answer.`;
}

/** True when `comments` hold a refusal to `login` by one of `identities` within the window. */
export function refusedRecently(
  comments: readonly IssueComment[],
  login: string,
  identities: readonly string[],
  now: number,
): boolean {
  const recent = comments.filter((c) => {
    const at = Date.parse(c.created_at ?? "");
    return Number.isFinite(at) && now - at < REFUSAL_WINDOW_MS;
  });
  return hasNotice(recent, refusalKey(login), identities);
}

/** Tell `login` why nothing happens, unless the bot already did on this issue lately. */
export async function refuseOnce(
  r: Repo,
  issue: number,
  login: string,
  access: Access,
  now = Date.now(),
): Promise<boolean> {
  const comments = await listComments(r, issue);
  if (refusedRecently(comments, login, [await r.botLogin()], now)) {
    r.log.info(`${login} (${access} access) was already refused on #${issue}: not answering`);
    return false;
  }
  await comment(r, issue, refusal(login, access));
  return true;
}
