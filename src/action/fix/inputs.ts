// Inputs of the fix action (fix/action.yml). Bad values are InputErrors: one line, no stack.
import * as core from "@actions/core";
import { CONFIG_PATH } from "../../config-defaults.ts";
import { InputError } from "../../errors.ts";
import { isLogin } from "../../github/limits.ts";

export interface FixInputs {
  pr: number;
  token: string;
  /** The login that opens dxfix PRs: only its PRs are fixed. */
  botLogin: string;
  /** Overrides the config's fixer command ("plan-edits" or a command line). */
  fixer: string | null;
  config: string;
  identity: { name: string; email: string };
  comment: boolean;
}

export function readFixInputs(get: (name: string) => string = (n) => core.getInput(n)): FixInputs {
  const pr = Number(get("pr").trim().replace(/^#/, ""));
  if (!Number.isInteger(pr) || pr <= 0) {
    throw new InputError(`input 'pr' must be a pull request number, got '${get("pr")}'`);
  }
  const botLogin = get("bot-login").trim();
  if (!isLogin(botLogin)) {
    throw new InputError(
      `input 'bot-login' must be the login of the dxfix bot that opens the group PRs, such as my-dxfix[bot], got '${botLogin}'`,
    );
  }
  const token = get("github-token").trim();
  if (token === "") throw new InputError("input 'github-token' is empty");
  const name = get("git-user-name").trim() || botLogin;
  const email = get("git-user-email").trim() || `${botLogin}@users.noreply.github.com`;
  const comment = get("comment").trim().toLowerCase();
  if (comment !== "" && comment !== "true" && comment !== "false") {
    throw new InputError(`input 'comment' must be true or false, got '${comment}'`);
  }
  return {
    pr,
    token,
    botLogin,
    fixer: get("fixer").trim() || null,
    config: get("config").trim() || CONFIG_PATH,
    identity: { name, email },
    comment: comment !== "false",
  };
}
