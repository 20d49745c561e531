import { describe, expect, it } from "vitest";
import { readAll } from "../../../src/checkpoints/readers/index.ts";
import { fixture } from "./fixture.ts";

describe("cargo-nextest reader", () => {
  it("reads the results, not the libtest lines inside each failure's output", () => {
    const r = readAll("cargo nextest run --no-fail-fast", fixture("cargo-nextest.txt"));
    expect(r.reader).toBe("cargo+nextest");
    expect(r.totals).toEqual({ passed: 3, failed: 3, ignored: 2 });
    expect(r.failures).toEqual([
      "tests::adds_wrongly",
      "tests::parses_garbage",
      "integration_fails",
    ]);
    expect(r.tests.map((t) => [t.suite, t.name, t.status])).toEqual([
      ["tcrate", "tests::adds_small_numbers", "passed"],
      ["tcrate", "tests::nested::deep_ok", "passed"],
      ["tcrate", "tests::adds_wrongly", "failed"],
      ["tcrate", "tests::parses_garbage", "failed"],
      ["tcrate::integration", "integration_ok", "passed"],
      ["tcrate::integration", "integration_fails", "failed"],
    ]);
  });

  it("locates each failure by its panic", () => {
    const r = readAll("cargo nextest run", fixture("cargo-nextest.txt"));
    expect(r.errors).toBe(3);
    expect(r.findings.map((f) => [f.file, f.line, f.column, f.message])).toEqual([
      ["src/lib.rs", 29, 9, "tests::adds_wrongly: assertion `left == right` failed: two plus two"],
      [
        "src/lib.rs",
        15,
        15,
        "tests::parses_garbage: called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }",
      ],
      ["tests/integration.rs", 9, 5, "integration_fails: vector should not be empty"],
    ]);
  });

  it("reads older nextest's `--- STDERR: ... ---` headers and a timeout", () => {
    const text = [
      "    Starting 2 tests across 1 binary",
      "        FAIL [   0.005s] app tests::bad",
      "--- STDERR:              app tests::bad ---",
      "thread 'tests::bad' panicked at src/main.rs:3:5:",
      "oops",
      "     TIMEOUT [  60.002s] app tests::slow",
      "     Summary [  60.010s] 2 tests run: 0 passed, 1 failed, 1 timed out, 0 skipped",
    ].join("\n");
    const r = readAll("cargo nextest run", text);
    expect(r.totals).toEqual({ passed: 0, failed: 2, ignored: 0 });
    expect(r.findings.map((f) => [f.file, f.line, f.message])).toEqual([
      ["src/main.rs", 3, "tests::bad: oops"],
      [null, null, "tests::slow TIMEOUT"],
    ]);
  });
});
