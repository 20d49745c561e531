// `.github/dxfix.yml` for the Action, read as the bot reads it: the workspace's file and
// the files it `_extends` (Probot's syntax: `repo`, `owner/repo` or `owner/repo:path.yml`),
// merged as Probot merges them. A file of this repository is read from the workspace; one
// of another repository through the REST API with the step's token, which must be able to
// read it (GITHUB_TOKEN reads only this repository and public ones). Every error of a file
// is an annotation at its line, and all of them stop the run at once.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import * as core from "@actions/core";
import {
  CONFIG_PATH,
  type ConfigError,
  type ConfigRead,
  type DxfixConfig,
  defaultConfig,
  formatConfigError,
  formatConfigErrors,
  mergeSettings,
} from "../config-defaults.ts";
import { InputError, statusOf } from "../errors.ts";
import type { GitHubClient } from "../github/octokit.ts";

/** Reads a file of another repository (its default branch); null when it is not there. */
export type RemoteReader = (owner: string, repo: string, path: string) => Promise<string | null>;

export interface ConfigSources {
  /** The config input: a path in the workspace. */
  file: string;
  workspace: string;
  /** This repository (`GITHUB_REPOSITORY`), or null outside Actions. */
  repository: { owner: string; repo: string } | null;
  /** Null when the step has no token: an `_extends` of another repository is then an error. */
  remote: RemoteReader | null;
}

// Probot's pattern for `_extends` (@probot/octokit-plugin-config).
const EXTENDS =
  /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;

interface Target {
  owner: string;
  repo: string;
  path: string;
}

const MAX_EXTENDS = 10;

/** The settings in force: the file's own on top of every file it extends. */
export async function loadActionConfig(src: ConfigSources): Promise<DxfixConfig> {
  const path = resolve(src.workspace, src.file);
  if (!existsSync(path)) {
    if (src.file !== CONFIG_PATH) throw new InputError(`config file '${src.file}' does not exist`);
    return defaultConfig;
  }
  // The schema and the YAML reader load only now that there is a file to read.
  const schema = await import("../config.ts");
  const checked = checker(schema.parseConfig);
  let read = checked(src.file, readFileSync(path, "utf8"), true);
  const chain: ConfigRead[] = [read];
  const seen = new Set<string>();
  let label = src.file;
  while (read.extends) {
    const target = extendsTarget(read.extends.value, src, () =>
      formatConfigError(label, { message: "", ...lineOf(read) }),
    );
    const key = `${target.owner}/${target.repo}:${target.path}`;
    if (seen.has(key) || seen.size >= MAX_EXTENDS) {
      throw new InputError(`${label}: _extends: ${key} was already read (a loop of _extends)`);
    }
    seen.add(key);
    const local = isThisRepository(target, src);
    const text = local ? readLocal(src.workspace, target.path) : await readRemote(src, target);
    if (text === null) {
      throw new InputError(
        `${formatConfigError(label, { message: `_extends: cannot read ${key}`, ...lineOf(read) })}: ${local ? "no such file in the workspace" : "not found, or the step's token cannot read it (pass a github-token that can)"}`,
      );
    }
    label = local ? target.path : key;
    read = checked(label, text, local);
    chain.push(read);
  }
  return merged(chain, src.file, schema.validateConfig);
}

function lineOf(read: ConfigRead): { line: number; column: number } {
  return { line: read.extends?.line ?? 0, column: read.extends?.column ?? 0 };
}

type Schema = typeof import("../config.ts");

/** A file's settings, or every error of it as annotations (at lines of files in the workspace). */
function checker(parseConfig: Schema["parseConfig"]) {
  return (file: string, text: string, inWorkspace: boolean): ConfigRead => {
    const result = parseConfig(text, file);
    if (!("errors" in result)) return result;
    annotate(file, result.errors, inWorkspace);
    throw new InputError(formatConfigErrors(file, result.errors));
  };
}

function annotate(file: string, errors: readonly ConfigError[], inWorkspace: boolean): void {
  for (const e of errors) {
    const at = inWorkspace && e.line > 0 ? { file, startLine: e.line, startColumn: e.column } : {};
    core.error(inWorkspace ? e.message : formatConfigError(file, e), {
      title: "dxfix configuration",
      ...at,
    });
  }
}

function extendsTarget(value: unknown, src: ConfigSources, where: () => string): Target {
  const m = typeof value === "string" ? EXTENDS.exec(value) : null;
  const repo = m?.[2];
  if (!m || repo === undefined) {
    throw new InputError(
      `${where()} _extends must be 'repo', 'owner/repo' or 'owner/repo:path.yml', not ${JSON.stringify(value)}`,
    );
  }
  const owner = m[1] ?? src.repository?.owner;
  if (owner === undefined) {
    throw new InputError(
      `${where()} _extends: ${value} names no owner, and GITHUB_REPOSITORY is not set`,
    );
  }
  return { owner, repo, path: m[3] ?? CONFIG_PATH };
}

function isThisRepository(t: Target, src: ConfigSources): boolean {
  const r = src.repository;
  return (
    r !== null &&
    r.owner.toLowerCase() === t.owner.toLowerCase() &&
    r.repo.toLowerCase() === t.repo.toLowerCase()
  );
}

function readLocal(workspace: string, path: string): string | null {
  const full = resolve(workspace, path);
  const rel = relative(resolve(workspace), full);
  if (rel.startsWith("..") || isAbsolute(rel) || !existsSync(full)) return null;
  return readFileSync(full, "utf8");
}

/** Reads another repository's file through the REST API; not found or not readable: null. */
export function remoteReader(client: GitHubClient): RemoteReader {
  return async (owner, repo, path) => {
    try {
      const { data } = await client.request("GET /repos/{owner}/{repo}/contents/{path}", {
        owner,
        repo,
        path,
      });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
      return Buffer.from(data.content, "base64").toString("utf8");
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 403) return null;
      throw error;
    }
  };
}

async function readRemote(src: ConfigSources, t: Target): Promise<string | null> {
  if (!src.remote) {
    throw new InputError(
      `_extends: ${t.owner}/${t.repo}:${t.path} is another repository, and the step has no github-token to read it with`,
    );
  }
  return src.remote(t.owner, t.repo, t.path);
}

/** Probot's merge of the chain (the farthest base first), validated as one. */
function merged(
  chain: ConfigRead[],
  file: string,
  validateConfig: Schema["validateConfig"],
): DxfixConfig {
  if (chain.length === 1 && chain[0]) return chain[0].config;
  const settings = chain.reduceRight<unknown>((base, r) => mergeSettings(base, r.settings), {});
  const result = validateConfig(settings, `${file} (with the files it extends)`);
  if ("errors" in result) {
    throw new InputError(formatConfigErrors(`${file} (with the files it extends)`, result.errors));
  }
  return result.config;
}
