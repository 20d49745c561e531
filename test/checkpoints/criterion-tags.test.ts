// Tests linked to criteria: by a tag comment above the test, or by the test's own name.
import { describe, expect, it } from "vitest";
import {
  criteriaInComment,
  criteriaInName,
  criterionTests,
  findCriterionTags,
} from "../../src/checkpoints/properties.ts";
import type { TestCase } from "../../src/checkpoints/readers/types.ts";

const testCase = (name: string, status: TestCase["status"], suite: string | null = null) => ({
  name,
  status,
  suite,
  file: null,
});

describe("criterion tags", () => {
  it("reads the usual comment wordings in any comment syntax", () => {
    expect(criteriaInComment("  // Validates: 2.3")).toEqual(["2.3"]);
    expect(criteriaInComment("# Requirements: 1.1, 1.2 and 3.4")).toEqual(["1.1", "1.2", "3.4"]);
    expect(criteriaInComment("/// **Validates: Requirements 4.1, 4.2**")).toEqual(["4.1", "4.2"]);
    expect(criteriaInComment(" * Requirement 2.3 */")).toEqual(["2.3"]);
    expect(criteriaInComment("// Requirement NFR-2")).toEqual(["NFR-2"]);
    expect(criteriaInComment("// requirements: none yet")).toBeNull();
    expect(criteriaInComment("let validates = 2.3;")).toBeNull();
    expect(criteriaInComment("#[test]")).toBeNull();
  });

  it("reads tags in test names", () => {
    expect(criteriaInName("parses ISO dates (Validates: 2.3)")).toEqual(["2.3"]);
    expect(criteriaInName("Requirement 1.2: rejects empty input")).toEqual(["1.2"]);
    expect(criteriaInName("tier tracking")).toBeNull();
  });

  it("links a tag to the test below it and reports how that test ended", () => {
    const source = [
      "#[cfg(test)]",
      "mod tests {",
      "    // Validates: 2.3",
      "    #[test]",
      "    fn parses_dates() {}",
      "",
      "    // Requirements: 2.4",
      "    #[test]",
      "    fn never_ran() {}",
      "}",
    ].join("\n");
    const tags = findCriterionTags(source, "src/lib.rs");
    expect(tags).toEqual([
      { criteria: ["2.3"], test: "parses_dates", file: "src/lib.rs", line: 3 },
      { criteria: ["2.4"], test: "never_ran", file: "src/lib.rs", line: 7 },
    ]);
    const cases = [
      testCase("tests::parses_dates", "failed"),
      testCase("other (Validates: 5.1)", "passed"),
    ];
    expect(criterionTests(tags, cases)).toEqual([
      { criteria: ["2.3"], name: "tests::parses_dates", status: "failed" },
      { criteria: ["2.4"], name: "never_ran", status: "not_run" },
      { criteria: ["5.1"], name: "other (Validates: 5.1)", status: "passed" },
    ]);
  });

  it("a tag above a describe block links every case of the suite", () => {
    const source = ["// Validates: 3.1", 'describe("date parser", () => {', '  it("a", () => {});'];
    const tags = findCriterionTags(source.join("\n"), "test/dates.test.ts");
    expect(tags[0]?.test).toBe("date parser");
    const cases = [
      testCase("date parser > a", "passed"),
      testCase("b", "failed", "date parser"),
      testCase("elsewhere > c", "failed"),
    ];
    expect(criterionTests(tags, cases).map((t) => [t.name, t.status])).toEqual([
      ["date parser > a", "passed"],
      ["b", "failed"],
    ]);
  });
});

describe("criterion tags in hostile text", () => {
  it("reads a tag line with a long run of trailing punctuation (trimmed by a loop, not a regex)", () => {
    expect(criteriaInComment(`// Validates: 2.3${".".repeat(50_000)}`)).toEqual(["2.3"]);
    expect(criteriaInComment(`// Validates: ${"-".repeat(50_000)}x`)).toBeNull();
  });
});
