// Configuration the Probot way (`context.config("dxfix.yml")` reads `.github/dxfix.yml`
// from the default branch, with the organisation's `.github` repository and `_extends`),
// then validated with the shared schema. A bad file is returned as a readable message
// with every error's line and column; callers show it where the user will see it, once: the notice
// carries a hidden marker, and only the bot's own notices count as already posted.
import { createHash } from "node:crypto";
import type { Context } from "probot";
import {
  CONFIG_PATH,
  type DxfixConfig,
  formatConfigErrors,
  parseConfig,
  validateConfig,
} from "../config.ts";
import { messageOf, statusOf } from "../errors.ts";
import { hasNotice, noticeMarker } from "../github/markers.ts";
import {
  comment,
  commentOnCommit,
  listComments,
  listCommitComments,
  type Repo,
  readConfigFile,
  readRawFile,
} from "./github.ts";

export type LoadedConfig = { config: DxfixConfig } | { error: string };

export async function loadConfig(context: Context, r: Repo): Promise<LoadedConfig> {
  let value: unknown;
  try {
    value = await readConfigFile(context);
  } catch (error) {
    if (statusOf(error) !== null) throw error;
    // The plugin's YAML error has no position: parse the text ourselves for one.
    return { error: await positioned(r, messageOf(error)) };
  }
  const result = validateConfig(value, CONFIG_PATH);
  if ("config" in result) return result;
  return { error: await positioned(r, formatConfigErrors(CONFIG_PATH, result.errors)) };
}

/** Re-read the repository's own file to point at the line; fall back to the given message. */
async function positioned(r: Repo, fallback: string): Promise<string> {
  try {
    const text = await readRawFile(r, CONFIG_PATH);
    if (text !== null) {
      const parsed = parseConfig(text, CONFIG_PATH);
      if ("errors" in parsed) return formatConfigErrors(CONFIG_PATH, parsed.errors);
    }
  } catch (error) {
    r.log.debug({ err: error }, "could not re-read the configuration for a position");
  }
  return fallback;
}

function configErrorBody(message: string): string {
  return [
    `dxfix could not use its configuration, so it did nothing for this event:`,
    "",
    "```",
    message,
    "```",
    "",
    "Fix `.github/dxfix.yml` on the default branch (see the dxfix configuration docs); every key is optional.",
  ].join("\n");
}

function key(message: string): string {
  return `config-${createHash("sha256").update(message).digest("hex").slice(0, 16)}`;
}

/** Comment a config error on an issue or PR, once per distinct error. */
export async function reportConfigOnIssue(r: Repo, issue: number, message: string): Promise<void> {
  const k = key(message);
  const existing = await listComments(r, issue);
  if (hasNotice(existing, k, [await r.botLogin()])) return;
  await comment(r, issue, `${noticeMarker(k)}\n${configErrorBody(message)}`);
}

/** Comment a config error on a commit (push events have no issue), once per commit. */
export async function reportConfigOnCommit(r: Repo, sha: string, message: string): Promise<void> {
  const k = key(message);
  const existing = await listCommitComments(r, sha);
  if (hasNotice(existing, k, [await r.botLogin()])) return;
  await commentOnCommit(r, sha, `${noticeMarker(k)}\n${configErrorBody(message)}`);
}
