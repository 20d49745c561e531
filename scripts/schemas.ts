// Writes docs/report.schema.json from the zod schema in src/report/schema.ts (and the
// plan's and the config's from theirs), so the published JSON Schemas are never edited
// by hand. `npm run schemas`; test/report/schema.test.ts, test/plan/schema.test.ts and
// test/config.test.ts fail when a committed file is stale.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { DxfixConfig } from "../src/config.ts";
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

export const CONFIG_SCHEMA_PATH = fileURLToPath(
  new URL("../docs/config.schema.json", import.meta.url),
);

/** The JSON Schema of `.github/dxfix.yml`, for editors (yaml-language-server) and review. */
export function configSchemaText(): string {
  // io "input": what a person writes (defaults optional); `_extends` is Probot's key.
  const generated = z.toJSONSchema(DxfixConfig, { target: "draft-2020-12", io: "input" });
  const { $schema, properties, ...rest } = generated;
  // The refinement zod cannot export: an entry names its checkpoint by id or by title.
  const entry = (properties as { checkpoints?: { items?: Record<string, unknown> } } | undefined)
    ?.checkpoints?.items;
  if (entry) entry.anyOf = [{ required: ["checkpoint"] }, { required: ["title"] }];
  const schema = {
    $schema,
    $id: "urn:dxfix:config:v1",
    title: "dxfix configuration (.github/dxfix.yml)",
    description:
      "Settings shared by the dxfix Action, bot and CLI; every key is optional. Generated from src/config.ts by `npm run schemas`.",
    ...rest,
    properties: {
      _extends: {
        type: "string",
        description:
          "Inherit settings from another repository's file: `repo`, `owner/repo` or `owner/repo:path.yml` (Probot's syntax; see docs/config.md).",
      },
      ...properties,
    },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = [REPORT_SCHEMA_PATH, PLAN_SCHEMA_PATH, CONFIG_SCHEMA_PATH];
  writeFileSync(REPORT_SCHEMA_PATH, reportSchemaText());
  writeFileSync(PLAN_SCHEMA_PATH, planSchemaText());
  writeFileSync(CONFIG_SCHEMA_PATH, configSchemaText());
  // Leave them as `biome check` wants them; the tests compare the parsed JSON.
  const biome = fileURLToPath(new URL("../node_modules/.bin/biome", import.meta.url));
  execFileSync(biome, ["format", "--write", ...written], { stdio: "ignore" });
  console.log(`wrote ${written.join(", ")}`);
}
