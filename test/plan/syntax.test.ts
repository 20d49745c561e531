// The one reading of CommonMark code spans and fences (src/markdown/syntax.ts), used by
// the plan readers and meant for every other place that needs it.
import { describe, expect, it } from "vitest";
import {
  codeSpans,
  type FenceOpen,
  fenceCloses,
  fenceOpen,
  splitCodeSpans,
} from "../../src/markdown/syntax.ts";

const contents = (text: string) => codeSpans(text).spans.map((s) => s.content);

describe("code spans", () => {
  it.each([
    ["Run `npm test` now", ["npm test"]],
    ["`` a ` b ``", ["a ` b"]],
    ["` a `", ["a"]],
    ["`  a  `", [" a "]],
    // CommonMark: a span of nothing but spaces keeps them all.
    ["`  `", ["  "]],
    ["`   `", ["   "]],
    ["` `", [" "]],
    ["`a` and ``b``", ["a", "b"]],
    ["``x` y", []],
  ])("%s", (text, expected) => {
    expect(contents(text)).toEqual(expected);
  });

  it("gives positions and the first backtick run that never closes", () => {
    expect(codeSpans("a `b` c")).toEqual({
      spans: [{ content: "b", start: 2, end: 5 }],
      unclosed: -1,
    });
    expect(codeSpans("Run `cargo build").unclosed).toBe(4);
    // An unclosed run does not stop a later pair from matching.
    expect(codeSpans("`` x `y`")).toEqual({
      spans: [{ content: "y", start: 5, end: 8 }],
      unclosed: 0,
    });
  });

  it("splits text into plain parts and code, an unclosed run staying plain", () => {
    expect(splitCodeSpans("Run `npm test` in `app` ``now")).toEqual([
      { code: false, text: "Run " },
      { code: true, text: "npm test" },
      { code: false, text: " in " },
      { code: true, text: "app" },
      { code: false, text: " ``now" },
    ]);
    expect(splitCodeSpans("`  `")).toEqual([{ code: true, text: "  " }]);
    expect(splitCodeSpans("")).toEqual([]);
  });
});

describe("fences", () => {
  it("reads the character, length, language and indentation of an opening line", () => {
    expect(fenceOpen("```bash extra")).toEqual({ char: "`", length: 3, info: "bash", indent: 0 });
    expect(fenceOpen("    ~~~~")).toEqual({ char: "~", length: 4, info: "", indent: 4 });
    expect(fenceOpen("``")).toBeNull();
    // A backtick in a backtick fence's info string makes the line inline code.
    expect(fenceOpen("```js`x")).toBeNull();
    expect(fenceOpen("~~~js`x")).not.toBeNull();
  });

  it("closes with the same character, at least as many, and nothing else", () => {
    const open = fenceOpen("````") as FenceOpen;
    expect(fenceCloses("````", open)).toBe(true);
    expect(fenceCloses("  `````  ", open)).toBe(true);
    expect(fenceCloses("```", open)).toBe(false);
    expect(fenceCloses("~~~~", open)).toBe(false);
    expect(fenceCloses("```` x", open)).toBe(false);
  });

  it("applies CommonMark's three-space limit when asked (top level of a comment)", () => {
    const top = { maxIndent: 3 };
    expect(fenceOpen("   ```", top)).not.toBeNull();
    expect(fenceOpen("    ```", top)).toBeNull();
    expect(fenceOpen("\t```", top)).toBeNull();
    const open = fenceOpen("```", top) as FenceOpen;
    expect(fenceCloses("   ```", open, top)).toBe(true);
    expect(fenceCloses("    ```", open, top)).toBe(false);
    // Without the limit, a fence nested in a list item is still a fence.
    expect(fenceOpen("      ```bash")?.indent).toBe(6);
    expect(fenceCloses("      ```", open)).toBe(true);
  });
});
