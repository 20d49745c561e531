// What a run without `.github/dxfix.yml` needs of the configuration: the defaults, the
// types, and how errors and `_extends` are formatted and merged. The schema and the YAML
// reader are in config.ts, loaded only when there is a file to read (they cost ~20 ms).
import type { DxfixConfig } from "./config-schema.ts";
import { DEFAULT_PLAN_GLOBS } from "./files/plan-globs.ts";
import { ACTIONS_BOT } from "./github/limits.ts";
import { DEFAULT_REUSE_ENV } from "./reuse/defaults.ts";

export type { CheckpointCommands, DxfixConfig } from "./config-schema.ts";

export const CONFIG_PATH = ".github/dxfix.yml";

/**
 * Every setting at its default: what `DxfixConfig.parse({})` gives (a test holds the two
 * equal), written out so a run without a config file never loads the schema.
 */
export const defaultConfig: DxfixConfig = Object.freeze({
  specs: [...DEFAULT_PLAN_GLOBS],
  mode: "sequential",
  branchPrefix: "dxfix/",
  maxOpenPrs: 10,
  labels: ["dxfix"],
  workflow: "dxfix.yml",
  reportAuthors: [ACTIONS_BOT],
  timeoutMinutes: 30,
  junit: [],
  checkpoints: [],
  reuse: { ignore: [], env: [...DEFAULT_REUSE_ENV] },
});

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

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
