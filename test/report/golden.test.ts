// The rendered comment of the dx-py-runtime example's recorded states (broken, groups
// 1-2 landed, fixed), compared with golden files a reviewer reads as Markdown (and as
// pictures: `npm run screenshot`). After an intended layout change, rewrite them with
// UPDATE_GOLDEN=1 npx vitest run test/report/golden.test.ts and review the diff.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildCommentBody } from "../../src/action/comment-body.ts";
import type { Details } from "../../src/report/details.ts";
import { renderMarkdown } from "../../src/report/markdown.ts";
import { parseReport } from "../../src/report/schema.ts";
import { checkStructure } from "./structure.ts";

const DIR = new URL("../fixtures/comments/", import.meta.url);
const RUN = "https://github.com/acme/dx-py-runtime/actions/runs/4242";

const report = (state: string) =>
  parseReport(JSON.parse(readFileSync(new URL(`reports/${state}.json`, DIR), "utf8")));

const CASES: Array<{ state: string; details: Details }> = [
  { state: "broken", details: "all" },
  { state: "partial", details: "all" },
  { state: "fixed", details: "all" },
  { state: "broken", details: "failed" },
  { state: "broken", details: "none" },
];

describe("golden comments of the example", () => {
  for (const { state, details } of CASES) {
    const name = details === "all" ? `${state}.md` : `${state}.${details}.md`;
    it(`${name} is the rendered comment of the ${state} state (details: ${details})`, () => {
      const markdown = renderMarkdown(report(state), { runUrl: RUN, details });
      checkStructure(markdown);
      const file = new URL(name, DIR);
      if (process.env.UPDATE_GOLDEN) writeFileSync(file, markdown);
      expect(markdown).toBe(readFileSync(file, "utf8"));
    });
  }

  it("keeps the broken example's whole comment (marker, key, embedded report) under 12 KB", () => {
    const render = (r: ReturnType<typeof report>, o: { reserve: number; runUrl: string | null }) =>
      renderMarkdown(r, o);
    const { body, embedded } = buildCommentBody(report("broken"), render, RUN);
    expect(embedded).toBe(true);
    expect(Buffer.byteLength(body)).toBeLessThan(12 * 1024);
  });
});
