// Options of one fix run for tests, with the defaults every test starts from.
import type { FixOptions } from "../../src/fix/loop.ts";

export function fixOptions(
  root: string,
  briefDir: string,
  over: Partial<FixOptions> & Pick<FixOptions, "planPath" | "groupId">,
): FixOptions {
  return {
    root,
    settings: { fixer: null, attempts: 3, paths: ["**"], maxChangedLines: 2000 },
    guidance: [],
    credits: [],
    report: null,
    run: 1,
    identity: { name: "dxfix", email: "dxfix@users.noreply.github.com" },
    briefDir,
    checkpointTimeoutMs: 600_000,
    ...over,
  };
}
