// `.github/dxfix.yml`: the one configuration file shared by the Action and the bot.
// Every key is optional; unknown keys are errors so a typo never silently falls back
// to a default. Errors carry the line and column of the offending YAML node.

import type { Node as YamlNode } from "yaml";
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit } from "yaml";
// A namespace import lets the bundler drop the parts of zod we do not use (~340 KB).
import * as z from "zod";
import { messageOf } from "./errors.ts";
import { FixerConfig } from "./fix/settings.ts";
import { ACTIONS_BOT, LOGIN_PATTERN } from "./github/limits.ts";

const nonEmpty = z.string().trim().min(1, "must not be empty");
const login = z.string().regex(LOGIN_PATTERN, {
  message: "must be a GitHub login (letters, digits, dashes; apps end in [bot])",
});

export const DxfixConfig = z.strictObject({
  /** Globs (from the repository root) of the plans dxfix works on. */
  specs: z
    .array(nonEmpty)
    .min(1, "must list at least one glob")
    .default([".kiro/specs/*/tasks.md"]),
  /** sequential: one PR at a time, the next opens when it merges; parallel: all at once. */
  mode: z.enum(["sequential", "parallel"]).default("sequential"),
  /** Prefix of the branches the bot creates (`dxfix/<spec>/<N>-<slug>`). */
  branchPrefix: nonEmpty
    .regex(/^[A-Za-z0-9._/-]+$/, {
      message: "may only hold letters, digits, '.', '_', '-' and '/'",
    })
    .refine((s) => !s.includes("..") && !s.startsWith("/"), {
      message: "must be a valid branch name prefix",
    })
    .default("dxfix/"),
  /**
   * The most dxfix PRs open at once in the repository; groups past it wait until one is
   * merged or closed (or the next push). Keeps a big parallel plan inside GitHub's limits.
   */
  maxOpenPrs: z.number().int().min(1).max(100).default(10),
  /** Labels put on every dxfix PR. */
  labels: z.array(nonEmpty).default(["dxfix"]),
  /** Workflow file name (under .github/workflows/) of the run that executes the dxfix Action. */
  workflow: nonEmpty
    .regex(/^[^/]+\.ya?ml$/, { message: "must be a workflow file name such as dxfix.yml" })
    .default("dxfix.yml"),
  /** Logins whose comments carry reports the bot trusts. */
  reportAuthors: z.array(login).min(1, "must list at least one login").default([ACTIONS_BOT]),
  /** Time limit of each checkpoint command, in minutes. */
  timeoutMinutes: z.number().int().min(1).max(360).default(30),
  /** Globs of JUnit XML files the checkpoint commands write. */
  junit: z.array(nonEmpty).default([]),
  /** The fixer that works a group's PR (docs/fixer.md); absent: group PRs wait for people. */
  fixer: FixerConfig.optional(),
  /** What a command's reuse key sees besides its command line and cwd (docs/config.md). */
  reuse: z
    .strictObject({
      /** Globs (from the repository root) of files no command reads, e.g. docs. */
      ignore: z.array(nonEmpty).default([]),
      /** Environment variables whose values key the result (runner OS, toolchain versions). */
      env: z.array(nonEmpty).default(["RUNNER_OS", "RUNNER_ARCH", "ImageOS", "ImageVersion"]),
    })
    .default({ ignore: [], env: ["RUNNER_OS", "RUNNER_ARCH", "ImageOS", "ImageVersion"] }),
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

export type ConfigResult = { config: DxfixConfig } | { error: ConfigError };

/** Format an error as `file:line:column: message` for logs, comments and check runs. */
export function formatConfigError(file: string, error: ConfigError): string {
  return error.line > 0
    ? `${file}:${error.line}:${error.column}: ${error.message}`
    : `${file}: ${error.message}`;
}

/** Parse and validate the text of `.github/dxfix.yml`. An empty file means all defaults. */
export function parseConfig(text: string, file: string = CONFIG_PATH): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const yamlError = doc.errors[0];
  if (yamlError) {
    const firstLine = yamlError.message.split("\n")[0] ?? yamlError.message;
    return { error: { message: `invalid YAML in ${file}: ${firstLine}`, ...at(yamlError.pos[0]) } };
  }
  let value: unknown;
  try {
    // yaml refuses alias expansion past 100 references (a "billion laughs" bomb) by
    // throwing; that is the user's file being wrong, with a place to point at.
    value = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return { error: { message: `${file}: ${messageOf(error)}`, ...at(firstAlias(doc) ?? 0) } };
  }
  const result = validate(value, file);
  if ("config" in result) return result;
  const { issue } = result;
  const node = locate(doc.contents, issue);
  const where = node?.range ? at(node.range[0]) : { line: 0, column: 0 };
  return { error: { message: result.message, ...where } };
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
  return "config" in result ? result : { error: { message: result.message, line: 0, column: 0 } };
}

type Issue = z.core.$ZodIssue;

function validate(
  value: unknown,
  file: string,
): { config: DxfixConfig } | { message: string; issue: Issue } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const issue: Issue = { code: "custom", path: [], message: "", input: value };
    return { message: `${file} must be a mapping of settings (e.g. \`mode: parallel\`)`, issue };
  }
  // `_extends` is Probot's way to inherit settings from another repository's file.
  const { _extends: _, ...settings } = value as Record<string, unknown>;
  const parsed = DxfixConfig.safeParse(settings);
  if (parsed.success) return { config: parsed.data };
  const [issue] = parsed.error.issues;
  if (!issue) throw new Error("zod rejected the config without saying why");
  return { message: describe(issue), issue };
}

function describe(issue: Issue): string {
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(DxfixConfig.shape).join(", ");
    const keys = issue.keys.map((k) => `'${k}'`).join(", ");
    return `unknown setting ${keys} (known: ${known})`;
  }
  if (issue.code === "invalid_type") {
    const expected = issue.expected === "array" ? "a list" : `a ${issue.expected}`;
    return `'${path}' must be ${expected}`;
  }
  if (issue.code === "invalid_value" && "values" in issue) {
    return `'${path}' must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return `'${path}' ${issue.message}`;
}

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
