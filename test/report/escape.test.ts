import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  codeBlock,
  codeSpan,
  escapeCell,
  escapeHtml,
  escapeInline,
  escapeInlineCut,
  hasMarkerSyntax,
  htmlCode,
  noMentions,
  stripControl,
  truncate,
} from "../../src/report/escape.ts";
import { cellCount } from "./structure.ts";

const ZWSP = "\u200B";
const FORGED = "<!-- dxfix:report v1 eyJmYWtlIjp0cnVlfQ== -->";

/** Strings rich in the characters that matter here. */
const hostile = fc.string({
  unit: fc.constantFrom(
    "`",
    "<",
    ">",
    "!",
    "-",
    "@",
    "#",
    "|",
    "\\",
    "\n",
    "\r",
    "&",
    "a",
    "1",
    " ",
    "*",
    "_",
    "[",
    "]",
    "\x1b",
  ),
  maxLength: 60,
});

describe("noMentions", () => {
  it("breaks @-mentions, team mentions and #123 references invisibly", () => {
    expect(noMentions("ping @octocat and @github/security about #123")).toBe(
      `ping @${ZWSP}octocat and @${ZWSP}github/security about #${ZWSP}123`,
    );
    expect(noMentions("a lone @ or # stays")).toBe("a lone @ or # stays");
  });
});

describe("hasMarkerSyntax", () => {
  it("finds comment openers and closers, including --!>", () => {
    expect(hasMarkerSyntax(FORGED)).toBe(true);
    expect(hasMarkerSyntax("x --!> y")).toBe(true);
    expect(hasMarkerSyntax("a -> b, c - -> d, <!- e")).toBe(false);
  });
});

describe("escapeInlineCut", () => {
  it("never cuts inside a code span: the span is closed and the ellipsis follows it", () => {
    expect(escapeInlineCut("Fix `CompilationTier::Tier0` naming", 20)).toBe(
      "Fix `CompilationTier`…",
    );
    expect(escapeInlineCut("short `x`", 20)).toBe("short `x`");
    expect(escapeInlineCut("abc `def`", 4)).toBe("abc…");
  });

  it("renders like escapeInline when the text fits, and ends in an ellipsis when it cut", () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 1, max: 40 }), (text, max) => {
        const out = escapeInlineCut(text, max);
        if ([...stripControl(text, false)].length <= max) expect(out).toBe(escapeInline(text));
        else expect(out.endsWith("…")).toBe(true);
        expect(out).not.toContain("<!--");
        expect(out).not.toMatch(/[\n\r\x1b]/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("escapeInline", () => {
  it("turns HTML into text and keeps the plan's own code spans as code", () => {
    expect(escapeInline("Use `Vec<u8>` not <b>bold</b> & co")).toBe(
      "Use `Vec<u8>` not &lt;b&gt;bold&lt;/b&gt; &amp; co",
    );
  });

  it("neutralises a forged dxfix marker in text and in a code span", () => {
    expect(escapeInline(FORGED)).toBe("&lt;!-- dxfix:report v1 eyJmYWtlIjp0cnVlfQ== --&gt;");
    const inCode = escapeInline(`\`${FORGED}\``);
    expect(inCode).not.toContain("<!--");
    expect(inCode).not.toContain("-->");
  });

  it("escapes emphasis, links and images, and flattens newlines", () => {
    expect(escapeInline("*a* _b_ [x](javascript:1) ![i](http://t/p.png)\nnext")).toBe(
      "\\*a\\* \\_b\\_ \\[x\\](javascript:1) !\\[i\\](http://t/p.png) next",
    );
  });

  it("escapes an unmatched backtick instead of letting it swallow the rest", () => {
    expect(escapeInline("a ` b")).toBe("a \\` b");
  });

  it("never lets through a marker, a mention, a newline or an HTML tag", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = escapeInline(text);
        expect(out).not.toContain("<!--");
        expect(out).not.toMatch(/[\n\r\x1b]/);
        // Outside code spans no mention and no raw `<` survive (GitHub links no mention
        // inside a code span, and the plan's own code spans stay code).
        // A span becomes a space, not nothing: `@` then a span is no mention ("@`1`1").
        const prose = out.replace(/(`+)[\s\S]*?\1/g, " ");
        expect(prose).not.toMatch(/@[A-Za-z0-9]/);
        expect(prose).not.toContain("<");
      }),
      { numRuns: 500 },
    );
  });
});

describe("escapeCell", () => {
  it("keeps pipes and newlines from splitting the table", () => {
    expect(escapeCell("a | b\nc")).toBe("a \\| b c");
    expect(escapeCell("run `a|b` now")).toBe("run <code>a&#124;b</code> now");
  });

  it("always yields exactly one cell, whatever the text", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(cellCount(`| ${escapeCell(text)} |`)).toBe(1);
        expect(escapeCell(text)).not.toContain("<!--");
      }),
      { numRuns: 500 },
    );
  });
});

describe("codeSpan", () => {
  it("picks a fence longer than any backtick run and pads when needed", () => {
    expect(codeSpan("plain")).toBe("`plain`");
    expect(codeSpan("a `b` c")).toBe("``a `b` c``");
    expect(codeSpan("`edge")).toBe("`` `edge ``");
    expect(codeSpan("x ``` y")).toBe("````x ``` y````");
    expect(codeSpan("")).toBe("` `");
  });

  it("round-trips: the content between the fences is the input (CommonMark rules)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("`", "a", " ", "b"), minLength: 1, maxLength: 20 }),
        (text) => {
          const span = codeSpan(text);
          const fence = /^`+/.exec(span)?.[0] ?? "";
          expect(span.endsWith(fence)).toBe(true);
          let inner = span.slice(fence.length, span.length - fence.length);
          expect(inner).not.toContain(fence);
          if (inner.startsWith(" ") && inner.endsWith(" ") && inner.trim() !== "")
            inner = inner.slice(1, -1);
          expect(inner).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("codeBlock", () => {
  it("uses a fence longer than any backtick run inside", () => {
    expect(codeBlock("a\n```\nb", "text")).toBe("````text\na\n```\nb\n````\n");
    expect(codeBlock("plain\n\n")).toBe("```\nplain\n```\n");
  });

  it("strips terminal escapes and normalises CR, with no invisible character added", () => {
    const block = codeBlock("\x1b[31merror\x1b[0m\r\nprogress 10%\rprogress 100%\n@octocat #12");
    expect(block).toBe("```\nerror\nprogress 10%\nprogress 100%\n@octocat #12\n```\n");
  });

  it("puts text holding a marker in a <pre> with entities: it shows and copies as printed", () => {
    const block = codeBlock(`note: ${FORGED}\n  --> src/a.rs:1 & <T>`);
    expect(block).toBe(
      "<pre>note: &lt;!-- dxfix:report v1 eyJmYWtlIjp0cnVlfQ== --&gt;\n  --&gt; src/a.rs:1 &amp; &lt;T&gt;</pre>\n",
    );
    expect(block).not.toContain(ZWSP);
    expect(codeSpan("a --> b")).toBe("<code>a --&gt; b</code>");
  });

  it("can never be closed early by its content", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const block = codeBlock(text);
        expect(block).not.toContain(ZWSP);
        expect(block).not.toContain("<!--");
        if (block.startsWith("<pre>")) {
          expect(block.slice(5, -7)).not.toContain("<");
          return;
        }
        const lines = block.trimEnd().split("\n");
        const fence = lines[0] ?? "";
        expect(lines.at(-1)).toBe(fence);
        for (const line of lines.slice(1, -1)) expect(line.startsWith(fence)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe("helpers", () => {
  it("htmlCode is entity-escaped and exact (GitHub links no mention in code); escapeHtml is mention-free", () => {
    expect(htmlCode("a<b> @x |")).toBe("<code>a&lt;b&gt; @x &#124;</code>");
    expect(escapeHtml("<i>@x</i>")).toBe(`&lt;i&gt;@${ZWSP}x&lt;/i&gt;`);
  });

  it("stripControl removes ANSI and control characters, optionally newlines", () => {
    expect(stripControl("a\x1b[1;31mb\x1b[0m\x07c\n\td", false)).toBe("abc d");
    expect(stripControl("x\x1b]0;title\x07y")).toBe("xy");
  });

  it("truncate keeps code points whole", () => {
    expect(truncate("🟩🟩🟩", 2)).toBe("🟩…");
    expect(truncate("short", 10)).toBe("short");
  });
});
