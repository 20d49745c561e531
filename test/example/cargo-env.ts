// Shared setup for tests that run real cargo on the dx-py-runtime example: one
// build directory for all of them (so each crate state compiles once per path, not
// once per test) and a copy of the example in a fresh temp dir.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CARGO_TARGET_DIR = path.join(os.tmpdir(), "dxfix-cargo-target");

export const EXAMPLE_DIR = fileURLToPath(new URL("../../examples/dx-py-runtime/", import.meta.url));

/** The environment for cargo: the shared target dir, no colours. */
export function cargoEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CARGO_TARGET_DIR, CARGO_TERM_COLOR: "never" };
}

/** Throws (never skips) when cargo cannot be run: these tests exist to run it. */
export function assertCargo(): void {
  const probe = spawnSync("cargo", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      "cargo is required to test the dx-py-runtime example but could not be run " +
        `(${probe.error?.message ?? probe.stderr.trim()}); install Rust (https://rustup.rs) and retry`,
    );
  }
}

/** Copies the example (without any target/) into a new temp dir and returns it. */
export function copyExample(prefix = "dxfix-example-"): string {
  const dest = mkdtempSync(path.join(os.tmpdir(), prefix));
  cpSync(EXAMPLE_DIR, dest, {
    recursive: true,
    filter: (src) => path.basename(src) !== "target",
  });
  return dest;
}
