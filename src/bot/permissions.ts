// Who may command the bot: people with write, maintain or admin access to the repository,
// as GitHub's collaborator-permission API says. The API's `permission` folds maintain
// into write and triage into read, so the finer `role_name` is used when it is a
// built-in role; custom roles fall back to the base `permission` they extend.
import { collaboratorPermission, type Repo } from "./github.ts";

export type Access = "admin" | "maintain" | "write" | "triage" | "read" | "none";

const ROLES: readonly Access[] = ["admin", "maintain", "write", "triage", "read", "none"];
const OBEYED = new Set<Access>(["admin", "maintain", "write"]);

function asAccess(value: string): Access | null {
  return ROLES.find((role) => role === value) ?? null;
}

export async function accessOf(r: Repo, username: string): Promise<Access> {
  // null: not a collaborator (or no such user).
  const found = await collaboratorPermission(r, username);
  if (!found) return "none";
  return asAccess(found.role) ?? asAccess(found.permission) ?? "none";
}

export function mayCommand(access: Access): boolean {
  return OBEYED.has(access);
}

export function refusal(login: string, access: Access): string {
  const has = access === "none" ? "no access" : `${access} access`;
  return `Thanks @${login}! dxfix only takes \`/dxfix\` commands from people with write access to this repository (you have ${has}), so nothing was done. A maintainer can run the command for you.`;
}
