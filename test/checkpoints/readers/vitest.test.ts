import { describe, expect, it } from "vitest";
import { readAll } from "../../../src/checkpoints/readers/index.ts";
import { fixture } from "./fixture.ts";

const FAILED = ["math > subtracts wrongly", 'throws <error> & "quotes"'];

describe("vitest reader", () => {
  it.each([
    ["default", "vitest.txt"],
    ["default, coloured", "vitest-color.txt"],
    ["verbose", "vitest-verbose.txt"],
  ])("reads the %s reporter's totals, failures and findings", (_, name) => {
    const r = readAll("npx vitest run", fixture(name));
    expect(r.reader).toBe("vitest");
    expect(r.totals).toEqual({ passed: 4, failed: 2, ignored: 2 });
    expect(r.failures).toEqual(FAILED);
    expect(r.findings.map((f) => [f.file, f.line, f.column, f.message])).toEqual([
      [
        "math.test.ts",
        3,
        49,
        "math > subtracts wrongly: AssertionError: expected 2 to be 1 // Object.is equality",
      ],
      ["strings.test.ts", 2, 51, 'throws <error> & "quotes": Error: boom <b>&</b>'],
    ]);
  });

  it("names the tests of the default tree by their suites, with their file", () => {
    const r = readAll("vitest run", fixture("vitest.txt"));
    // A passing file is one line: its tests are counted in the totals only.
    expect(r.tests.map((t) => [t.status, t.name, t.file])).toEqual([
      ["passed", "math > adds", "math.test.ts"],
      ["failed", "math > subtracts wrongly", "math.test.ts"],
      ["ignored", "math > skipped one", "math.test.ts"],
      ["passed", "math > nested > multiplies", "math.test.ts"],
      ["passed", "upper", "strings.test.ts"],
      ["failed", 'throws <error> & "quotes"', "strings.test.ts"],
      ["ignored", "later", "strings.test.ts"],
    ]);
    const verbose = readAll("vitest run", fixture("vitest-verbose.txt"));
    expect(verbose.tests.map((t) => [t.status, t.name, t.file])).toEqual([
      ...r.tests.map((t) => [t.status, t.name, t.file]),
      ["passed", "fine", "ok.test.ts"],
    ]);
  });
});
