import { describe, expect, it } from "vitest";
import { chooseReader, readAll } from "../../../src/checkpoints/readers/index.ts";
import { fixture, lines } from "./fixture.ts";

const FAILED = [
  "tests::adds_wrongly",
  "tests::parses_garbage",
  "integration_fails",
  "src/lib.rs - add (line 7)",
];

describe("libtest reader", () => {
  it("reads every test, the summed `test result:` lines and the failures of cargo test", () => {
    const r = readAll("cargo test --no-fail-fast", fixture("cargo-test.txt"));
    expect(r.reader).toBe("cargo+libtest");
    expect(r.totals).toEqual({ passed: 4, failed: 4, ignored: 2 });
    expect(r.failures).toEqual(FAILED);
    expect(r.tests).toEqual([
      { name: "tests::adds_small_numbers", status: "passed", suite: "src/lib.rs", file: null },
      { name: "tests::db_test", status: "ignored", suite: "src/lib.rs", file: null },
      { name: "tests::nested::deep_ok", status: "passed", suite: "src/lib.rs", file: null },
      { name: "tests::adds_wrongly", status: "failed", suite: "src/lib.rs", file: null },
      { name: "tests::parses_garbage", status: "failed", suite: "src/lib.rs", file: null },
      { name: "tests::slow_network_test", status: "ignored", suite: "src/lib.rs", file: null },
      {
        name: "integration_ok",
        status: "passed",
        suite: "tests/integration.rs",
        file: "tests/integration.rs",
      },
      {
        name: "integration_fails",
        status: "failed",
        suite: "tests/integration.rs",
        file: "tests/integration.rs",
      },
      {
        name: "src/lib.rs - add (line 7)",
        status: "failed",
        suite: "doc-tests tcrate",
        file: "src/lib.rs",
      },
      {
        name: "src/lib.rs - add (line 3)",
        status: "passed",
        suite: "doc-tests tcrate",
        file: "src/lib.rs",
      },
    ]);
  });

  it("turns each failure section into an error located by its panic", () => {
    const r = readAll("cargo test", fixture("cargo-test.txt"));
    expect(r.errors).toBe(4);
    expect(r.warnings).toBe(0);
    expect(r.findings).toEqual([
      {
        severity: "error",
        code: null,
        message:
          "tests::adds_wrongly: assertion `left == right` failed: two plus two\n  left: 4\n right: 5",
        file: "src/lib.rs",
        line: 29,
        column: 9,
      },
      {
        severity: "error",
        code: null,
        message:
          "tests::parses_garbage: called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }",
        file: "src/lib.rs",
        line: 15,
        column: 15,
      },
      {
        severity: "error",
        code: null,
        message: "integration_fails: vector should not be empty",
        file: "tests/integration.rs",
        line: 9,
        column: 5,
      },
      // The doc test panics in a temporary bundle; its name locates it in the source.
      {
        severity: "error",
        code: null,
        message:
          "src/lib.rs - add (line 7): assertion `left == right` failed\n  left: 3\n right: 4",
        file: "src/lib.rs",
        line: 7,
        column: null,
      },
    ]);
  });

  it("ignores backtraces (RUST_BACKTRACE=1)", () => {
    const plain = readAll("cargo test", fixture("cargo-test.txt"));
    const traced = readAll("cargo test", fixture("cargo-test-backtrace.txt"));
    expect(fixture("cargo-test-backtrace.txt")).toContain("stack backtrace:");
    // Parallel tests finish in a different order from run to run.
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(traced.findings).toEqual(plain.findings);
    expect([traced.errors, traced.totals]).toEqual([plain.errors, plain.totals]);
    expect(traced.tests.sort(byName)).toEqual(plain.tests.sort(byName));
    expect(traced.failures.sort()).toEqual(plain.failures.sort());
  });

  it("reads `cargo test -q`, which names only the failed tests", () => {
    const r = readAll("cargo test -q", fixture("cargo-test-quiet.txt"));
    expect(r.totals).toEqual({ passed: 4, failed: 4, ignored: 2 });
    expect(r.failures).toEqual(FAILED);
    expect(r.tests.every((t) => t.status === "failed")).toBe(true);
    expect(r.tests.map((t) => t.name)).toEqual(FAILED);
    expect(r.findings.map((f) => [f.file, f.line])).toEqual([
      ["src/lib.rs", 29],
      ["src/lib.rs", 15],
      ["tests/integration.rs", 9],
      ["src/lib.rs", 7],
    ]);
  });

  it("counts the test lines of a suite that never printed `test result:` (crashed binary)", () => {
    const all = lines("cargo-test.txt");
    const cut = all.slice(
      0,
      all.findIndex((l) => l.startsWith("test result:")),
    );
    const reader = chooseReader("cargo test");
    for (const l of cut) reader.push(l);
    const r = reader.finish();
    expect(r.totals).toEqual({ passed: 2, failed: 2, ignored: 2 });
    expect(r.failures).toEqual(["tests::adds_wrongly", "tests::parses_garbage"]);
  });

  it("takes failures from the `failures:` list when no test line named them", () => {
    // The old quiet format printed only dots and F's.
    const r = readAll(
      "cargo test -q",
      [
        "running 3 tests",
        "..F",
        "failures:",
        "",
        "failures:",
        "    parser::rejects_empty",
        "",
        "test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
      ].join("\n"),
    );
    expect(r.failures).toEqual(["parser::rejects_empty"]);
    expect(r.tests).toEqual([
      { name: "parser::rejects_empty", status: "failed", suite: null, file: null },
    ]);
    expect(r.totals).toEqual({ passed: 2, failed: 1, ignored: 0 });
  });
});
