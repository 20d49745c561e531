// What is a command: by the shape of the span and the verb of the line (issue 13, item 6).
import { describe, expect, it } from "vitest";
import { isBareCommand, shapeOf } from "../../src/plan/command-shape.ts";
import { checkpointCommands, commandsIn } from "../../src/plan/commands.ts";
import { KEYWORDS } from "../../src/plan/keywords.ts";

const runs = (text: string) => commandsIn(text).map((c) => (c.cwd ? `${c.run} @${c.cwd}` : c.run));

describe("the shape of a span", () => {
  it.each([
    ["cargo clippy --all-targets -- -D warnings", "command"],
    ["RUST_LOG=debug cargo test", "command"],
    ["./gradlew test", "command"],
    ["scripts/check.sh", "command"],
    ["node_modules/.bin/vitest run", "command"],
    ["mytool --check", "arguments"],
    ["mytool build", "arguments"],
    ["lint", "word"],
    ["parseHumanV3", "other"],
    ["formatDocumentV3", "other"],
    ["const x = createStore()", "other"],
    ["x = 1", "other"],
    ["serde_json::from_str", "other"],
    ["src/lib.rs", "other"],
    ["profile.get_call_count()", "other"],
    ["UserService.create", "other"],
    ["Result", "other"],
    ["select * from users", "other"],
  ])("%s is %s", (span, shape) => {
    expect(shapeOf(span)).toBe(shape);
  });

  it("takes a whole line as a command only when every word after the tool is an argument", () => {
    expect(isBareCommand("cargo clippy --all-targets -- -D warnings")).toBe(true);
    expect(isBareCommand("go test ./...")).toBe(true);
    expect(isBareCommand("cargo test for the parser")).toBe(false);
    expect(isBareCommand("full workspace build")).toBe(false);
    expect(isBareCommand("quickstart.md validation")).toBe(false);
  });
});

describe("commands in a line", () => {
  it.each([
    ["Parse the content with `parseHumanV3`", []],
    ["Format the output with `formatDocumentV3`", []],
    ["Declare `const x = createStore()` at module scope", []],
    ["Publish with `npm publish` after review", []],
    ["Lint with `biome check .`", ["biome check ."]],
    ["Run `lint`", ["lint"]],
    ["Run the `seed` script before tests", []],
    ["Tests pass: `npm test`", ["npm test"]],
    [
      "Run cargo clippy --all-targets -- -D warnings",
      ["cargo clippy --all-targets -- -D warnings"],
    ],
    ["Run cargo test --workspace to verify the refactor", ["cargo test --workspace"]],
    ["Run cargo test in dx-py-runtime directory", ["cargo test @dx-py-runtime"]],
    ["Run go test ./...", ["go test ./..."]],
    ["Run cargo fmt --all -- --check.", ["cargo fmt --all -- --check"]],
    ["Run dx-py-jit tests specifically", []],
    ["Run full workspace build", []],
    ["Run pytest for the API module", []],
  ])("%s", (text, expected) => {
    expect(runs(text)).toEqual(expected);
  });

  it("points an unbackticked command at its first character", () => {
    const [found] = commandsIn("Run: npm test");
    expect(found).toEqual({ run: "npm test", cwd: null, index: 5 });
  });
});

describe("commands in every language of the keywords table", () => {
  it.each([
    ["运行 `pytest -q`", ["pytest -q"]],
    ["运行 `pytest` 和 `ruff check .`", ["pytest", "ruff check ."]],
    ["`npm test` を実行する", ["npm test"]],
    ["`npm run build` と `npm test` を実行する", ["npm run build", "npm test"]],
    ["`./gradlew test` 실행", ["./gradlew test"]],
    ["`pytest`를 실행합니다", ["pytest"]],
    ["Ejecutar `python manage.py test reservas`", ["python manage.py test reservas"]],
    ["Executar `npm run test`", ["npm run test"]],
    [
      "Lancer `cargo clippy -- -D warnings` puis `cargo test`",
      ["cargo clippy -- -D warnings", "cargo test"],
    ],
    ["`go test ./...` ausführen", ["go test ./..."]],
    ["Ejecutar python manage.py test", ["python manage.py test"]],
    // The same words elsewhere in the line do not make it a run line.
    ["`Reservation` と `Room` モデルを追加する", []],
    ["Tabellen `rechnung` und `position` anlegen", []],
  ])("%s", (text, expected) => {
    expect(runs(text)).toEqual(expected);
  });

  it("gives every language a run verb or a word after the command", () => {
    const without = Object.entries(KEYWORDS).filter(
      ([, k]) => k.run.length + k.runAfter.length === 0,
    );
    expect(without).toEqual([]);
  });
});

describe("a program named without arguments", () => {
  it.each([
    ["Switch from `diesel` to `sqlx` with compile-time checked queries", []],
    ["Create a `cdylib` crate and build it with `wasm-pack`", []],
    ["Run `wasm-pack`", ["wasm-pack"]],
    ["Ensure `pytest` passes", ["pytest"]],
    ["Checkpoint: `pytest` passes", ["pytest"]],
    ["Build it by running `make`", ["make"]],
  ])("%s", (text, expected) => {
    expect(runs(text)).toEqual(expected);
  });
});

describe("a checkpoint's command after a colon", () => {
  it("is a whole known command, not a word or code", () => {
    const found = (t: string) => checkpointCommands(t).map((c) => c.run);
    expect(found("Loads a day end to end: `pytest tests/integration -q`")).toEqual([
      "pytest tests/integration -q",
    ]);
    expect(found("Works on one node: `pytest`")).toEqual([]);
    expect(found("Parser done: `parse_line(x)`")).toEqual([]);
    expect(found("Parser done with `pytest -q`")).toEqual([]);
  });
});
