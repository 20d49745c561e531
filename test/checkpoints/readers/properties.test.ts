// Readers see whatever a command prints: they must never throw, and whatever the
// volume they keep within their caps while counting everything.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ReaderLimits, Reading } from "../../../src/checkpoints/readers/index.ts";
import { chooseReader } from "../../../src/checkpoints/readers/index.ts";
import { readJunit } from "../../../src/checkpoints/readers/junit.ts";
import { lines } from "./fixture.ts";

const COMMANDS = ["cargo build", "cargo test", "tsc", "gcc -c x.c", "go vet ./...", "./unknown.sh"];
const SMALL: ReaderLimits = { findings: 5, tests: 4, failures: 3, message: 200 };

const word = fc.string({ maxLength: 12 });
const num = fc.oneof(fc.nat(30), fc.nat(), fc.constant(99999999999), fc.constant(-1));
const path = fc.constantFrom(
  "src/lib.rs",
  "a.ts",
  "./main.go",
  "x.c",
  "C:\\w\\y.cpp",
  "",
  " ",
  "a:b",
);
const severity = fc.constantFrom("error", "warning", "fatal error", "note", "ERROR", "");
const templated = fc.oneof(
  fc.tuple(severity, word, word).map(([s, c, m]) => `${s}[${c}]: ${m}`),
  fc.tuple(severity, word).map(([s, m]) => `${s}: ${m}`),
  fc.tuple(path, num, num).map(([f, l, c]) => ` --> ${f}:${l}:${c}`),
  fc
    .tuple(path, num, num, severity, word)
    .map(([f, l, c, s, m]) => `${f}:${l}:${c}: ${s}: ${m} [-W${m}]`),
  fc
    .tuple(path, num, num, severity, num, word)
    .map(([f, l, c, s, n, m]) => `${f}(${l},${c}): ${s} TS${n}: ${m}`),
  fc
    .tuple(path, num, num, severity, num, word)
    .map(([f, l, c, s, n, m]) => `${f}:${l}:${c} - ${s} TS${n}: ${m}`),
  fc.tuple(path, num, word).map(([f, l, m]) => `${f}:${l}: ${m}`),
  fc
    .tuple(word, fc.constantFrom("ok", "FAILED", "ignored", "bench"))
    .map(([n, s]) => `test ${n} ... ${s}`),
  fc
    .tuple(num, num, num)
    .map(([a, b, c]) => `test result: FAILED. ${a} passed; ${b} failed; ${c} ignored;`),
  fc
    .tuple(num)
    .map(
      ([n]) =>
        `error: could not compile \`x\` (lib) due to ${n} previous errors; 2 warnings emitted`,
    ),
  fc
    .tuple(num, num)
    .map(([n, d]) => `warning: \`x\` (lib) generated ${n} warnings (${d} duplicates)`),
  fc.tuple(num, num).map(([w, e]) => `${w} warnings and ${e} errors generated.`),
  fc.tuple(num).map(([n]) => `Found ${n} errors in 2 files.`),
  fc.tuple(word).map(([n]) => `---- ${n} stdout ----`),
  fc.tuple(word, path, num, num).map(([n, f, l, c]) => `thread '${n}' panicked at ${f}:${l}:${c}:`),
  fc.tuple(word).map(([n]) => `    ${n}`),
  fc.tuple(word).map(([n]) => `${n} --- FAILED`),
  fc.constantFrom(
    "failures:",
    "",
    "running 3 tests",
    "# example.com/x",
    "   Compiling x v0.1.0",
    "  = note: `#[warn(x)]` on",
  ),
);
const colour = (line: string) => `\x1b[1m\x1b[91m${line.slice(0, 3)}\x1b[0m${line.slice(3)}\r`;
const fixtureLines = [
  ...lines("cargo-test.txt"),
  ...lines("cargo-build-color.txt"),
  ...lines("tsc-pretty.txt"),
  ...lines("gcc.txt"),
];
const anyLine = fc.oneof(
  templated,
  templated.map(colour),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom(...fixtureLines),
  fc.tuple(fc.constantFrom(...fixtureLines), fc.nat(40)).map(([l, n]) => l.slice(n)),
);

function checkInvariants(r: Reading, limits: ReaderLimits) {
  expect(r.findings.length).toBeLessThanOrEqual(limits.findings);
  expect(r.tests.length).toBeLessThanOrEqual(limits.tests);
  expect(r.failures.length).toBeLessThanOrEqual(limits.failures);
  const errors = r.findings.filter((f) => f.severity === "error").length;
  expect(r.errors).toBeGreaterThanOrEqual(errors);
  expect(r.warnings).toBeGreaterThanOrEqual(r.findings.length - errors);
  // Errors first.
  expect(r.findings.slice(0, errors).every((f) => f.severity === "error")).toBe(true);
  for (const n of [r.errors, r.warnings, ...(r.totals ? Object.values(r.totals) : [])]) {
    expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
  }
  for (const f of r.findings) {
    expect(f.message.length).toBeLessThanOrEqual(limits.message);
    for (const n of [f.line, f.column])
      expect(n === null || (Number.isSafeInteger(n) && n >= 0)).toBe(true);
  }
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
}

describe("reader properties", () => {
  it("never throw on arbitrary lines and keep their invariants", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMANDS),
        fc.array(anyLine, { maxLength: 60 }),
        (command, input) => {
          const reader = chooseReader(command, SMALL);
          for (const line of input) reader.push(line);
          checkInvariants(reader.finish(), SMALL);
        },
      ),
      { numRuns: 600 },
    );
  });

  it("JUnit never throws on arbitrary or mangled XML", () => {
    const xml = lines("vitest-junit.xml").join("\n");
    const mangled = fc
      .tuple(fc.nat(xml.length), fc.nat(xml.length), fc.string({ maxLength: 20 }))
      .map(([a, b, s]) => xml.slice(0, Math.min(a, b)) + s + xml.slice(Math.max(a, b)));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), mangled), (text) => {
        checkInvariants(readJunit(text, { limits: SMALL }), SMALL);
      }),
      { numRuns: 400 },
    );
  });
});

describe("memory caps", () => {
  const N = 100_000;
  it.each([
    [
      "cargo build",
      (i: number) => [`error[E0308]: mismatched types number ${i}`, ` --> src/m${i}.rs:${i}:1`, ""],
    ],
    [
      "tsc",
      (i: number) => [`src/f${i}.ts(${i},2): error TS2322: Type 'string' is not assignable.`],
    ],
    ["gcc -c x.c", (i: number) => [`x${i}.c:${i}:3: error: expected ‘;’`]],
    ["./unknown.sh", (i: number) => [`x${i}.c:${i}:3: error: expected ‘;’`]],
    ["go vet ./...", (i: number) => [`./m${i}.go:${i}:2: unreachable code`]],
  ])("%s: 1e5 errors keep 100 findings and count all", (command, make) => {
    const reader = chooseReader(command);
    for (let i = 1; i <= N; i++) for (const line of make(i)) reader.push(line);
    const r = reader.finish();
    expect(r.errors).toBe(N);
    expect(r.findings).toHaveLength(100);
    expect(r.findings[99]?.line).toBe(100);
  });

  it("retains a bounded heap whatever the volume (200 MB of distinct diagnostics)", () => {
    // Retention, not garbage: a full collection before each reading of the heap (without
    // it the figure depended on when the collector last ran, and flaked under load).
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const pad = "x".repeat(1000);
    for (const command of ["cargo test", "./unknown.sh"]) {
      const reader = chooseReader(command);
      gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < 200_000; i++) {
        // Distinct strings, so nothing is shared with the template.
        reader.push(`${i % 3 ? "warning" : "error"}[E${i}]: ${i}${pad}`);
        reader.push(` --> src/f${i}.rs:${i}:1`);
        reader.push(`test t${i}${pad} ... ${i % 2 ? "ok" : "FAILED"}`);
      }
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      const r = reader.finish();
      expect(r.errors + r.warnings).toBe(200_000);
      // Keeping every line would take > 400 MB; the caps keep a few hundred.
      expect(grown).toBeLessThan(64 * 1024 * 1024);
    }
  });

  it("warnings never push errors out of the kept findings", () => {
    const reader = chooseReader("gcc");
    for (let i = 1; i <= N; i++) reader.push(`w.c:${i}:1: warning: unused [-Wunused]`);
    reader.push("e.c:1:1: error: the one that matters");
    const r = reader.finish();
    expect([r.errors, r.warnings]).toEqual([1, N]);
    expect(r.findings[0]?.message).toBe("the one that matters");
    expect(r.findings).toHaveLength(100);
  });

  it("cargo test: 1e5 test lines keep 500 tests and 100 failure names, totals count all", () => {
    const reader = chooseReader("cargo test");
    reader.push("running 100000 tests");
    for (let i = 0; i < N; i++) reader.push(`test t${i} ... ${i % 2 ? "ok" : "FAILED"}`);
    for (let i = 0; i < N; i += 2) reader.push(`---- t${i} stdout ----`);
    reader.push("failures:");
    for (let i = 0; i < N; i += 2) reader.push(`    t${i}`);
    reader.push(
      "test result: FAILED. 50000 passed; 50000 failed; 0 ignored; 0 measured; 0 filtered out",
    );
    const r = reader.finish();
    expect(r.totals).toEqual({ passed: N / 2, failed: N / 2, ignored: 0 });
    expect(r.tests).toHaveLength(500);
    expect(r.failures).toHaveLength(100);
    expect(r.findings).toHaveLength(100);
    expect(r.errors).toBe(N / 2);
  });

  it("a JUnit file with 1e5 cases keeps the caps", () => {
    const cases = Array.from({ length: N }, (_, i) =>
      i % 2
        ? `<testcase name="c${i}"/>`
        : `<testcase name="c${i}"><failure message="m${i}"/></testcase>`,
    );
    const r = readJunit(
      `<testsuites><testsuite name="big">${cases.join("")}</testsuite></testsuites>`,
    );
    expect(r.totals).toEqual({ passed: N / 2, failed: N / 2, ignored: 0 });
    expect([r.tests.length, r.failures.length, r.findings.length, r.errors]).toEqual([
      500,
      100,
      100,
      N / 2,
    ]);
  });
});
