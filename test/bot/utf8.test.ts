// Plans are edited as UTF-8 only: a Latin-1 plan is refused, never rewritten with U+FFFD.
import { describe, expect, it } from "vitest";
import { decodeUtf8, NotUtf8Error } from "../../src/bot/github.ts";

describe("decodeUtf8", () => {
  it("reads UTF-8, byte order mark and non-ASCII included", () => {
    expect(decodeUtf8(Buffer.from("- [ ] 1. Ünïcode ✓\n", "utf8"), "tasks.md")).toBe(
      "- [ ] 1. Ünïcode ✓\n",
    );
  });

  it("refuses Latin-1 bytes with the file named, instead of replacing them", () => {
    const latin1 = Buffer.from("- [ ] 1. Caf\u00e9 cr\u00e8me\n", "latin1");
    expect(() => decodeUtf8(latin1, ".kiro/specs/x/tasks.md")).toThrow(NotUtf8Error);
    expect(() => decodeUtf8(latin1, ".kiro/specs/x/tasks.md")).toThrow(
      /^\.kiro\/specs\/x\/tasks\.md is not UTF-8 text, so dxfix will not edit it/,
    );
  });
});
