import { describe, expect, it } from "vitest";
import { readAll } from "../../../src/checkpoints/readers/index.ts";
import { fixture, lines } from "./fixture.ts";

const EXPECTED = [
  ["TS2322", "src/a.ts", 5, 7, "Type 'string' is not assignable to type 'number'."],
  ["TS6133", "src/a.ts", 5, 7, "'count' is declared but its value is never read."],
  [
    "TS2345",
    "src/a.ts",
    6,
    7,
    "Argument of type 'number' is not assignable to parameter of type 'string'.",
  ],
  [
    "TS2741",
    "src/b.ts",
    4,
    7,
    "Property 'name' is missing in type '{ id: number; }' but required in type 'User'.",
  ],
  ["TS2339", "src/b.ts", 5, 15, "Property 'nmae' does not exist on type 'User'."],
  ["TS6133", "src/b.ts", 6, 10, "'unused' is declared but its value is never read."],
  ["TS2322", "src/b.ts", 8, 36, "Type 'string' is not assignable to type 'number'."],
  [
    "TS2322",
    "src/b.ts",
    9,
    51,
    "Type '(x: string) => string' is not assignable to type '(x: number) => string'.\nTypes of parameters 'x' and 'x' are incompatible.\nType 'number' is not assignable to type 'string'.",
  ],
];

describe("tsc reader", () => {
  it("reads `--pretty false` output with code, position and elaboration", () => {
    const r = readAll("tsc -p . --pretty false", fixture("tsc-plain.txt"));
    expect(r.reader).toBe("tsc");
    expect([r.errors, r.warnings]).toEqual([8, 0]);
    expect(r.findings.every((f) => f.severity === "error")).toBe(true);
    expect(r.findings.map((f) => [f.code, f.file, f.line, f.column, f.message])).toEqual(EXPECTED);
  });

  it("reads the coloured pretty output to the same findings, without related locations", () => {
    const pretty = fixture("tsc-pretty.txt");
    expect(pretty).toContain("'name' is declared here.");
    const r = readAll("npx tsc -p . --pretty", pretty);
    expect(r.findings).toEqual(readAll("tsc", fixture("tsc-plain.txt")).findings);
    expect(r.errors).toBe(8);
  });

  it("reads an error that has no file", () => {
    const r = readAll("tsc -p nowhere", fixture("tsc-nofile.txt"));
    expect(r.findings).toEqual([
      {
        severity: "error",
        code: "TS5058",
        message: "The specified path does not exist: '/tmp/fxB/tsproj/nowhere'.",
        file: null,
        line: null,
        column: null,
      },
    ]);
  });

  it("takes 'Found N errors' as the total when the diagnostics were not all seen", () => {
    const tail = lines("tsc-pretty.txt").filter(
      (l) => l.startsWith("Found ") || l.includes("Errors  Files"),
    );
    const r = readAll("npm run typecheck", tail.join("\n"));
    expect(r.reader).toBe("tsc");
    expect([r.errors, r.findings.length]).toEqual([8, 0]);
  });
});
