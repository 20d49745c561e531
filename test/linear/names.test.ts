// Issue 11, item 2: hidden markers and branch names read in linear time. A body or a
// group id built to make a pattern retry from every position; the result is asserted
// on an input a quadratic reader would not finish within the test timeout.
import { describe, expect, it } from "vitest";
import { branchName } from "../../src/bot/naming.ts";
import { prMarker, readPrMarker } from "../../src/github/markers.ts";

describe("markers and names in linear time", () => {
  it("a body full of unclosed PR markers, then a real one", () => {
    const marker = prMarker({ spec: "s", group: "2", plan: ".kiro/specs/s/tasks.md" });
    const body = `${"<!-- dxfix:pr {".repeat(200_000)}\n${marker}`;
    expect(readPrMarker(body)).toEqual({ spec: "s", group: "2", plan: ".kiro/specs/s/tasks.md" });
    expect(readPrMarker("<!-- dxfix:pr {".repeat(200_000))).toBeNull();
  });

  it("a group id with a long inner run of dashes", () => {
    const id = `1${"-".repeat(300_000)}2`;
    const name = branchName("dxfix", "spec", id, "Title");
    expect(name).toBe(`dxfix/spec/${id}-title`);
    expect(branchName("dxfix", "--..spec..--", `-${id}-`, "T")).toBe(`dxfix/spec/${id}-t`);
  });
});
