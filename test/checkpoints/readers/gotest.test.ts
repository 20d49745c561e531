import { describe, expect, it } from "vitest";
import { readAll } from "../../../src/checkpoints/readers/index.ts";
import { fixture } from "./fixture.ts";

const FINDINGS = [
  ["calc_test.go", 13, "TestSubtractsWrongly: expected 1, got 2"],
  ["calc_test.go", 28, "TestTable/two: n = 2"],
];

describe("go test reader", () => {
  it.each([
    ["-v", "go-test-v.txt"],
    ["-json", "go-test-json.txt"],
  ])("reads %s: every test, subtests in place of their parent", (_, name) => {
    const r = readAll("go test ./...", fixture(name));
    expect(r.reader).toBe("gcc+gotest");
    expect(r.totals).toEqual({ passed: 3, failed: 2, ignored: 1 });
    expect(r.failures).toEqual(["TestSubtractsWrongly", "TestTable/two"]);
    expect(r.findings.map((f) => [f.file, f.line, f.message])).toEqual(FINDINGS);
    expect(new Set(r.tests.map((t) => `${t.suite} ${t.name} ${t.status}`))).toEqual(
      new Set([
        "example.com/gt/calc TestAdd passed",
        "example.com/gt/calc TestSubtractsWrongly failed",
        "example.com/gt/calc TestSkipped ignored",
        "example.com/gt/calc TestTable/one passed",
        "example.com/gt/calc TestTable/two failed",
        "example.com/gt/ok TestFine passed",
      ]),
    );
  });

  it("reads the plain output, where go prints only the failures", () => {
    const r = readAll("go test ./...", fixture("go-test.txt"));
    expect(r.totals).toEqual({ passed: 0, failed: 2, ignored: 0 });
    expect(r.failures).toEqual(["TestSubtractsWrongly", "TestTable/two"]);
    expect(r.findings.map((f) => [f.file, f.line, f.message])).toEqual(FINDINGS);
  });

  it("still reads compile errors in the tests", () => {
    const text = [
      "# example.com/gt/calc [example.com/gt/calc.test]",
      "calc/calc_test.go:6:5: undefined: Sub",
      "FAIL\texample.com/gt/calc [build failed]",
      "FAIL",
    ].join("\n");
    const r = readAll("go test ./...", text);
    expect(r.findings.map((f) => [f.file, f.line, f.message])).toEqual([
      ["calc/calc_test.go", 6, "undefined: Sub"],
    ]);
  });
});
