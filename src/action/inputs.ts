// The Action's inputs (action.yml), read and validated once, with errors a user can act on.
import * as core from "@actions/core";
import { CONFIG_PATH } from "../config-defaults.ts";
import { InputError } from "../errors.ts";
import { ACTIONS_BOT, isLogin } from "../github/limits.ts";
import { DETAILS, type Details, detailsOf } from "../report/details.ts";

export interface ActionInputs {
  /** Plan paths or globs; empty: the config's `specs` (default .kiro/specs/*\/tasks.md). */
  plans: string[];
  requirements: string | null;
  workingDirectory: string;
  checkpoints: string[];
  token: string;
  comment: boolean;
  failOn: "failure" | "never";
  timeoutMinutes: number | null;
  config: string;
  allowUntrustedCode: boolean;
  /** Plans, requirements and working-directory may resolve outside the workspace. */
  allowOutsideWorkspace: boolean;
  commentAuthor: string;
  /** How much the comment lists beyond the verdict and the cause. */
  details: Details;
  /** Reuse passed results of the same key from earlier runs (the PR's report, the cache). */
  reuse: boolean;
  /** check: run the plan; matrix: print its units for strategy.matrix; merge: merge the jobs. */
  mode: "check" | "matrix" | "merge";
  /** A matrix job: run only the unit holding this checkpoint and upload its partial report. */
  checkpoint: string | null;
}

/** Split a list input on newlines and commas (YAML block scalars and `a, b` both work). */
function splitList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !s.startsWith("#"));
}

function bool(name: string, value: string, fallback: boolean): boolean {
  const v = value.trim().toLowerCase();
  if (v === "") return fallback;
  if (["true", "yes", "on", "1"].includes(v)) return true;
  if (["false", "no", "off", "0"].includes(v)) return false;
  throw new InputError(`input '${name}' must be true or false, got '${value}'`);
}

export function readInputs(get: (name: string) => string = (n) => core.getInput(n)): ActionInputs {
  const failOn = get("fail-on").trim() || "failure";
  if (failOn !== "failure" && failOn !== "never") {
    throw new InputError(`input 'fail-on' must be 'failure' or 'never', got '${failOn}'`);
  }
  const timeout = get("timeout-minutes").trim();
  let timeoutMinutes: number | null = null;
  if (timeout !== "") {
    timeoutMinutes = Number(timeout);
    if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0) {
      throw new InputError(`input 'timeout-minutes' must be a positive number, got '${timeout}'`);
    }
  }
  const author = get("comment-author").trim() || ACTIONS_BOT;
  if (!isLogin(author)) {
    throw new InputError(
      `input 'comment-author' must be a GitHub login such as ${ACTIONS_BOT}, got '${author}'`,
    );
  }
  const detailsInput = get("details").trim() || "all";
  const details = detailsOf(detailsInput);
  if (details === null) {
    throw new InputError(
      `input 'details' must be one of ${DETAILS.join(", ")}, got '${detailsInput}'`,
    );
  }
  const mode = get("mode").trim() || "check";
  if (mode !== "check" && mode !== "matrix" && mode !== "merge") {
    throw new InputError(`input 'mode' must be 'check', 'matrix' or 'merge', got '${mode}'`);
  }
  const checkpoint = get("checkpoint").trim() || null;
  if (checkpoint !== null && mode !== "check") {
    throw new InputError(
      `input 'checkpoint' names a matrix job, which runs with mode 'check', not '${mode}'`,
    );
  }
  return {
    details,
    plans: splitList(get("plan")),
    requirements: get("requirements").trim() || null,
    workingDirectory: get("working-directory").trim() || ".",
    checkpoints: splitList(get("checkpoints").replaceAll(" ", ",")),
    token: get("github-token").trim(),
    comment: bool("comment", get("comment"), true),
    failOn,
    timeoutMinutes,
    config: get("config").trim() || CONFIG_PATH,
    allowUntrustedCode: bool("allow-untrusted-code", get("allow-untrusted-code"), false),
    allowOutsideWorkspace: bool("allow-outside-workspace", get("allow-outside-workspace"), false),
    commentAuthor: author,
    reuse: bool("reuse", get("reuse"), true),
    mode,
    checkpoint,
  };
}
