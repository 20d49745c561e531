// Links from the comment to GitHub: the commit a report reflects and the line of code a
// diagnostic names, at that commit. Built only from a repository URL we trust the shape
// of (the workflow run's), never from report text.

/** `url` when it is a plain http(s) URL, with characters that could end a link encoded. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url || !/^https?:\/\/[^\s]+$/.test(url)) return null;
  return url.replace(/[()<>"'`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `https://github.com/o/r` from a workflow run URL (`…/o/r/actions/runs/42`), or null. */
export function repoUrlOf(runUrl: string | null | undefined): string | null {
  const url = safeUrl(runUrl);
  if (!url) return null;
  const at = url.indexOf("/actions/runs/");
  if (at < 0) return null;
  const repo = url.slice(0, at);
  // scheme://host/owner/repo: exactly two path segments after the host.
  return /^https?:\/\/[^/]+\/[^/]+\/[^/]+$/.test(repo) ? repo : null;
}

export function commitUrl(repo: string, sha: string): string | null {
  return /^[0-9a-f]{7,64}$/.test(sha) ? `${repo}/commit/${sha}` : null;
}

/** The line `line` of repository file `file` at commit `sha`; null for paths outside it. */
export function blobUrl(
  repo: string,
  sha: string,
  file: string,
  line: number | null,
): string | null {
  if (!/^[0-9a-f]{7,64}$/.test(sha)) return null;
  if (file.startsWith("/") || file.split("/").includes("..")) return null;
  const path = file.split("/").map(encodeURIComponent).join("/");
  return safeUrl(`${repo}/blob/${sha}/${path}${line !== null ? `#L${line}` : ""}`);
}

/** First 7 characters of a commit SHA. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
