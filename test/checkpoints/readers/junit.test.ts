import { describe, expect, it } from "vitest";
import { mergeReadings, readAll } from "../../../src/checkpoints/readers/index.ts";
import { readJunit } from "../../../src/checkpoints/readers/junit.ts";
import { fixture } from "./fixture.ts";

describe("JUnit reader", () => {
  it("reads vitest's JUnit report: cases, suites, totals and located failures", () => {
    const r = readJunit(fixture("vitest-junit.xml"), { source: "junit.xml" });
    expect(r.reader).toBe("junit");
    expect(r.totals).toEqual({ passed: 3, failed: 2, ignored: 2 });
    expect(r.errors).toBe(2);
    expect(r.failures).toEqual(["math > subtracts wrongly", 'throws <error> & "quotes"']);
    expect(r.tests.map((t) => [t.name, t.status, t.suite, t.file])).toEqual([
      ["math > adds", "passed", "math.test.ts", "math.test.ts"],
      ["math > subtracts wrongly", "failed", "math.test.ts", "math.test.ts"],
      ["math > skipped one", "ignored", "math.test.ts", "math.test.ts"],
      ["math > nested > multiplies", "passed", "math.test.ts", "math.test.ts"],
      ["upper", "passed", "strings.test.ts", "strings.test.ts"],
      ['throws <error> & "quotes"', "failed", "strings.test.ts", "strings.test.ts"],
      ["later", "ignored", "strings.test.ts", "strings.test.ts"],
    ]);
    expect(r.findings).toEqual([
      {
        severity: "error",
        code: "AssertionError",
        message: "math > subtracts wrongly: expected 2 to be 1 // Object.is equality",
        file: "math.test.ts",
        line: 3,
        column: 49,
      },
      {
        severity: "error",
        code: "Error",
        message: 'throws <error> & "quotes": boom <b>&</b>',
        file: "strings.test.ts",
        line: 2,
        column: 51,
      },
    ]);
  });

  it("reads pytest's report: <error> counts as a failure, numeric entities are decoded", () => {
    const r = readJunit(fixture("pytest-junit.xml"));
    expect(r.totals).toEqual({ passed: 2, failed: 2, ignored: 1 });
    expect(r.failures).toEqual(["test_bad", "test_uses_broken"]);
    expect(r.findings.map((f) => [f.file, f.line, f.message.split("\n")[0]])).toEqual([
      ["test_calc.py", 7, "test_bad: assert [1, 2] == [1, 3]"],
      [
        "test_calc.py",
        15,
        'test_uses_broken: failed on setup with "RuntimeError: fixture exploded"',
      ],
    ]);
    expect(r.tests.find((t) => t.name === "test_inside")).toEqual({
      name: "test_inside",
      status: "passed",
      suite: "pytest",
      file: null,
    });
  });

  it("uses the file and line attributes a reporter gives, and nested suites", () => {
    const xml = `<?xml version="1.0"?>
<testsuite name="outer" tests="2">
  <testsuite name="inner">
    <testcase name="a" classname="pkg.A" file="src/a.spec.js" line="14"><failure>at helper (lib/util.js:3:9)</failure></testcase>
  </testsuite>
  <testcase name="b" classname="pkg.B"/>
</testsuite>`;
    const r = readJunit(xml);
    expect(r.totals).toEqual({ passed: 1, failed: 1, ignored: 0 });
    expect(r.tests).toEqual([
      { name: "b", status: "passed", suite: "outer", file: null },
      { name: "a", status: "failed", suite: "inner", file: "src/a.spec.js" },
    ]);
    expect(r.findings).toEqual([
      {
        severity: "error",
        code: null,
        message: "a: at helper (lib/util.js:3:9)",
        file: "src/a.spec.js",
        line: 14,
        column: null,
      },
    ]);
  });

  it("reports broken or hostile XML as one clear error instead of throwing", () => {
    const broken = readJunit("<testsuites><testsuite name='x'><testcase></testsuite>", {
      source: "out/junit.xml",
    });
    expect(broken.errors).toBe(1);
    expect(broken.totals).toBeNull();
    expect(broken.findings[0]?.message).toMatch(
      /^invalid JUnit XML in out\/junit\.xml: .+\(line 1\)$/,
    );
    expect(broken.findings[0]?.file).toBe("out/junit.xml");

    const bomb = readJunit(
      '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><testsuite name="&b;"/>',
    );
    expect(bomb.findings[0]?.message).toBe(
      "invalid JUnit XML: entity declarations are not supported",
    );

    expect(readJunit("<html><body/></html>").findings[0]?.message).toBe(
      "invalid JUnit XML: no <testsuites> or <testsuite> element",
    );
    expect(readJunit("").errors).toBe(1);
  });

  it("reads an empty report as zero tests", () => {
    const r = readJunit('<testsuites name="vitest tests" tests="0"></testsuites>');
    expect([r.errors, r.totals, r.tests]).toEqual([0, null, []]);
    expect(readJunit('<testsuites><testsuite name="none" tests="0"/></testsuites>').totals).toEqual(
      {
        passed: 0,
        failed: 0,
        ignored: 0,
      },
    );
  });

  it("merges into a command's reading: counts add up, errors stay first", () => {
    const command = readAll("cargo clippy", fixture("cargo-clippy.txt"));
    const junit = readJunit(fixture("vitest-junit.xml"));
    const merged = mergeReadings(command, junit);
    expect(merged.reader).toBe("cargo+junit");
    expect([merged.errors, merged.warnings]).toEqual([2, 3]);
    expect(merged.findings.map((f) => f.severity)).toEqual([
      "error",
      "error",
      "warning",
      "warning",
      "warning",
    ]);
    expect(merged.totals).toEqual(junit.totals);
    expect(merged.failures).toEqual(junit.failures);
    expect(mergeReadings().reader).toBe("generic");
    expect(mergeReadings(readAll("echo hi", "hi"), junit).reader).toBe("junit");
  });
});
