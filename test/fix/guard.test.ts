import { describe, expect, it } from "vitest";
import { guardChanges, parseNumstat } from "../../src/fix/guard.ts";

const rules = { paths: ["src/**", "Cargo.lock"], maxChangedLines: 100, protected: [] };

describe("guardChanges", () => {
  it("accepts changes inside the allowed paths and the line budget", () => {
    const verdict = guardChanges(
      [
        { path: "src/lib.rs", added: 40, removed: 10 },
        { path: "Cargo.lock", added: 1, removed: 0 },
      ],
      rules,
    );
    expect(verdict).toEqual({ ok: true, reasons: [], changedLines: 51 });
  });

  it("refuses workflows and the dxfix config whatever fixer.paths allows", () => {
    const verdict = guardChanges(
      [
        { path: ".github/workflows/ci.yml", added: 1, removed: 0 },
        { path: ".github/dxfix.yml", added: 1, removed: 1 },
      ],
      { ...rules, paths: ["**"] },
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.reasons).toEqual([
      ".github/workflows/ci.yml is protected: the fixer may not change it",
      ".github/dxfix.yml is protected: the fixer may not change it",
    ]);
  });

  it("refuses paths outside fixer.paths and changes over the line budget", () => {
    const verdict = guardChanges(
      [
        { path: "README.md", added: 1, removed: 0 },
        { path: "src/big.rs", added: 90, removed: 20 },
      ],
      rules,
    );
    expect(verdict.reasons).toEqual([
      "README.md is outside fixer.paths (src/**, Cargo.lock)",
      "111 changed lines, more than fixer.maxChangedLines (100)",
    ]);
  });

  it("protects the paths the caller adds", () => {
    const verdict = guardChanges([{ path: "src/secret.rs", added: 1, removed: 0 }], {
      ...rules,
      protected: ["src/secret.rs"],
    });
    expect(verdict.ok).toBe(false);
  });
});

describe("parseNumstat", () => {
  it("reads counts, binary files and renames from git diff --numstat -z", () => {
    const out = "3\t1\tsrc/a.rs\0-\t-\timg.png\x000\t0\t\0old name.rs\0new name.rs\0";
    expect(parseNumstat(out)).toEqual([
      { path: "src/a.rs", added: 3, removed: 1 },
      { path: "img.png", added: null, removed: null },
      { path: "new name.rs", added: 0, removed: 0 },
    ]);
  });
});
