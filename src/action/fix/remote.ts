// Fetching the PR branch and pushing the fix commit, with the Action's token given to git
// for that one command only (never written to .git/config, so the fixer never sees it).
// A push is never forced: when the branch moved while the fixer ran, nothing is pushed.
import { git } from "../../fix/git.ts";

/** `-c http.extraheader=...` for one git command against GitHub. */
function auth(token: string): string[] {
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return ["-c", `http.extraheader=AUTHORIZATION: basic ${basic}`];
}

/** Checks out `branch` as it is on the remote; returns its head sha. */
export async function checkoutBranch(root: string, token: string, branch: string): Promise<string> {
  await git(root, [
    ...auth(token),
    "fetch",
    "--no-tags",
    "origin",
    `+refs/heads/${branch}:refs/remotes/origin/${branch}`,
  ]);
  await git(root, ["checkout", "-q", "-B", branch, `refs/remotes/origin/${branch}`]);
  return (await git(root, ["rev-parse", "HEAD"])).trim();
}

export type PushResult = { pushed: true } | { pushed: false; reason: string };

/** Pushes HEAD to `branch` as a fast-forward; rejected when the branch moved meanwhile. */
export async function pushBranch(root: string, token: string, branch: string): Promise<PushResult> {
  try {
    await git(root, [...auth(token), "push", "--porcelain", "origin", `HEAD:refs/heads/${branch}`]);
    return { pushed: true };
  } catch (error) {
    return { pushed: false, reason: (error as Error).message };
  }
}
