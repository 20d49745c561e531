// Each reader pattern that backtracked super-linearly (issue 11, item 2), fed the
// attack that made it quadratic or worse (recheck's attack strings; a line that ends in
// U+2028 fails every `.*$`). The old patterns took 0.1-22 s on these lines; this checks
// that the rewritten readers read them correctly (bench/linear.bench.ts measures time).
import { describe, expect, it } from "vitest";
import { readAll } from "../../../src/checkpoints/readers/index.ts";

const N = 16_000;
const LS = "\u2028";
const rep = (s: string, n: number): string => s.repeat(Math.ceil(n / s.length)).slice(0, n);
const at = (r: ReturnType<typeof readAll>) => r.findings.map((f) => [f.file, f.line, f.column]);

describe("reader patterns on their attack lines", () => {
  it("gcc: a diagnostic whose message repeats `:0: error: ` and ends in U+2028", () => {
    const r = readAll("gcc -c a.c", `o${rep(":0: error: ", N)}${LS}`);
    expect([r.errors, ...at(r)]).toEqual([1, ["o", 0, null]]);
  });

  it("gcc: a linker line repeating its `:(.text+0x..)` part", () => {
    const r = readAll("gcc a.o", `e${rep(":(.u+0xe): undefined reference to ", N)}${LS}`);
    expect([r.errors, ...at(r)]).toEqual([1, ["e", null, null]]);
    expect(r.findings[0]?.message.startsWith("undefined reference to :(.u+0xe)")).toBe(true);
  });

  it("go: a bare `file:line:` run that is not a path", () => {
    const r = readAll("go vet ./...", `a${rep(":0: :", N)}${LS}`);
    expect([r.errors, r.warnings]).toEqual([0, 0]);
  });

  it("rustc --message-format short: `.rs:0:0: error: :` repeated", () => {
    const r = readAll("cargo build", `.${rep(".rs:0:0: error: :", N)}${LS}`);
    expect([r.errors, ...at(r)]).toEqual([1, ["..rs", 0, 0]]);
  });

  it("tsc: both layouts with the header repeated", () => {
    const plain = readAll("tsc", `x${rep("(0,0): error TS0: ", N)}${LS}`);
    expect([plain.errors, ...at(plain)]).toEqual([1, ["x", 0, 0]]);
    const pretty = readAll("tsc", `x${rep(":0:0 - error TS0: ", N)}${LS}`);
    expect([pretty.errors, ...at(pretty)]).toEqual([1, ["x", 0, 0]]);
  });

  it("libtest: a test name made of ` - ` (the doc-test pattern)", () => {
    const r = readAll("cargo test", `test e${rep(" - ", N)}i ... ok\n`);
    expect(r.totals).toEqual({ passed: 1, failed: 0, ignored: 0 });
    expect(r.tests[0]?.file).toBeNull();
    // A real doc test is still located by its name.
    const doc = readAll("cargo test", "test src/lib.rs - add (line 7) ... FAILED\n");
    expect(doc.tests[0]?.file).toBe("src/lib.rs");
  });

  it("libtest: panic lines that repeat `' panicked at` (both forms)", () => {
    const section = "running 1 test\ntest x ... FAILED\n---- x stdout ----\n";
    const current = readAll("cargo test", `${section}thread '${rep("' panicked at :", N)} \n`);
    expect([current.errors, ...at(current)]).toEqual([1, [null, null, null]]);
    const old = `thread '${rep("' panicked at '", N / 2)}${rep("', :", N / 2)}\0`;
    const before = readAll("cargo test", `${section}${old}\n`);
    expect([before.errors, ...at(before)]).toEqual([1, [null, null, null]]);
    // Real panics still locate their test.
    const real = readAll(
      "cargo test",
      `${section}thread 'x' (7) panicked at src/a.rs:3:5:\nboom\n`,
    );
    expect(at(real)).toEqual([["src/a.rs", 3, 5]]);
  });

  it("any reader: a line of carriage returns before the text", () => {
    const r = readAll("gcc -c a.c", `${"\r".repeat(N)}main.c:1:2: error: boom\r\r\n`);
    expect(r.findings.map((f) => [f.file, f.line, f.message])).toEqual([["main.c", 1, "boom"]]);
  });

  it("vitest: a FAIL header of ` [ ` ending in U+2028", () => {
    const r = readAll("vitest run", ` FAIL  a${rep(" [ ", N)}${LS}`);
    expect([r.errors, ...at(r)]).toEqual([1, ["a", null, null]]);
  });
});
