// What is a command: by the shape of the span and the verb of the line (issue 13, item 6).
import { describe, expect, it } from "vitest";
import { isBareCommand, shapeOf } from "../../src/plan/command-shape.ts";
import { commandsIn } from "../../src/plan/commands.ts";

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
