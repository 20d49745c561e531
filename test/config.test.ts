// `.github/dxfix.yml` that attacks the parser gets a config error with a position, not a crash.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.ts";

describe("parseConfig on hostile YAML", () => {
  it("refuses an alias bomb with the file, line and column of its first alias", () => {
    const row = (name: string, of: string) => `${name}: &${name} [${Array(9).fill(of).join(", ")}]`;
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      row("b", "*a"),
      row("c", "*b"),
      row("d", "*c"),
      row("e", "*d"),
      "specs: [*e]",
    ].join("\n");
    const result = parseConfig(bomb);
    expect(result).toMatchObject({
      error: {
        message: ".github/dxfix.yml: Excessive alias count indicates a resource exhaustion attack",
        line: 2,
        column: 8,
      },
    });
  });

  it("still reads a file with a few aliases", () => {
    const result = parseConfig("labels: &l [dxfix]\nspecs: [a/tasks.md]\n");
    expect("config" in result && result.config.labels).toEqual(["dxfix"]);
  });
});
