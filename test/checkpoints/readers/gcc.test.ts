import { describe, expect, it } from "vitest";
import { readAll } from "../../../src/checkpoints/readers/index.ts";
import { fixture } from "./fixture.ts";

type Row = [string, string | null, string | null, number | null, number | null, string];
const rows = (command: string, name: string): Row[] =>
  readAll(command, fixture(name)).findings.map((f) => [
    f.severity,
    f.code,
    f.file,
    f.line,
    f.column,
    f.message,
  ]);

describe("gcc-style reader", () => {
  it("reads gcc errors and warnings with their -W flag, not the notes", () => {
    const r = readAll("gcc -Wall -Wextra -c main.c", fixture("gcc.txt"));
    expect([r.reader, r.errors, r.warnings]).toEqual(["gcc", 1, 5]);
    expect(rows("gcc -c main.c", "gcc.txt")).toEqual([
      ["error", null, "main.c", 9, 21, "expected ‘;’ before ‘}’ token"],
      [
        "warning",
        "-Wint-conversion",
        "main.c",
        6,
        15,
        "initialization of ‘char *’ from ‘int’ makes pointer from integer without a cast",
      ],
      [
        "warning",
        "-Wformat=",
        "main.c",
        7,
        14,
        "format ‘%d’ expects argument of type ‘int’, but argument 2 has type ‘char *’",
      ],
      [
        "warning",
        "-Wimplicit-function-declaration",
        "main.c",
        8,
        5,
        "implicit declaration of function ‘undeclared_fn’",
      ],
      ["warning", "-Wunused-variable", "main.c", 6, 11, "unused variable ‘s’"],
      ["warning", "-Wunused-variable", "main.c", 5, 9, "unused variable ‘unused’"],
    ]);
  });

  it("reads g++ (notes about the pure virtual functions are not findings)", () => {
    const r = readAll("g++ -c shapes.cpp", fixture("gxx.txt"));
    expect([r.errors, r.warnings]).toEqual([3, 2]);
    expect(r.findings.map((f) => [f.severity, f.line, f.column])).toEqual([
      ["error", 8, 21],
      ["error", 9, 11],
      ["error", 12, 12],
      ["warning", 11, 23],
      ["warning", 10, 9],
    ]);
  });

  it("reads clang and agrees with its 'N warnings and M errors generated' line", () => {
    expect(fixture("clang.txt")).toContain("3 warnings and 1 error generated.");
    const r = readAll("clang -Wall -c main.c", fixture("clang.txt"));
    expect([r.errors, r.warnings]).toEqual([1, 3]);
    expect(rows("clang -c main.c", "clang.txt")).toEqual([
      ["error", null, "main.c", 9, 21, "expected ';' after return statement"],
      [
        "warning",
        "-Wint-conversion",
        "main.c",
        6,
        11,
        "incompatible integer to pointer conversion initializing 'char *' with an expression of type 'int'",
      ],
      [
        "warning",
        "-Wformat",
        "main.c",
        7,
        20,
        "format specifies type 'int' but the argument has type 'char *'",
      ],
      [
        "warning",
        "-Wimplicit-function-declaration",
        "main.c",
        8,
        5,
        "implicit declaration of function 'undeclared_fn' is invalid in C99",
      ],
    ]);
  });

  it("trusts clang's total when the diagnostics were not all seen", () => {
    const r = readAll("clang -c main.c", "3 warnings and 2 errors generated.\n1 error generated.");
    expect([r.errors, r.warnings]).toEqual([3, 3]);
  });

  it("reads link errors and fatal errors under make, not make's own lines", () => {
    expect(rows("make -k", "make-gcc.txt")).toEqual([
      ["error", null, "link2.c", null, null, "undefined reference to `helper'"],
      ["error", null, null, null, null, "ld returned 1 exit status"],
      ["error", null, "link.c", 1, 10, "missing.h: No such file or directory"],
    ]);
  });

  it("reads go vet and go build, whose lines have no severity", () => {
    expect(rows("go vet ./...", "go-vet.txt")).toEqual([
      [
        "error",
        null,
        "util/util.go",
        6,
        2,
        "fmt.Println call has possible formatting directive %s",
      ],
      ["error", null, "util/util.go", 8, 2, "unreachable code"],
      ["error", null, "main.go", 21, 2, "self-assignment of x to x"],
      [
        "error",
        null,
        "main.go",
        13,
        13,
        "show passes lock by value: example.com/vetme.Counter contains sync.Mutex",
      ],
      [
        "error",
        null,
        "main.go",
        19,
        19,
        "call of show copies lock value: example.com/vetme.Counter contains sync.Mutex",
      ],
      ["error", null, "main.go", 17, 2, "fmt.Printf format %d has arg name of wrong type string"],
    ]);
    const build = readAll("cd gobuild && go build ./...", fixture("go-build.txt"));
    expect(build.errors).toBe(4);
    expect(build.findings.map((f) => [f.line, f.column, f.message])).toEqual([
      [5, 2, 'imported and not used: "os"'],
      [9, 14, 'cannot use "five" (untyped string constant) as int value in variable declaration'],
      [10, 14, "undefined: undefinedThing"],
      [11, 9, "too many return values"],
    ]);
  });

  it("reads go vet's `file:line: message` without a column", () => {
    const r = readAll(
      "go vet ./...",
      "# example.com/x\nx.go:12: possible misuse of unsafe.Pointer",
    );
    expect(r.findings).toEqual([
      {
        severity: "error",
        code: null,
        message: "possible misuse of unsafe.Pointer",
        file: "x.go",
        line: 12,
        column: null,
      },
    ]);
  });

  it("does not take a Go program's log lines for diagnostics when the command is unknown", () => {
    const log = "main.go:42: listening on :8080\nserver.go:7:3: request served";
    expect(readAll("./server", log).errors).toBe(0);
    // ...but does once the Go tools' `# package` header says these are diagnostics.
    expect(readAll("./ci.sh", `# example.com/x\n${log}`).errors).toBe(2);
  });
});
