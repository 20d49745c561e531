// The `comment-id` and `comment-url` outputs: the checklist comment written (or kept) for
// each plan in this run, one line per plan in plan order; unset when no comment was written.
import * as core from "@actions/core";

export interface CommentOutputs {
  add(comment: { id: number; url: string | null }): void;
}

export function commentOutputs(): CommentOutputs {
  const ids: string[] = [];
  const urls: string[] = [];
  return {
    add({ id, url }) {
      ids.push(String(id));
      urls.push(url ?? "");
      core.setOutput("comment-id", ids.join("\n"));
      core.setOutput("comment-url", urls.join("\n"));
    },
  };
}
