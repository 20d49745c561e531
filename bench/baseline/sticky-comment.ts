// The baseline for the start-up bench: what sticky-comment actions do (for example
// marocchino/sticky-pull-request-comment), with the same libraries dxfix uses: read the
// inputs and the event, find the comment carrying a header marker, update it or create it.
import * as core from "@actions/core";
import * as github from "@actions/github";

const HEADER = "<!-- sticky-comment-baseline -->";

const octokit = github.getOctokit(core.getInput("github-token", { required: true }));
const { owner, repo, number } = github.context.issue;
const body = `${HEADER}\n${core.getInput("message") || "baseline comment"}`;
const comments = await octokit.paginate(octokit.rest.issues.listComments, {
  owner,
  repo,
  issue_number: number,
  per_page: 100,
});
const mine = comments.find((c) => c.body?.includes(HEADER));
if (mine) {
  await octokit.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
} else {
  await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body });
}
core.setOutput("previous_comment_id", mine?.id ?? "");
