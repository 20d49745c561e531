import { describe, expect, it } from "vitest";
import { FixerConfig, fixSettings } from "../../src/fix/settings.ts";

describe("the fixer section of .github/dxfix.yml", () => {
  it("takes a string as the command, with every limit at its default", () => {
    const config = FixerConfig.parse("claude -p {brief}");
    expect(config).toEqual({
      command: "claude -p {brief}",
      input: "file",
      attempts: 3,
      timeoutMinutes: 30,
      paths: ["**"],
      maxChangedLines: 2000,
      maxRuns: 5,
      passToken: false,
      workflow: "dxfix-fix.yml",
    });
    expect(fixSettings(config).fixer).toEqual({
      command: "claude -p {brief}",
      input: "file",
      timeoutMs: 1_800_000,
      passToken: false,
    });
  });

  it("runs no command for plan-edits", () => {
    expect(fixSettings(FixerConfig.parse("plan-edits")).fixer).toBeNull();
    expect(fixSettings(FixerConfig.parse({ attempts: 2 })).fixer).toBeNull();
  });

  it("refuses unknown keys and out-of-range limits", () => {
    expect(FixerConfig.safeParse({ command: "x", attemps: 2 }).success).toBe(false);
    expect(FixerConfig.safeParse({ attempts: 0 }).success).toBe(false);
    expect(FixerConfig.safeParse({ workflow: "../x.yml" }).success).toBe(false);
    expect(FixerConfig.safeParse({ input: "pipe" }).success).toBe(false);
  });
});
