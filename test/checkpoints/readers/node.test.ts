import { describe, expect, it } from "vitest";
import { readAll } from "../../../src/checkpoints/readers/index.ts";
import { fixture } from "./fixture.ts";

const FAILED = ["math > subtracts wrongly", "throws", "length is wrong"];
const TESTS = [
  ["passed", "math > adds"],
  ["failed", "math > subtracts wrongly"],
  ["ignored", "math > skipped one"],
  ["passed", "math > nested > multiplies"],
  ["passed", "upper"],
  ["failed", "throws"],
  ["ignored", "later"],
  ["passed", "concat"],
  ["failed", "length is wrong"],
];

describe("node --test reader", () => {
  it.each([
    ["spec", "node-test-spec.txt"],
    ["TAP", "node-test-tap.txt"],
  ])("reads the %s reporter's tests, totals and failures", (_, name) => {
    const r = readAll("node --test", fixture(name));
    expect(r.reader).toBe("node");
    // Suites (math, nested) are not tests; todo counts as ignored.
    expect(r.totals).toEqual({ passed: 4, failed: 3, ignored: 2 });
    expect(r.failures).toEqual(FAILED);
    expect(r.tests.map((t) => [t.status, t.name])).toEqual(TESTS);
  });

  it("locates each failure by where the test is declared, with its error", () => {
    const spec = readAll("node --test", fixture("node-test-spec.txt"));
    expect(spec.findings.map((f) => [f.file, f.line, f.column, f.message])).toEqual([
      [
        "math.test.mjs",
        8,
        3,
        "math > subtracts wrongly: AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:",
      ],
      ["math.test.mjs", 22, 1, "throws: Error: boom"],
      [
        "strings.test.mjs",
        7,
        1,
        "length is wrong: AssertionError [ERR_ASSERTION]: length should be 4",
      ],
    ]);
    const tap = readAll("node --test --test-reporter=tap", fixture("node-test-tap.txt"));
    expect(tap.findings.map((f) => [f.file, f.line, f.message])).toEqual([
      [
        "/tmp/cap/nodet/math.test.mjs",
        8,
        "math > subtracts wrongly: Expected values to be strictly equal:",
      ],
      ["/tmp/cap/nodet/math.test.mjs", 22, "throws: boom"],
      ["/tmp/cap/nodet/strings.test.mjs", 7, "length is wrong: length should be 4"],
    ]);
  });

  it("does not take a suite's closing line for a test of the same name", () => {
    const text = [
      "▶ a",
      "  ▶ a",
      "    ✔ a (1ms)",
      "  ✔ a (1ms)",
      "✔ a (1ms)",
      "ℹ tests 1",
      "ℹ pass 1",
    ];
    const r = readAll("node --test", text.join("\n"));
    expect(r.tests.map((t) => t.name)).toEqual(["a > a > a"]);
    expect(r.totals).toEqual({ passed: 1, failed: 0, ignored: 0 });
  });
});
