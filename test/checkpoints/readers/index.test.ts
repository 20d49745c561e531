import { describe, expect, it } from "vitest";
import { chooseReader, readAll, readerKinds } from "../../../src/checkpoints/readers/index.ts";
import { ROWS } from "../../../src/checkpoints/readers/registry.ts";
import { fixture } from "./fixture.ts";

describe("choosing a reader from the command", () => {
  it.each([
    ["cargo build -p dx-py-interpreter", ["cargo"]],
    ["cargo build --release", ["cargo"]],
    ["cargo +nightly clippy --all-targets -- -D warnings", ["cargo"]],
    ["RUSTFLAGS=-Dwarnings cargo check", ["cargo"]],
    ["rustc src/main.rs", ["cargo"]],
    ["cargo test --lib -p dx-py-jit", ["libtest"]],
    ["cargo nextest run", ["nextest"]],
    ["cargo nextest run --workspace", ["nextest"]],
    ["cd crates/x && cargo test", ["libtest"]],
    ["cargo build && cargo test", ["cargo", "libtest"]],
    ["bash -c 'cd x && cargo test --lib'", ["libtest"]],
    ["timeout 600 cargo test", ["libtest"]],
    ["tsc --noEmit", ["tsc"]],
    ["npx tsc -p tsconfig.json", ["tsc"]],
    ["node_modules/.bin/tsc", ["tsc"]],
    ["npm run typecheck", ["tsc"]],
    ["npm run -s type-check", ["tsc"]],
    ["pnpm typecheck", ["tsc"]],
    ["yarn tsc", ["tsc"]],
    ["gcc -Wall -c main.c", ["gcc"]],
    ["g++ -std=c++20 a.cpp", ["gcc"]],
    ["clang-14 -c x.c", ["gcc"]],
    ["make -j4", ["gcc"]],
    ["go vet ./...", ["go"]],
    ["go build ./cmd/x", ["go"]],
    ["go test ./...", ["gotest"]],
    ["go test -json -run TestX ./pkg", ["gotest"]],
    ["node --test", ["node"]],
    ["npx node --test-reporter=tap --test test/", ["node"]],
    ["node scripts/build.js", ["auto"]],
    ["npx vitest run", ["vitest"]],
    ["pnpm exec vitest --run", ["vitest"]],
    ["npx jest --ci", ["jest"]],
    ["yarn jest", ["jest"]],
    ["pytest -q", ["pytest"]],
    ["python3 -m pytest -v tests/", ["pytest"]],
    ["uv run pytest", ["pytest"]],
    ["poetry run pytest -x", ["pytest"]],
    ["python3 manage.py migrate", ["auto"]],
    ["cargo build && npx vitest run", ["cargo", "vitest"]],
    ["npm test", ["auto"]],
    ["./scripts/check.sh", ["auto"]],
    ["cargo build && ./run-e2e.sh", ["auto"]],
    ["cd somewhere", ["auto"]],
    ["", ["auto"]],
  ])("%s -> %j", (command, kinds) => {
    expect(readerKinds(command)).toEqual(kinds);
  });
});

/** Commands a row's routes spell out by name (a pattern spells none). */
function namedCommands(row: (typeof ROWS)[number]): string[] {
  const { tools = [], subcommands = {}, otherSubcommands = [], scripts = [] } = row.routes;
  const args: Record<string, readonly string[]> = row.routes.arguments ?? {};
  return [
    ...Object.entries(args).flatMap(([p, words]) => words.map((word) => `${p} ${word}`)),
    ...tools.filter((t) => typeof t === "string"),
    ...Object.entries(subcommands).flatMap(([p, subs]) => subs.map((sub) => `${p} ${sub}`)),
    ...otherSubcommands.map((p) => `${p} some-other-subcommand`),
    ...scripts.filter((s) => typeof s === "string").map((s) => `npm run ${s}`),
  ];
}

describe("the reader table", () => {
  // A row whose routes an earlier row shadows could never be chosen.
  const named = ROWS.map((row) => [row.name, namedCommands(row)] as const);
  it.each(
    named.filter(([, commands]) => commands.length > 0),
  )("routes the commands it names to %s", (name, commands) => {
    for (const command of commands) expect(readerKinds(command)).toEqual([name]);
  });

  it("tries only the rows that join auto-detection on unknown commands", () => {
    const auto = ROWS.filter((row) => row.auto).map((row) => row.name);
    expect(auto).toEqual([
      "cargo",
      "libtest",
      "nextest",
      "tsc",
      "gcc",
      "gotest",
      "node",
      "vitest",
      "jest",
      "pytest",
    ]);
    expect(readAll("./unknown.sh", "").reader).toBe("generic");
  });
});

describe("auto-detection for unknown commands", () => {
  it.each([
    ["cargo-build.txt", "cargo"],
    ["cargo-build-color.txt", "cargo"],
    ["cargo-clippy.txt", "cargo"],
    ["cargo-test.txt", "cargo+libtest"],
    ["cargo-test-compile-error.txt", "cargo"],
    // gcc-shaped, but left to the rustc reader: counted once.
    ["cargo-build-short.txt", "cargo"],
    ["rustc-direct.txt", "cargo"],
    ["tsc-plain.txt", "tsc"],
    ["tsc-pretty.txt", "tsc"],
    ["gcc.txt", "gcc"],
    ["gxx.txt", "gcc"],
    ["clang.txt", "gcc"],
    ["make-gcc.txt", "gcc"],
    ["go-vet.txt", "gcc"],
    ["node-test-spec.txt", "node"],
    ["node-test-tap.txt", "node"],
    ["vitest.txt", "vitest"],
    ["vitest-verbose.txt", "vitest"],
    ["jest.txt", "jest"],
    ["jest-verbose.txt", "jest"],
    ["pytest.txt", "pytest"],
    ["pytest-v.txt", "pytest"],
    ["pytest-q.txt", "pytest"],
    ["go-test.txt", "gotest"],
    ["go-test-v.txt", "gotest"],
    ["go-test-json.txt", "gotest"],
    // libtest's lines inside nextest's output sections are not counted again.
    ["cargo-nextest.txt", "cargo+nextest"],
  ])("recognises %s as %s with the counts of the right reader", (name, reader) => {
    const text = fixture(name);
    const auto = readAll("./ci.sh", text);
    expect(auto.reader).toBe(reader);
    const known: Record<string, string> = {
      cargo: "cargo build",
      "cargo+libtest": "cargo test",
      tsc: "tsc",
      gcc: "gcc",
      node: "node --test",
      vitest: "vitest run",
      jest: "jest",
      pytest: "pytest",
      // The gcc reader that go test adds finds nothing in these.
      gotest: "go test ./...",
      "cargo+nextest": "cargo nextest run",
    };
    const explicit = readAll(known[reader] ?? "unknown reader", text);
    expect([auto.errors, auto.warnings, auto.totals, auto.findings]).toEqual([
      explicit.errors,
      explicit.warnings,
      explicit.totals,
      explicit.findings,
    ]);
  });

  it("reports generic, with nothing, for output no reader recognises", () => {
    const log = [
      "Starting build...",
      "error: something went wrong in the deploy script",
      "warning: low disk space",
      "2024-05-01 12:00:00: ERROR connection refused",
      "Done in 3.2s",
    ].join("\n");
    expect(readAll("./deploy.sh", log)).toEqual({
      reader: "generic",
      findings: [],
      errors: 0,
      warnings: 0,
      tests: [],
      totals: null,
      failures: [],
    });
  });

  it("reads CRLF text and progress-bar overdraws", () => {
    const text = fixture("tsc-plain.txt").replaceAll("\n", "\r\n");
    expect(readAll("tsc", text).findings).toEqual(
      readAll("tsc", fixture("tsc-plain.txt")).findings,
    );
    const reader = chooseReader("gcc -c x.c");
    reader.push("[ 10%] Building...\r[ 20%] Building...\rmain.c:3:1: error: expected ‘;’\r");
    expect(reader.finish().findings.map((f) => [f.file, f.line, f.message])).toEqual([
      ["main.c", 3, "expected ‘;’"],
    ]);
  });
});
