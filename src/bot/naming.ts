// Names the bot derives from a plan: spec name, branch, PR title. Pure.
import { posix } from "node:path";

/** The spec a plan belongs to: the folder holding tasks.md (`.kiro/specs/<spec>/tasks.md`). */
export function specOf(planPath: string): string {
  const dir = posix.basename(posix.dirname(planPath));
  return dir === "" || dir === "." ? posix.basename(planPath, ".md") : dir;
}

/** A branch-safe slug of a title: lower-case ASCII words joined by dashes, at most 40 chars. */
export function slug(title: string): string {
  const words = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (words.length <= 40) return words || "group";
  const cut = words.slice(0, 40);
  if (words[40] === "-") return cut;
  const lastDash = cut.lastIndexOf("-");
  return lastDash > 10 ? cut.slice(0, lastDash) : cut.replace(/-+$/, "");
}

function refSafe(s: string): string {
  const t = s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/\.{2,}/g, ".");
  // Trimmed by hand: `[.-]+$` retried from every position of a long inner run of dashes.
  const dotOrDash = (c: string | undefined) => c === "." || c === "-";
  let start = 0;
  let end = t.length;
  while (start < end && dotOrDash(t[start])) start++;
  while (end > start && dotOrDash(t[end - 1])) end--;
  return t.slice(start, end) || "spec";
}

/** `dxfix/<spec>/<N>-<slug>`. */
export function branchName(prefix: string, spec: string, groupId: string, title: string): string {
  const p = prefix.endsWith("/") || prefix === "" ? prefix : `${prefix}/`;
  return `${p}${refSafe(spec)}/${refSafe(groupId)}-${slug(title)}`;
}

/** The prefix every branch of one group shares, whatever its title became: `dxfix/<spec>/<N>-`. */
export function groupBranchPrefix(prefix: string, spec: string, groupId: string): string {
  return `${specBranchPrefix(prefix, spec)}${refSafe(groupId)}-`;
}

/** The prefix every branch of a spec shares. */
function specBranchPrefix(prefix: string, spec: string): string {
  const p = prefix.endsWith("/") || prefix === "" ? prefix : `${prefix}/`;
  return `${p}${refSafe(spec)}/`;
}

/** `<spec>: <N>. <group title>`. */
export function prTitle(spec: string, groupId: string, title: string): string {
  return `${spec}: ${groupId}. ${title}`;
}

/** `dxfix/<spec>/progress-<short sha>`: one progress PR per default-branch head. */
export function progressBranch(prefix: string, spec: string, base: string): string {
  return `${specBranchPrefix(prefix, spec)}progress-${base.slice(0, 7)}`;
}
