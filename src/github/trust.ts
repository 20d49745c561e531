// The one trust rule. A hidden marker means nothing on its own: anyone (a person, or any
// other bot or app) can paste one into a comment or a PR body. So dxfix reads hidden state
// only from what the expected identities wrote: the Action's report from
// `config.reportAuthors`, the bot's own markers from the bot's own login, the Action's
// living comment from its `comment-author`. Every such check goes through `trusted`.
import { sameLogin } from "./limits.ts";

/** Who wrote something, as GitHub returns it (`user` of a comment, a PR, a commit comment). */
export interface Author {
  login?: string | null;
  type?: string | null;
}

/** An issue, PR or commit comment as read back from GitHub. */
export interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
  created_at?: string;
  user?: Author | null;
}

/** True when `author` is one of `identities` (logins, compared as GitHub does: any case). */
export function trusted(author: Author | null | undefined, identities: readonly string[]): boolean {
  return identities.some((identity) => sameLogin(author?.login, identity));
}
