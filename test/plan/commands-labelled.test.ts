// Precision and recall of command finding on 200 hand-labelled plan lines
// (test/fixtures/commands/labelled.jsonl; bench/commands.bench.ts prints the figures
// against the reading before). A change that loses precision puts wrong gates in PRs.
import { describe, expect, it } from "vitest";
import { findNow, readLabelled, score } from "../../bench/commands.bench.ts";

const lines = readLabelled();

describe("commands on the labelled lines", () => {
  it("has at least 150 lines, with commands and without", () => {
    expect(lines.length).toBeGreaterThanOrEqual(150);
    expect(lines.filter((l) => l.commands.length > 0).length).toBeGreaterThanOrEqual(60);
    expect(lines.filter((l) => l.commands.length === 0).length).toBeGreaterThanOrEqual(60);
  });

  it("finds them with precision >= 97% and recall >= 95%", () => {
    const s = score(lines, findNow);
    expect(s.precision, JSON.stringify(s.misses, null, 1)).toBeGreaterThanOrEqual(0.97);
    expect(s.recall, JSON.stringify(s.misses, null, 1)).toBeGreaterThanOrEqual(0.95);
  });

  it("scores a finder that finds everything as imprecise, one that finds nothing as without recall", () => {
    const everything = score(lines, (t) => [t]);
    expect(everything.precision).toBeLessThan(0.1);
    const nothing = score(lines, () => []);
    expect(nothing.recall).toBe(0);
  });
});
