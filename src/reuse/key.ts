// A command's content-addressed key: everything its result depends on that dxfix can
// name. Two runs with the same key ran the same command on the same files in the same
// environment, so a passed result of one stands for the other.
import { createHash } from "node:crypto";

export interface KeyParts {
  /** The tree digest (see tree.ts). */
  tree: string;
  /** `reuse.env` names and their values (unset: null). */
  env: Array<[string, string | null]>;
}

export function envParts(names: string[], env: NodeJS.ProcessEnv = process.env) {
  return [...new Set(names)].sort().map((n): [string, string | null] => [n, env[n] ?? null]);
}

/** The key of running `run` in `cwd` (repository-relative, "." for the root). */
export function commandKey(parts: KeyParts, run: string, cwd: string): string {
  const material = JSON.stringify({ v: 1, run, cwd, tree: parts.tree, env: parts.env });
  return createHash("sha256").update(material).digest("hex");
}
