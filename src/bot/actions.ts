// Run the dxfix app inside a GitHub Actions job, so a repository can use the bot without
// hosting anything: the event comes from GITHUB_EVENT_NAME / GITHUB_EVENT_PATH and the
// token from GITHUB_TOKEN (or DXFIX_TOKEN: an App or fine-grained token, whose commits
// and PRs do trigger workflows, unlike the workflow token's). The bot's own login is the
// token's: `github-actions[bot]` for the workflow token, DXFIX_BOT_LOGIN for any other.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Probot, ProbotOctokit } from "probot";
import { messageOf } from "../errors.ts";
import { ACTIONS_BOT } from "../github/limits.ts";
import { createDxfixApp } from "./app.ts";
import { BOT_LOGIN_ENV, fixedLogin, loginFromEnv } from "./identity.ts";
import { timeoutFromEnv, withRequestTimeout } from "./octokit.ts";

export interface ActionsEnv {
  [key: string]: string | undefined;
}

/** Who the job's token writes as: only the workflow token's login is known in advance. */
function tokenLogin(env: ActionsEnv): string {
  const explicit = loginFromEnv(env);
  if (explicit) return explicit;
  if (env.DXFIX_TOKEN) {
    throw new Error(
      `DXFIX_TOKEN is set: also set ${BOT_LOGIN_ENV} to the login it writes as (for an App token from actions/create-github-app-token: "\${{ steps.<id>.outputs.app-slug }}[bot]")`,
    );
  }
  return ACTIONS_BOT;
}

/** Receive the job's event with the app; returns the event name handled. */
export async function runInActions(
  env: ActionsEnv = process.env,
  Octokit = ProbotOctokit,
): Promise<string> {
  const name = env.GITHUB_EVENT_NAME;
  const path = env.GITHUB_EVENT_PATH;
  const token = env.DXFIX_TOKEN || env.GITHUB_TOKEN;
  if (!name || !path)
    throw new Error(
      "GITHUB_EVENT_NAME and GITHUB_EVENT_PATH must be set (run this inside a GitHub Actions job)",
    );
  if (!token)
    throw new Error(
      "no token: set GITHUB_TOKEN (the workflow token) or DXFIX_TOKEN in the step env",
    );
  const botLogin = fixedLogin(tokenLogin(env));
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`cannot read the event payload at ${path}: ${messageOf(error)}`);
  }
  const probot = new Probot({
    githubToken: token,
    Octokit: withRequestTimeout(Octokit, timeoutFromEnv(env)),
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
    logLevel: (env.LOG_LEVEL as "info" | undefined) ?? "info",
  });
  await probot.load(createDxfixApp({ botLogin }));
  const id = env.GITHUB_RUN_ID
    ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? 1}`
    : randomUUID();
  await probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
  return name;
}

if (import.meta.main) {
  try {
    const name = await runInActions();
    console.log(`dxfix bot handled ${name}`);
  } catch (error) {
    console.error(`::error::dxfix bot: ${messageOf(error)}`);
    process.exitCode = 1;
  }
}
