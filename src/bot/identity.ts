// Who the bot is: the login its PRs and comments are written as. Its hidden state (the PR
// marker, failure and notice markers) counts only when written by this login, so another
// bot or app cannot forge it. Learned once per loaded app (one per process), without a
// database:
//   1. `DXFIX_BOT_LOGIN` when set (tests, GitHub Enterprise setups, unusual tokens);
//   2. otherwise the App's own slug from `GET /app` (app authentication): `<slug>[bot]`.
// The GitHub Actions adapter passes the token's identity instead (see actions.ts).
import type { Probot } from "probot";
import { messageOf } from "../errors.ts";
import { isLogin } from "../github/limits.ts";
import { appSlug, type BotLogin } from "./github.ts";

export const BOT_LOGIN_ENV = "DXFIX_BOT_LOGIN";

/** A login from the environment, checked: a typo would silently distrust every marker. */
export function loginFromEnv(env: NodeJS.ProcessEnv): string | null {
  const value = env[BOT_LOGIN_ENV]?.trim();
  if (!value) return null;
  if (!isLogin(value)) {
    throw new Error(`${BOT_LOGIN_ENV} must be a GitHub login such as my-app[bot], got '${value}'`);
  }
  return value;
}

/** The app's login, asked of GitHub on first use and then cached (a failure is not cached). */
export function appLogin(app: Probot, env: NodeJS.ProcessEnv = process.env): BotLogin {
  let known: Promise<string> | null = null;
  const learn = async (): Promise<string> => {
    const fromEnv = loginFromEnv(env);
    if (fromEnv) return fromEnv;
    try {
      return `${await appSlug(await app.auth())}[bot]`;
    } catch (error) {
      throw new Error(
        `cannot learn the app's login from GET /app (${messageOf(error)}): set ${BOT_LOGIN_ENV}`,
        { cause: error },
      );
    }
  };
  return () => {
    known ??= learn().catch((error: unknown) => {
      known = null;
      throw error;
    });
    return known;
  };
}

/** A fixed login (the GitHub Actions adapter, tests). */
export function fixedLogin(login: string): BotLogin {
  return () => Promise.resolve(login);
}
