// GitHub's own limits and defaults that more than one edge relies on.

/** GitHub rejects an issue or PR comment (and a PR body) longer than this, in characters. */
export const COMMENT_LIMIT = 65_536;

/** Login of the workflow's GITHUB_TOKEN when it writes comments. */
export const ACTIONS_BOT = "github-actions[bot]";

/**
 * A GitHub login as GitHub writes it: letters, digits and single dashes inside, at most
 * 39 characters; apps end in `[bot]`. Anchored and without nested quantifiers: linear.
 */
export const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?(?:\[bot\])?$/;

export function isLogin(value: string): boolean {
  return LOGIN_PATTERN.test(value);
}

/** Logins are case-insensitive on GitHub. */
export function sameLogin(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** True for an account that is an app or bot (GitHub's `type`, or the `[bot]` suffix). */
export function isBotAccount(user: { login: string; type?: string | null } | null | undefined) {
  if (!user) return false;
  return user.type === "Bot" || user.login.endsWith("[bot]");
}
