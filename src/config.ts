// `.github/dxfix.yml`: the one configuration file shared by the Action and the bot.
// Every key is optional; unknown keys are errors so a typo never silently falls back
// to a default. Errors carry the line and column of the offending YAML node.

import type { Node as YamlNode } from "yaml";
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit } from "yaml";
// A namespace import lets the bundler drop the parts of zod we do not use (~340 KB).
import * as z from "zod";
import { messageOf } from "./errors.ts";
import { DEFAULT_PLAN_GLOBS } from "./files/plan-globs.ts";
import { FixerConfig } from "./fix/settings.ts";
import { ACTIONS_BOT, LOGIN_PATTERN } from "./github/limits.ts";

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

// Each setting's `describe` text is its documentation: docs/config.schema.json carries it.
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
        .default(["RUNNER_OS", "RUNNER_ARCH", "ImageOS", "ImageVersion"])
        .describe(
          "Environment variables whose values key the result (runner OS, toolchain versions).",
        ),
    })
    .default({ ignore: [], env: ["RUNNER_OS", "RUNNER_ARCH", "ImageOS", "ImageVersion"] })
    .describe("What a command's reuse key sees besides its command line and cwd (docs/action.md)."),
});

export type DxfixConfig = z.infer<typeof DxfixConfig>;

export const CONFIG_PATH = ".github/dxfix.yml";

export const defaultConfig: DxfixConfig = Object.freeze(DxfixConfig.parse({})) as DxfixConfig;

export interface ConfigError {
  /** Readable, starts with `file:line:column:`-free text; callers add the location. */
  message: string;
  /** 1-based; 0 when no position is known. */
  line: number;
  column: number;
}

/** A valid file: the settings with defaults, and what was written (to merge `_extends`). */
export interface ConfigRead {
  config: DxfixConfig;
  /** The settings as written, without `_extends` and without defaults. */
  settings: Record<string, unknown>;
  /** The `_extends` value and where it is written, or null. */
  extends: { value: unknown; line: number; column: number } | null;
}

/** Every problem of a file at once; `error` is the first of `errors`. */
export type ConfigResult = ConfigRead | { error: ConfigError; errors: ConfigError[] };

/** Format an error as `file:line:column: message` for logs, comments and check runs. */
export function formatConfigError(file: string, error: ConfigError): string {
  return error.line > 0
    ? `${file}:${error.line}:${error.column}: ${error.message}`
    : `${file}: ${error.message}`;
}

/** All of a file's errors, one per line. */
export function formatConfigErrors(file: string, errors: readonly ConfigError[]): string {
  return errors.map((e) => formatConfigError(file, e)).join("\n");
}

const failed = (errors: ConfigError[]): ConfigResult => ({
  error: errors[0] ?? { message: "invalid configuration", line: 0, column: 0 },
  errors,
});

/** Parse and validate the text of `.github/dxfix.yml`. An empty file means all defaults. */
export function parseConfig(text: string, file: string = CONFIG_PATH): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return failed(
      doc.errors.map((e) => ({
        message: `invalid YAML in ${file}: ${e.message.split("\n")[0] ?? e.message}`,
        ...at(e.pos[0]),
      })),
    );
  }
  let value: unknown;
  try {
    // yaml refuses alias expansion past 100 references (a "billion laughs" bomb) by
    // throwing; that is the user's file being wrong, with a place to point at.
    value = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return failed([{ message: `${file}: ${messageOf(error)}`, ...at(firstAlias(doc) ?? 0) }]);
  }
  const result = validate(value, file);
  if ("config" in result) {
    const node = locate(doc.contents, {
      code: "custom",
      path: ["_extends"],
      message: "",
      input: 0,
    });
    const written = (value as Record<string, unknown>)._extends;
    const where = node?.range && written !== undefined ? at(node.range[0]) : null;
    return { ...result, extends: where ? { value: written, ...where } : null };
  }
  return failed(
    result.issues.map(({ message, issue }) => {
      const node = locate(doc.contents, issue);
      return { message, ...(node?.range ? at(node.range[0]) : { line: 0, column: 0 }) };
    }),
  );
}

/** Offset of the document's first alias (`*name`), or null. */
function firstAlias(doc: ReturnType<typeof parseDocument>): number | null {
  let offset: number | null = null;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? null;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Validate an already parsed value (as Probot's `context.config` returns it); no positions. */
export function validateConfig(value: unknown, file: string = CONFIG_PATH): ConfigResult {
  const result = validate(value ?? {}, file);
  if ("config" in result) return { ...result, extends: null };
  return failed(result.issues.map(({ message }) => ({ message, line: 0, column: 0 })));
}

/**
 * Settings of a file that `_extends` another, on top of the other's: mappings merge key by
 * key, lists join (base first), anything else is the file's own. Probot's merge, so the
 * Action and the bot read the same settings.
 */
export function mergeSettings(base: unknown, own: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(own)) return [...base, ...own];
  if (!isRecord(base) || !isRecord(own)) return own === undefined ? base : own;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(own)) merged[key] = mergeSettings(base[key], value);
  return merged;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

type Issue = z.core.$ZodIssue;

function validate(
  value: unknown,
  file: string,
):
  | { config: DxfixConfig; settings: Record<string, unknown> }
  | { issues: { message: string; issue: Issue }[] } {
  if (!isRecord(value)) {
    const issue: Issue = { code: "custom", path: [], message: "", input: value };
    return {
      issues: [
        { message: `${file} must be a mapping of settings (e.g. \`mode: parallel\`)`, issue },
      ],
    };
  }
  // `_extends` is Probot's way to inherit settings from another repository's file.
  const { _extends: _, ...settings } = value;
  const parsed = DxfixConfig.safeParse(settings);
  if (parsed.success) return { config: parsed.data, settings };
  if (parsed.error.issues.length === 0)
    throw new Error("zod rejected the config without saying why");
  return { issues: parsed.error.issues.map((issue) => ({ message: describe(issue), issue })) };
}

function describe(issue: Issue): string {
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(DxfixConfig.shape).join(", ");
    const keys = issue.keys.map((k) => `'${k}'`).join(", ");
    return `unknown setting ${keys} (known: ${known})`;
  }
  if (issue.code === "invalid_type") return `'${path}' must be ${typeName(issue.expected)}`;
  if (issue.code === "invalid_union") {
    // `run: 3`: each alternative's expected type, `a string or a list`.
    const types = issue.errors.flatMap((e) =>
      e[0]?.code === "invalid_type" ? [typeName(e[0].expected)] : [],
    );
    if (types.length === issue.errors.length) return `'${path}' must be ${types.join(" or ")}`;
  }
  if (issue.code === "invalid_value" && "values" in issue) {
    return `'${path}' must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return `'${path}' ${issue.message}`;
}

const typeName = (t: string) => (t === "array" ? "a list" : `a ${t}`);

/** The YAML node an issue points at: the key of an unknown setting, else the value at its path. */
function locate(root: YamlNode | null, issue: Issue): YamlNode | null {
  let node: YamlNode | null = root;
  for (const segment of issue.path) {
    if (!node) return null;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
      if (!pair) return node;
      node = (pair.value as YamlNode | null) ?? (pair.key as YamlNode);
    } else if ("items" in node && Array.isArray(node.items) && typeof segment === "number") {
      const item = node.items[segment];
      node = (isPair(item) ? (item.value as YamlNode) : (item as YamlNode)) ?? node;
    } else {
      return node;
    }
  }
  if (issue.code === "unrecognized_keys" && node && isMap(node)) {
    const bad = node.items.find((p) => isScalar(p.key) && issue.keys.includes(String(p.key.value)));
    if (bad) return bad.key as YamlNode;
  }
  return node;
}
