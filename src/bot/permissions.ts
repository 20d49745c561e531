// Who may command the bot: people with write, maintain or admin access to the repository,
// as GitHub's collaborator-permission API says. The API's `permission` folds maintain
// into write and triage into read, so the finer `role_name` is used when it is a
// built-in role; custom roles fall back to the base `permission` they extend.
import { type Repo, statusOf } from "./github.ts";

export type Access = "admin" | "maintain" | "write" | "triage" | "read" | "none";

const ROLES = new Set<Access>(["admin", "maintain", "write", "triage", "read", "none"]);
const OBEYED = new Set<Access>(["admin", "maintain", "write"]);

export async function accessOf(r: Repo, username: string): Promise<Access> {
  try {
    const { data } = await r.octokit.request(
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      { owner: r.owner, repo: r.repo, username },
    );
    const role = data.role_name as Access;
    if (ROLES.has(role)) return role;
    const base = data.permission as Access;
    return ROLES.has(base) ? base : "none";
  } catch (error) {
    // 404: not a collaborator (or no such user).
    if (statusOf(error) === 404) return "none";
    throw error;
  }
}

export function mayCommand(access: Access): boolean {
  return OBEYED.has(access);
}

export function refusal(login: string, access: Access): string {
  const has = access === "none" ? "no access" : `${access} access`;
  return `Thanks @${login}! dxfix only takes \`/dxfix\` commands from people with write access to this repository (you have ${has}), so nothing was done. A maintainer can run the command for you.`;
}
