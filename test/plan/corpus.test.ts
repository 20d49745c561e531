// The hand-written corpus (test/fixtures/corpus): every plan's summary, as `dxfix plan
// --json` reads it, against the summary its author's intent gives (expected.json,
// written by hand before the parser ran). See test/fixtures/corpus/README.md.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type CorpusSummary, corpusSummary } from "./corpus-summary.ts";

const root = fileURLToPath(new URL("../fixtures/corpus/", import.meta.url));
const entries = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function expectedOf(name: string): CorpusSummary {
  const { description: _, ...expected } = JSON.parse(
    readFileSync(join(root, name, "expected.json"), "utf8"),
  ) as CorpusSummary;
  return expected;
}

describe("the plan corpus", () => {
  it("has at least 40 entries, each with tasks.md and expected.json", () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
    const incomplete = entries.filter(
      (name) =>
        !existsSync(join(root, name, "tasks.md")) || !existsSync(join(root, name, "expected.json")),
    );
    expect(incomplete).toEqual([]);
  });

  it.each(entries)("%s reads as its author meant", (name) => {
    const expected = expectedOf(name);
    // One deep equal: vitest prints the diff between the two summaries.
    expect(corpusSummary(join(root, name, "tasks.md"))).toEqual(expected);
  });
});
