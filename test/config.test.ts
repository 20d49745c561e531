// `.github/dxfix.yml` that attacks the parser gets a config error with a position, not a crash.
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { CONFIG_SCHEMA_PATH, configSchemaText } from "../scripts/schemas.ts";
import {
  DxfixConfig,
  defaultConfig,
  formatConfigErrors,
  mergeSettings,
  parseConfig,
} from "../src/config.ts";

describe("defaultConfig", () => {
  // It is written out (config-defaults.ts) so a run without a file never loads the schema.
  it("is what the schema gives for an empty file", () => {
    expect(defaultConfig).toEqual(DxfixConfig.parse({}));
    expect(parseConfig("")).toMatchObject({ config: defaultConfig });
  });
});

describe("parseConfig on hostile YAML", () => {
  it("refuses an alias bomb with the file, line and column of its first alias", () => {
    const row = (name: string, of: string) => `${name}: &${name} [${Array(9).fill(of).join(", ")}]`;
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      row("b", "*a"),
      row("c", "*b"),
      row("d", "*c"),
      row("e", "*d"),
      "specs: [*e]",
    ].join("\n");
    const result = parseConfig(bomb);
    expect(result).toMatchObject({
      error: {
        message: ".github/dxfix.yml: Excessive alias count indicates a resource exhaustion attack",
        line: 2,
        column: 8,
      },
    });
  });

  it("still reads a file with a few aliases", () => {
    const result = parseConfig("labels: &l [dxfix]\nspecs: [a/tasks.md]\n");
    expect("config" in result && result.config.labels).toEqual(["dxfix"]);
  });
});

describe("docs/config.schema.json", () => {
  it("is exactly what `npm run schemas` generates (run it after changing src/config.ts)", () => {
    const committed = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, "utf8"));
    expect(committed).toEqual(JSON.parse(configSchemaText()));
  });

  it("accepts a full config, and rejects what parseConfig rejects", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const valid = ajv.compile(JSON.parse(configSchemaText()));
    const good = {
      _extends: "acme/.github",
      specs: ["specs/*/tasks.md"],
      mode: "parallel",
      checkpoints: [
        { plan: "specs/*/tasks.md", checkpoint: "cp3", run: "npm test" },
        { title: "Checkpoint*", run: ["make", "make check"], cwd: "web" },
      ],
    };
    expect(valid(good), JSON.stringify(valid.errors)).toBe(true);
    for (const bad of [
      { mode: "sideways" },
      { checkpoints: [{ run: "make" }] },
      { checkpoints: [{ checkpoint: "1" }] },
      { unknown: 1 },
    ]) {
      expect(valid(bad)).toBe(false);
      expect("errors" in parseConfig(JSON.stringify(bad))).toBe(true);
    }
  });
});

describe("parseConfig reports every error at once", () => {
  it("gives each problem its own line and column, in file order", () => {
    const result = parseConfig("mode: sideways\nmaxOpenPrs: 0\nlabels: [ok]\ntypo: 1\n");
    expect("errors" in result && result.errors).toEqual([
      { message: `'mode' must be one of "sequential", "parallel"`, line: 1, column: 7 },
      { message: "'maxOpenPrs' Too small: expected number to be >=1", line: 2, column: 13 },
      expect.objectContaining({ line: 4, column: 1 }),
    ]);
    expect(
      formatConfigErrors("x.yml", "errors" in result ? result.errors : []).split("\n"),
    ).toHaveLength(3);
  });

  it("reports every YAML syntax error", () => {
    const result = parseConfig("mode: a\nmode: b\nlabels: [a\n");
    expect("errors" in result && result.errors.length).toBeGreaterThanOrEqual(2);
  });
});

describe("mergeSettings (Probot's merge, for _extends)", () => {
  it("merges mappings key by key, joins lists base first, and lets the file's own values win", () => {
    expect(
      mergeSettings(
        { mode: "parallel", labels: ["a"], fixer: { command: "x", maxRuns: 2 } },
        { labels: ["b"], fixer: { maxRuns: 3 }, timeoutMinutes: 5 },
      ),
    ).toEqual({
      mode: "parallel",
      labels: ["a", "b"],
      fixer: { command: "x", maxRuns: 3 },
      timeoutMinutes: 5,
    });
  });
});
