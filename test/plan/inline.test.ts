// What one bullet says: references and commands, in the phrasings real plans use.
import { describe, expect, it } from "vitest";
import { commandsIn, fenceCommands } from "../../src/plan/commands.ts";
import { parseIdList, requirementReference } from "../../src/plan/references.ts";

const runs = (text: string) => commandsIn(text).map((c) => (c.cwd ? `${c.run} @${c.cwd}` : c.run));

describe("commands", () => {
  it.each([
    ["Run `npm test`", ["npm test"]],
    [
      "Execute `cargo build --release` in dx-py-runtime directory",
      ["cargo build --release @dx-py-runtime"],
    ],
    ["Ensure `cargo build -p x` succeeds for JIT-related code", ["cargo build -p x"]],
    ["`pytest -q` passes", ["pytest -q"]],
    ["Verify with `cargo check`", ["cargo check"]],
    ["Ensure all tests pass by running `npm test`", ["npm test"]],
    [
      "Run `npm ci` and `npm run build` in the `web` directory",
      ["npm ci @web", "npm run build @web"],
    ],
    ["Run `make check` from the directory build", ["make check @build"]],
    ["Run `RUST_LOG=debug cargo test`", ["RUST_LOG=debug cargo test"]],
    ["Run `./check.sh`", ["./check.sh"]],
    ["Execute `../tools/lint.sh --fast` and `~/bin/x`", ["../tools/lint.sh --fast", "~/bin/x"]],
    ["Ensure `./gradlew test` passes", ["./gradlew test"]],
    ["All stories work - run `pytest`", ["pytest"]],
  ])("%s", (text, expected) => {
    expect(runs(text)).toEqual(expected);
  });

  it.each([
    'Add `dx-py-reactor = { path = "../dx-py-reactor" }` to dependencies section',
    "Use `profile.get_call_count()` instead of `profile.call_count()`",
    "Replace `CompilationTier::Tier0` with `CompilationTier::Interpreter`",
    "Implement `get_or_create` method for consistent ID assignment",
    "Ensure `Result` is returned",
    "Verify `FunctionId` is used everywhere",
    "Handle `Option<*const u8>` return type instead of Result",
  ])("not a command: %s", (text) => {
    expect(runs(text)).toEqual([]);
  });
});

describe("fenced blocks", () => {
  it("a console transcript runs its prompts, not their output", () => {
    expect(fenceCommands(["$ make test", "ok", "> npm run lint", "0 problems"], "console")).toEqual(
      [
        { run: "make test", index: 0 },
        { run: "npm run lint", index: 2 },
      ],
    );
    expect(
      fenceCommands(["make", "# comment", "npm test \\", "  --coverage"], "bash").map((c) => c.run),
    ).toEqual(["make", "npm test --coverage"]);
  });
});

describe("requirement references", () => {
  it.each([
    ["_Requirements: 1.1, 1.2_", ["1.1", "1.2"]],
    ["**Requirements:** 2.4", ["2.4"]],
    ["Requirements: 3.1-3.4", ["3.1", "3.2", "3.3", "3.4"]],
    ["_Requirements: 3.1–3.3, 4.2_", ["3.1", "3.2", "3.3", "4.2"]],
    ["_Requirements: 1.1 and 1.2_", ["1.1", "1.2"]],
    ["_Requirements: Requirement 2, 3.1_", ["2", "3.1"]],
    ["Write the parser. _Requirements: 1.2, 1.3_", ["1.2", "1.3"]],
    ["Requirement 5.2", ["5.2"]],
  ])("%s", (text, expected) => {
    expect(requirementReference(text)?.ids).toEqual(expected);
  });

  it("an explicit `Requirements:` it cannot read is reported, not dropped", () => {
    expect(requirementReference("_Requirements: R1.2_")).toEqual({ ids: [], rejected: ["R1.2"] });
    expect(requirementReference("_Requirements: 2.3 (partial)_")?.ids).toEqual(["2.3"]);
  });

  it("is not fooled by prose", () => {
    expect(requirementReference("Gather requirements from the team")).toBeNull();
    expect(requirementReference("Document the requirements: see the wiki")).toBeNull();
  });

  it("reports pieces it cannot read", () => {
    expect(parseIdList("1.1, FR-2, 3.1-2.4, R1.2")).toEqual({
      ids: ["1.1", "FR-2"],
      rejected: ["3.1-2.4", "R1.2"],
    });
  });
});
