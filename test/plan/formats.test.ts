// The plan format table: each row reads its own fixture, parsePlan picks by the table,
// and Kiro reads whatever no other row claims.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatOf, PLAN_FORMATS } from "../../src/plan/formats.ts";
import { parsePlan } from "../../src/plan/index.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url), "utf8");

const samples: Record<string, string> = {
  speckit: fixture("speckit-tasks.md"),
  kiro: fixture("canonical.md"),
};

describe("plan formats", () => {
  it("has a sample for every row, and each row claims its sample and names its plans", () => {
    expect(PLAN_FORMATS.map((f) => f.name).sort()).toEqual(Object.keys(samples).sort());
    for (const format of PLAN_FORMATS) {
      const text = samples[format.name] ?? "";
      expect(formatOf(text).name).toBe(format.name);
      expect(format.parse(text, "tasks.md").format).toBe(format.name);
      expect(parsePlan(text).format).toBe(format.name);
    }
  });

  it("reads a Kiro plan only with the Kiro row: Spec Kit does not claim it", () => {
    const speckit = PLAN_FORMATS.find((f) => f.name === "speckit");
    expect(speckit?.detect(samples.kiro ?? "")).toBe(false);
    expect(speckit?.detect(fixture("seed-flattened.md"))).toBe(false);
  });

  it("falls back to Kiro, the last row, for text no format recognises", () => {
    expect(PLAN_FORMATS.at(-1)?.name).toBe("kiro");
    expect(formatOf("").name).toBe("kiro");
    const plan = parsePlan("just prose\n");
    expect(plan.format).toBe("kiro");
    expect(plan.diagnostics.map((d) => d.code)).toEqual(["empty-plan"]);
  });
});
