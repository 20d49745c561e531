// A PR's commits (their messages and dates), for the bot and the fix action alike: the
// fix-run budget and the guidance window are both read from the fix commits' trailers.
// Typed by the one route it uses, so either edge's Octokit can call it.

export interface PullCommit {
  message: string;
  date: string | null;
}

interface Paginates {
  paginate(
    route: "GET /repos/{owner}/{repo}/pulls/{pull_number}/commits",
    params: { owner: string; repo: string; pull_number: number; per_page: number },
  ): Promise<{ commit: { message: string; committer?: { date?: string } | null } }[]>;
}

/** The PR's commits, oldest first (GitHub lists at most 250). */
export async function pullCommits(
  octokit: Paginates,
  where: { owner: string; repo: string },
  number: number,
): Promise<PullCommit[]> {
  const commits = await octokit.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", {
    owner: where.owner,
    repo: where.repo,
    pull_number: number,
    per_page: 100,
  });
  return commits.map((c) => ({
    message: c.commit.message,
    date: c.commit.committer?.date ?? null,
  }));
}
