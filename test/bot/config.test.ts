import { describe, expect, it } from "vitest";
import { defaultConfig, formatConfigError, parseConfig, validateConfig } from "../../src/config.ts";

const FILE = ".github/dxfix.yml";

function errorOf(text: string) {
  const r = parseConfig(text, FILE);
  if (!("error" in r)) throw new Error(`expected an error for ${JSON.stringify(text)}`);
  return r.error;
}

describe("parseConfig", () => {
  it("gives every default for an empty file", () => {
    expect(parseConfig("", FILE)).toMatchObject({ config: defaultConfig });
    expect(defaultConfig).toEqual({
      specs: [".kiro/specs/*/tasks.md", "specs/*/tasks.md"],
      mode: "sequential",
      branchPrefix: "dxfix/",
      maxOpenPrs: 10,
      labels: ["dxfix"],
      workflow: "dxfix.yml",
      reportAuthors: ["github-actions[bot]"],
      timeoutMinutes: 30,
      junit: [],
      checkpoints: [],
      reuse: { ignore: [], env: ["RUNNER_OS", "RUNNER_ARCH", "ImageOS", "ImageVersion"] },
    });
  });

  it("keeps given values and fills the rest", () => {
    const r = parseConfig("mode: parallel\nspecs: [plans/*/tasks.md]\ntimeoutMinutes: 5\n", FILE);
    expect(r).toMatchObject({
      config: {
        ...defaultConfig,
        mode: "parallel",
        specs: ["plans/*/tasks.md"],
        timeoutMinutes: 5,
      },
    });
  });

  it("points at the bad value with line and column", () => {
    expect(errorOf("labels: [a]\nmode: fast\n")).toEqual({
      message: `'mode' must be one of "sequential", "parallel"`,
      line: 2,
      column: 7,
    });
    expect(errorOf("specs:\n  - a\n  - 3\n")).toMatchObject({ line: 3, column: 5 });
  });

  it("rejects unknown keys at the key, naming the known ones", () => {
    const e = errorOf("mode: parallel\nbranchprefix: x/\n");
    expect(e.line).toBe(2);
    expect(e.column).toBe(1);
    expect(e.message).toContain("unknown setting 'branchprefix'");
    expect(e.message).toContain("branchPrefix");
  });

  it("reports YAML syntax errors with a position", () => {
    const e = errorOf("mode: parallel\nspecs: [a\n");
    expect(e.message).toMatch(/^invalid YAML in \.github\/dxfix\.yml: /);
    expect(e.line).toBeGreaterThan(1);
    expect(errorOf("mode: a\nmode: b\n").message).toContain("unique");
  });

  it("rejects a non-mapping document and bad logins or workflow paths", () => {
    expect(errorOf("- a\n").message).toContain("must be a mapping");
    expect(errorOf("reportAuthors: ['two words']\n").message).toContain("GitHub login");
    expect(errorOf("workflow: .github/workflows/dxfix.yml\n").message).toContain(
      "workflow file name",
    );
    expect(errorOf("branchPrefix: ../x\n").message).toContain("branchPrefix");
  });

  it("formats errors as file:line:column", () => {
    expect(formatConfigError(FILE, { message: "m", line: 2, column: 3 })).toBe(`${FILE}:2:3: m`);
    expect(formatConfigError(FILE, { message: "m", line: 0, column: 0 })).toBe(`${FILE}: m`);
  });
});

describe("validateConfig", () => {
  it("validates an already parsed object", () => {
    expect(validateConfig({ mode: "parallel" })).toMatchObject({
      config: { ...defaultConfig, mode: "parallel" },
    });
    expect(validateConfig(null)).toMatchObject({ config: defaultConfig });
    expect(validateConfig({ mode: 1 })).toMatchObject({ error: { line: 0 } });
  });
});
