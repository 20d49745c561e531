import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { PLAN_SCHEMA_PATH, planSchemaText } from "../../scripts/schemas.ts";
import { lintPlan, parsePlan, traceCriteria } from "../../src/plan/index.ts";
import { toPlanJson } from "../../src/plan/json.ts";

describe("docs/plan.schema.json", () => {
  it("is exactly what `npm run schemas` generates", () => {
    expect(JSON.parse(readFileSync(PLAN_SCHEMA_PATH, "utf8"))).toEqual(
      JSON.parse(planSchemaText()),
    );
  });

  it("accepts what `dxfix plan --json` prints and rejects a wrong kind", () => {
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
      JSON.parse(readFileSync(PLAN_SCHEMA_PATH, "utf8")),
    );
    for (const name of ["seed-flattened.md", "canonical.md"]) {
      const plan = parsePlan(
        readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url), "utf8"),
      );
      const json = JSON.parse(
        JSON.stringify(toPlanJson(plan, traceCriteria(plan), lintPlan(plan))),
      );
      expect(validate(json)).toBe(true);
      json.groups[0].kind = "chore";
      expect(validate(json)).toBe(false);
    }
  });
});
