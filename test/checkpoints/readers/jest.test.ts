import { describe, expect, it } from "vitest";
import { readAll } from "../../../src/checkpoints/readers/index.ts";
import { fixture } from "./fixture.ts";

describe("jest reader", () => {
  it.each([
    ["default", "jest.txt"],
    ["verbose", "jest-verbose.txt"],
  ])("reads the %s reporter's totals, failures and findings", (_, name) => {
    const r = readAll("npx jest", fixture(name));
    expect(r.reader).toBe("jest");
    expect(r.totals).toEqual({ passed: 4, failed: 2, ignored: 2 });
    expect(r.failures).toEqual(["math › subtracts wrongly", 'throws <error> & "quotes"']);
    expect(r.findings.map((f) => [f.file, f.line, f.column, f.message])).toEqual([
      [
        "math.test.js",
        3,
        49,
        "math › subtracts wrongly: expect(received).toBe(expected) // Object.is equality",
      ],
      ["strings.test.js", 2, 51, 'throws <error> & "quotes": boom <b>&</b>'],
    ]);
  });

  it("names every test under --verbose, by its suites", () => {
    const r = readAll("jest --verbose", fixture("jest-verbose.txt"));
    expect(r.tests.map((t) => [t.status, t.name, t.file])).toEqual([
      ["passed", "math › adds", "math.test.js"],
      ["failed", "math › subtracts wrongly", "math.test.js"],
      ["ignored", "math › skipped one", "math.test.js"],
      ["passed", "math › nested › multiplies", "math.test.js"],
      ["passed", "upper", "strings.test.js"],
      ["failed", 'throws <error> & "quotes"', "strings.test.js"],
      ["ignored", "later", "strings.test.js"],
      ["passed", "fine", "ok.test.js"],
    ]);
  });

  it("reads jest's coloured output (its PASS/FAIL badges start with a space)", () => {
    const plain = fixture("jest.txt");
    const coloured = plain
      .replaceAll(/^(PASS|FAIL) /gm, "\x1b[7m\x1b[1m $1 \x1b[22m\x1b[27m ")
      .replaceAll("●", "\x1b[1m\x1b[31m●\x1b[39m\x1b[22m");
    expect(coloured).not.toBe(plain);
    const r = readAll("jest", coloured);
    expect(r).toEqual(readAll("jest", plain));
  });

  it("reports a file that failed to load as a finding, not a test", () => {
    const text = [
      "FAIL ./broken.test.js",
      "  ● Test suite failed to run",
      "",
      "    Cannot find module './missing' from 'broken.test.js'",
      "",
      "Test Suites: 1 failed, 1 total",
      "Tests:       0 total",
    ].join("\n");
    const r = readAll("jest", text);
    expect(r.failures).toEqual([]);
    expect(r.totals).toEqual({ passed: 0, failed: 0, ignored: 0 });
    expect(r.findings.map((f) => [f.file, f.message])).toEqual([
      ["broken.test.js", "broken.test.js: Cannot find module './missing' from 'broken.test.js'"],
    ]);
  });
});
