import { describe, expect, it } from "vitest";
import { cleanLine } from "../../../src/checkpoints/readers/collect.ts";

describe("cleaning a line", () => {
  it.each([
    ["colours", "\x1b[1m\x1b[31merror\x1b[0m: x", "error: x"],
    ["a hyperlink ended by BEL", "\x1b]8;;http://a\x07link\x1b]8;;\x07 ok", "link ok"],
    ["a hyperlink ended by ST", "\x1b]8;;file:///a b\x1b\\link\x1b]8;;\x1b\\ ok", "link ok"],
    ["cursor moves and erases", "a\x1b[?25lb\x1b[2Kc\x1b[1G", "abc"],
    ["a charset designation", "\x1b(Bplain", "plain"],
    // What Node's stripVTControlCharacters alone leaves behind or cuts too much of.
    ["a CSI with an intermediate byte (cursor shape)", "\x1b[2 qerror: x", "error: x"],
    ["a CSI with a private marker", "\x1b[>4;2merror: x", "error: x"],
    ["an OSC the line ends inside", "error: x\x1b]0;a title cut", "error: x"],
    ["an OSC another sequence interrupts", "\x1b]0;title\x1b[31merror: x", "error: x"],
    ["a lone ST", "\x1b\\error: x", "error: x"],
    ["save and restore cursor", "\x1b7saved\x1b8", "saved"],
  ])("strips %s", (_, raw, clean) => {
    expect(cleanLine(raw)).toBe(clean);
  });

  it("keeps what a progress bar shows last", () => {
    expect(cleanLine("[ 10%] a\r[ 20%] b\r\r")).toBe("[ 20%] b");
  });
});
