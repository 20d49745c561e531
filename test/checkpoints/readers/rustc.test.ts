import { describe, expect, it } from "vitest";
import { chooseReader, readAll } from "../../../src/checkpoints/readers/index.ts";
import { fixture, lines } from "./fixture.ts";

const at = (file: string, line: number, column: number) => ({ file, line, column });

describe("rustc / cargo reader", () => {
  it("reads every error and warning of a multi-crate build with code and position", () => {
    const r = readAll("cargo build --keep-going", fixture("cargo-build.txt"));
    expect(r.reader).toBe("cargo");
    expect(r.errors).toBe(5);
    expect(r.warnings).toBe(3);
    expect(r.totals).toBeNull();
    expect(r.findings).toEqual([
      {
        severity: "error",
        code: null,
        message: "expected `;`, found `x`",
        ...at("gamma/src/lib.rs", 2, 14),
      },
      {
        severity: "error",
        code: "E0277",
        message: "cannot add `&str` to `u32`",
        ...at("beta/src/lib.rs", 4, 11),
      },
      {
        severity: "error",
        code: "E0599",
        message: "no method named `length` found for reference `&Point` in the current scope",
        ...at("alpha/src/lib.rs", 12, 7),
      },
      {
        severity: "error",
        code: "E0308",
        message: "mismatched types",
        ...at("alpha/src/lib.rs", 16, 18),
      },
      {
        severity: "error",
        code: "E0425",
        message: "cannot find function `undefined_fn` in this scope",
        ...at("alpha/src/lib.rs", 21, 5),
      },
      {
        severity: "warning",
        code: "unused_imports",
        message: "unused import: `std::collections::HashMap`",
        ...at("beta/src/lib.rs", 1, 5),
      },
      {
        severity: "warning",
        code: "unused_variables",
        message: "unused variable: `a`",
        ...at("alpha/src/lib.rs", 6, 21),
      },
      {
        severity: "warning",
        code: null,
        message: "unused variable: `unused`",
        ...at("alpha/src/lib.rs", 7, 9),
      },
    ]);
  });

  it("reads coloured output exactly like plain output", () => {
    const colour = fixture("cargo-build-color.txt");
    expect(colour).toContain("\x1b[");
    expect(readAll("cargo build --color always", colour)).toEqual(
      readAll("cargo build", fixture("cargo-build.txt")),
    );
  });

  it("reads --message-format short to the same positions", () => {
    const short = readAll("cargo build --message-format short", fixture("cargo-build-short.txt"));
    const human = readAll("cargo build", fixture("cargo-build.txt"));
    expect([short.errors, short.warnings]).toEqual([5, 3]);
    const key = (f: {
      severity: string;
      file: string | null;
      line: number | null;
      column: number | null;
    }) => `${f.severity} ${f.file}:${f.line}:${f.column}`;
    expect(short.findings.map(key).sort()).toEqual(human.findings.map(key).sort());
    expect(short.findings.find((f) => f.line === 12)?.code).toBe("E0599");
  });

  it("takes clippy lint names as codes", () => {
    const r = readAll("cargo clippy", fixture("cargo-clippy.txt"));
    expect([r.errors, r.warnings]).toEqual([0, 3]);
    expect(r.findings.map((f) => [f.code, f.line, f.column])).toEqual([
      ["clippy::ptr_arg", 1, 24],
      ["clippy::len_zero", 2, 5],
      ["clippy::needless_return", 6, 5],
    ]);
  });

  it("uses rustc's 'aborting due to' total and ignores its trailer lines", () => {
    const r = readAll("rustc --crate-type lib alpha/src/lib.rs", fixture("rustc-direct.txt"));
    expect([r.errors, r.warnings]).toEqual([3, 2]);
    expect(r.findings.map((f) => f.code)).toEqual([
      "E0599",
      "E0308",
      "E0425",
      "unused_variables",
      null,
    ]);
  });

  it("trusts 'due to N previous errors' when fewer diagnostics were seen", () => {
    // Drop alpha's diagnostics but keep its summary: 3 errors and 2 warnings it reported.
    const kept = lines("cargo-build.txt").filter(
      (l, i) =>
        i < 49 ||
        l.startsWith("warning: `alpha`") ||
        l.startsWith("error: could not compile `alpha`"),
    );
    expect(kept.join("\n")).not.toContain("E0599");
    const reader = chooseReader("cargo build");
    for (const l of kept) reader.push(l);
    const r = reader.finish();
    expect(r.findings.filter((f) => f.severity === "error")).toHaveLength(2);
    expect([r.errors, r.warnings]).toEqual([5, 3]);
  });

  it("does not take cargo's own status lines for findings", () => {
    const r = readAll("cargo build", fixture("cargo-test.txt"));
    expect(fixture("cargo-test.txt")).toContain("error: test failed, to rerun pass `--lib`");
    expect(fixture("cargo-test.txt")).toContain("error: 3 targets failed:");
    expect([r.errors, r.warnings, r.findings]).toEqual([0, 0, []]);
  });

  it("does not count what a failing test printed as compiler errors", () => {
    const text = fixture("cargo-test.txt").replace(
      "---- integration_fails stdout ----\n",
      "---- integration_fails stdout ----\nerror: config file not found\nwarning: retrying\n",
    );
    expect(text).toContain("error: config file not found");
    const r = readAll("cargo test", text);
    expect([r.errors, r.warnings]).toEqual([4, 0]);
    expect(r.findings.some((f) => f.message.includes("config file"))).toBe(false);
  });

  it("reads errors in test code when `cargo test` cannot compile the tests", () => {
    const r = readAll("cargo test", fixture("cargo-test-compile-error.txt"));
    expect(r.reader).toBe("cargo+libtest");
    expect(r.errors).toBe(2);
    expect(r.totals).toBeNull();
    expect(r.findings.map((f) => [f.code, f.file, f.line, f.column])).toEqual([
      ["E0308", "src/lib.rs", 12, 25],
      ["E0425", "src/lib.rs", 18, 17],
    ]);
  });
});
