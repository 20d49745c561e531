// Writes docs/report.schema.json from the zod schema in src/report/schema.ts, so
// the published JSON Schema is never edited by hand. `npm run schemas`;
// test/report/schema.test.ts fails when the committed file is stale.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { PlanJson } from "../src/plan/json.ts";
import { Report, SCHEMA_VERSION } from "../src/report/schema.ts";

export const REPORT_SCHEMA_PATH = fileURLToPath(
  new URL("../docs/report.schema.json", import.meta.url),
);

/** The JSON Schema (draft 2020-12) of the report, as the text written to docs/. */
export function reportSchemaText(): string {
  // io "input": what parseReport accepts, so unknown (newer, additive) fields are allowed.
  const generated = z.toJSONSchema(Report, { target: "draft-2020-12", io: "input" });
  const { $schema, ...rest } = generated;
  const schema = {
    $schema,
    $id: `urn:dxfix:report:v${SCHEMA_VERSION}`,
    title: `dxfix report v${SCHEMA_VERSION}`,
    description:
      "The result of running a plan's checkpoints: what `dxfix check --json` writes and what the dxfix Action embeds in its pull-request comment. Generated from src/report/schema.ts by `npm run schemas`.",
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export const PLAN_SCHEMA_PATH = fileURLToPath(new URL("../docs/plan.schema.json", import.meta.url));

/** The JSON Schema of `dxfix plan --json`. */
export function planSchemaText(): string {
  const { $schema, ...rest } = z.toJSONSchema(PlanJson, { target: "draft-2020-12", io: "input" });
  const schema = {
    $schema,
    $id: "urn:dxfix:plan:v1",
    title: "dxfix plan",
    description:
      "What `dxfix plan --json` prints: the plan tree, its checkpoints, the trace of every criterion and the diagnostics. Generated from src/plan/json.ts by `npm run schemas`.",
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(REPORT_SCHEMA_PATH, reportSchemaText());
  writeFileSync(PLAN_SCHEMA_PATH, planSchemaText());
  // Leave them as `biome check` wants them; the tests compare the parsed JSON.
  const biome = fileURLToPath(new URL("../node_modules/.bin/biome", import.meta.url));
  execFileSync(biome, ["format", "--write", REPORT_SCHEMA_PATH, PLAN_SCHEMA_PATH], {
    stdio: "ignore",
  });
  console.log(`wrote ${REPORT_SCHEMA_PATH} and ${PLAN_SCHEMA_PATH}`);
}
