import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { REPORT_SCHEMA_PATH, reportSchemaText } from "../../scripts/schemas.ts";
import { buildReport, hugeReport, mixedReport } from "../helpers/report.ts";

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8")));
}

describe("docs/report.schema.json", () => {
  it("is exactly what `npm run schemas` generates (run it after changing src/report/schema.ts)", () => {
    expect(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8"))).toEqual(
      JSON.parse(reportSchemaText()),
    );
  });

  it("names itself and the draft it follows", () => {
    const schema = JSON.parse(reportSchemaText());
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe("urn:dxfix:report:v2");
    expect(schema.title).toBe("dxfix report v2");
    expect(schema.required).toEqual(
      expect.arrayContaining(["schemaVersion", "plan", "requirements", "summary"]),
    );
  });

  it("accepts reports the zod schema accepts", () => {
    const validate = validator();
    for (const report of [buildReport(), mixedReport(), hugeReport(40, 3, 500)]) {
      const ok = validate(JSON.parse(JSON.stringify(report)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("rejects a report with a wrong version, a bad status or a missing field", () => {
    const validate = validator();
    const good = JSON.parse(JSON.stringify(mixedReport()));
    expect(validate({ ...good, schemaVersion: 3 })).toBe(false);
    expect(validate({ ...good, status: "green" })).toBe(false);
    const { summary: _summary, ...noSummary } = good;
    expect(validate(noSummary)).toBe(false);
    const badCommand = structuredClone(good);
    badCommand.checkpoints[0].commands[0].exitCode = 1.5;
    expect(validate(badCommand)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe("/checkpoints/0/commands/0/exitCode");
  });

  it("lets a v1 reader accept fields added later (additive changes need no version bump)", () => {
    const validate = validator();
    const newer = { ...JSON.parse(JSON.stringify(mixedReport())), addedInAMinorRelease: { x: 1 } };
    expect(validate(newer)).toBe(true);
  });
});
