// The schema of `.github/dxfix.yml` (zod): every key optional, unknown keys errors. Each
// setting's `describe` text is its documentation: docs/config.schema.json carries it.
// A namespace import lets the bundler drop the parts of zod we do not use (~340 KB).
import * as z from "zod";
import { DEFAULT_PLAN_GLOBS } from "./files/plan-globs.ts";
import { FixerConfig } from "./fix/settings.ts";
import { ACTIONS_BOT, LOGIN_PATTERN } from "./github/limits.ts";
import { DEFAULT_REUSE_ENV } from "./reuse/defaults.ts";

const nonEmpty = z.string().trim().min(1, "must not be empty");
const login = z.string().regex(LOGIN_PATTERN, {
  message: "must be a GitHub login (letters, digits, dashes; apps end in [bot])",
});

/** A relative directory inside the repository (`web`, `crates/core`). */
const relativeDir = nonEmpty.refine(
  (d) => !d.startsWith("/") && !/^[A-Za-z]:/.test(d) && !d.split(/[\\/]/).includes(".."),
  { message: "must be a directory inside the repository (relative, without '..')" },
);

/**
 * Commands for checkpoints whose plan names none (or not the right ones): which plans
 * (a glob from the repository root; all when absent), which checkpoint (its id, or a
 * title pattern where `*` stands for any text), what to run and where.
 */
export const CheckpointCommands = z
  .strictObject({
    plan: nonEmpty
      .optional()
      .describe(
        "Glob of the plans this entry is for, from the repository root; every plan when absent.",
      ),
    checkpoint: z
      .union([nonEmpty, z.number().int().min(0)])
      .transform(String)
      .optional()
      .describe("The checkpoint's id as `dxfix plan` shows it (`3`, `cp2`)."),
    title: nonEmpty
      .optional()
      .describe(
        "A pattern of the checkpoint's title, whole and case-insensitive; `*` matches any text.",
      ),
    run: z
      .union([nonEmpty, z.array(nonEmpty).min(1, "must list at least one command")])
      .describe("The command, or commands in order, run from the repository root (or `cwd`)."),
    cwd: relativeDir
      .optional()
      .describe("Directory to run them in, relative to the repository root."),
  })
  .refine((e) => e.checkpoint !== undefined || e.title !== undefined, {
    message: "needs 'checkpoint' (an id) or 'title' (a pattern) to say which checkpoint",
  });

export type CheckpointCommands = z.infer<typeof CheckpointCommands>;

export const DxfixConfig = z.strictObject({
  specs: z
    .array(nonEmpty)
    .min(1, "must list at least one glob")
    .default([...DEFAULT_PLAN_GLOBS])
    .describe("Globs (from the repository root) of the plans dxfix works on."),
  mode: z
    .enum(["sequential", "parallel"])
    .default("sequential")
    .describe(
      "sequential: one PR at a time, the next opens when it merges; parallel: all at once.",
    ),
  branchPrefix: nonEmpty
    .regex(/^[A-Za-z0-9._/-]+$/, {
      message: "may only hold letters, digits, '.', '_', '-' and '/'",
    })
    .refine((s) => !s.includes("..") && !s.startsWith("/"), {
      message: "must be a valid branch name prefix",
    })
    .default("dxfix/")
    .describe("Prefix of the branches the bot creates (`dxfix/<spec>/<N>-<slug>`)."),
  /**
   * The most dxfix PRs open at once in the repository; groups past it wait until one is
   * merged or closed (or the next push). Keeps a big parallel plan inside GitHub's limits.
   */
  maxOpenPrs: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe("The most dxfix PRs open at once in the repository; groups past it wait."),
  labels: z.array(nonEmpty).default(["dxfix"]).describe("Labels put on every dxfix PR."),
  workflow: nonEmpty
    .regex(/^[^/]+\.ya?ml$/, { message: "must be a workflow file name such as dxfix.yml" })
    .default("dxfix.yml")
    .describe(
      "Workflow file name (under .github/workflows/) of the run that executes the dxfix Action.",
    ),
  reportAuthors: z
    .array(login)
    .min(1, "must list at least one login")
    .default([ACTIONS_BOT])
    .describe("Logins whose comments carry reports the bot trusts."),
  timeoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(360)
    .default(30)
    .describe("Time limit of each checkpoint command, in minutes."),
  junit: z
    .array(nonEmpty)
    .default([])
    .describe("Globs of JUnit XML files the checkpoint commands write."),
  fixer: FixerConfig.optional().describe(
    "The fixer that works a group's PR (docs/fixer.md); absent: group PRs wait for people.",
  ),
  checkpoints: z
    .array(CheckpointCommands)
    .default([])
    .describe("Commands for checkpoints, by plan and checkpoint id or title (docs/config.md)."),
  reuse: z
    .strictObject({
      ignore: z
        .array(nonEmpty)
        .default([])
        .describe("Globs (from the repository root) of files no command reads, e.g. docs."),
      env: z
        .array(nonEmpty)
        .default([...DEFAULT_REUSE_ENV])
        .describe(
          "Environment variables whose values key the result (runner OS, toolchain versions).",
        ),
    })
    .default({ ignore: [], env: [...DEFAULT_REUSE_ENV] })
    .describe("What a command's reuse key sees besides its command line and cwd (docs/action.md)."),
});

export type DxfixConfig = z.infer<typeof DxfixConfig>;
