// Small real projects in temp directories for the checkpoint tests.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";

// Every project a test file made is removed when that file's tests are done.
const made: string[] = [];
afterAll(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Creates a temp git repository with the given files; returns its path. */
export function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "dxfix-check-"));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  execFileSync("git", ["init", "-q"], { cwd: root });
  return root;
}

export const PLAN = ".kiro/specs/demo/tasks.md";

/** Cargo shares one target directory across these tests so crates build once. */
export const cargoEnv = {
  ...process.env,
  CARGO_TARGET_DIR: join(tmpdir(), "dxfix-cargo-target-check"),
  CARGO_TERM_COLOR: "never",
};

export function crate(name: string, lib: string): Record<string, string> {
  return {
    "Cargo.toml": `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n`,
    "src/lib.rs": lib,
  };
}

/** A killed process may linger as a zombie when the container's init does not reap it. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}
