// The `fixer:` section of `.github/dxfix.yml`. A string is shorthand for the command
// (`fixer: plan-edits`, or an agent's command line); the object form sets the limits.
// Every key is optional and unknown keys are errors, like the rest of the file.
import * as z from "zod";
import type { BriefInput, CommandFixer } from "./fixer.ts";
import type { FixSettings } from "./loop.ts";

/** The label that stops fix runs on a PR (the bot starts none, the fix action refuses). */
export const HOLD_LABEL = "dxfix:hold";

/** The built-in fixer's name: the plan's own mechanical edits, no model. */
export const PLAN_EDITS = "plan-edits";

const nonEmpty = z.string().trim().min(1, "must not be empty");

export const FixerConfig = z.preprocess(
  (value) => (typeof value === "string" ? { command: value } : value),
  z.strictObject({
    /** `plan-edits`, or a command line; `{brief}` / `{brief_file}` are replaced. */
    command: nonEmpty.default(PLAN_EDITS),
    /** How the brief reaches the command besides DXFIX_BRIEF. */
    input: z.enum(["file", "stdin", "arg"]).default("file"),
    /** Fixer attempts per run while the group's gates fail. */
    attempts: z.number().int().min(1).max(10).default(3),
    /** Time limit of one attempt; the whole process tree is killed. */
    timeoutMinutes: z.number().int().min(1).max(360).default(30),
    /** Globs of the paths a fix may change (workflows and this file never). */
    paths: z.array(nonEmpty).min(1, "must list at least one glob").default(["**"]),
    /** Most lines added plus removed by one fix run. */
    maxChangedLines: z.number().int().min(1).default(2000),
    /** Fix runs per PR, counted from the fix commits' trailers. */
    maxRuns: z.number().int().min(1).max(100).default(5),
    /** Keep GITHUB_TOKEN / GH_TOKEN in the fixer's environment (agents must not push). */
    passToken: z.boolean().default(false),
    /** Workflow file (under .github/workflows/) that the bot dispatches for a fix run. */
    workflow: nonEmpty
      .regex(/^[^/]{1,200}\.ya?ml$/, {
        message: "must be a workflow file name such as dxfix-fix.yml",
      })
      .default("dxfix-fix.yml"),
  }),
);

export type FixerConfig = z.infer<typeof FixerConfig>;

/** The loop's settings from the config section. */
export function fixSettings(config: FixerConfig): FixSettings {
  const fixer: CommandFixer | null =
    config.command === PLAN_EDITS
      ? null
      : {
          command: config.command,
          input: config.input as BriefInput,
          timeoutMs: config.timeoutMinutes * 60_000,
          passToken: config.passToken,
        };
  return {
    fixer,
    attempts: config.attempts,
    paths: config.paths,
    maxChangedLines: config.maxChangedLines,
  };
}
