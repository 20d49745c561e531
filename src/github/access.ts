// Who counts as having write access, from GitHub's collaborator-permission answer. The
// API's `permission` folds maintain into write and triage into read, so the finer
// `role_name` is used when it is a built-in role; custom roles fall back to the base
// `permission` they extend. Shared by the bot (who may command it) and the fix action
// (whose comments are guidance).

export type Access = "admin" | "maintain" | "write" | "triage" | "read" | "none";

const ROLES: readonly Access[] = ["admin", "maintain", "write", "triage", "read", "none"];
const WRITERS = new Set<Access>(["admin", "maintain", "write"]);

function asAccess(value: string): Access | null {
  return ROLES.find((role) => role === value) ?? null;
}

/** The access a collaborator-permission answer grants; null (not a collaborator): none. */
export function accessFrom(found: { role: string; permission: string } | null): Access {
  if (!found) return "none";
  return asAccess(found.role) ?? asAccess(found.permission) ?? "none";
}

/** Write, maintain or admin: may command the bot and guide the fixer. */
export function mayWrite(access: Access): boolean {
  return WRITERS.has(access);
}
