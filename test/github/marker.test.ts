import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checklistMarker,
  encodeReport,
  extractReport,
  findMarker,
  isTrustedAuthor,
} from "../../src/github/marker.ts";
import { sampleCommand, sampleReport } from "../helpers/report.ts";

describe("checklist marker", () => {
  it("round-trips any plan path through the first line", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (path) => {
        const marker = checklistMarker(path);
        expect(marker).not.toMatch(/-->.*-->/s);
        expect(findMarker(`${marker}\r\n## dxfix\nbody`)).toEqual({
          kind: "checklist",
          plan: path,
          line: marker,
        });
      }),
    );
  });

  it("is only recognised on the first line", () => {
    const marker = checklistMarker(".kiro/specs/a/tasks.md");
    expect(findMarker(`hello\n${marker}`)).toBeNull();
    expect(findMarker("")).toBeNull();
    expect(findMarker(null)).toBeNull();
    expect(findMarker("<!-- dxfix:checklist plan=%E0%A4%A -->")).toBeNull();
  });
});

describe("embedded report", () => {
  it("round-trips a report, even one whose text would close an HTML comment", () => {
    const report = sampleReport((r) => {
      r.checkpoints[0]!.commands[0] = sampleCommand({
        logTail: "evil --> <!-- dxfix:report v1 AAAA -->",
      });
    });
    const block = encodeReport(report);
    expect(block).toMatch(/^<!-- dxfix:report v1 [A-Za-z0-9+/=]+ -->$/);
    expect(block.indexOf("-->")).toBe(block.length - 3);
    expect(extractReport(`${checklistMarker("x")}\n# Title\n\n${block}\n`)).toEqual(report);
  });

  it("returns null, never throws, on anything malformed", () => {
    const packed = (value: unknown) =>
      `<!-- dxfix:report v1 ${gzipSync(JSON.stringify(value)).toString("base64")} -->`;
    expect(extractReport("no block here")).toBeNull();
    expect(extractReport("<!-- dxfix:report v1 !!!! -->")).toBeNull();
    expect(extractReport("<!-- dxfix:report v1 aGVsbG8= -->")).toBeNull(); // not gzip
    expect(
      extractReport(`<!-- dxfix:report v1 ${gzipSync("{").toString("base64")} -->`),
    ).toBeNull();
    expect(extractReport(packed({ schemaVersion: 1 }))).toBeNull();
    expect(extractReport(packed({ ...sampleReport(), schemaVersion: 2 }))).toBeNull();
    expect(extractReport(packed(sampleReport()))).toEqual(sampleReport());
  });

  it("refuses a gzip bomb", () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 32));
    expect(extractReport(`<!-- dxfix:report v1 ${bomb.toString("base64")} -->`)).toBeNull();
  });
});

describe("isTrustedAuthor", () => {
  it("trusts only the expected login, case-insensitively", () => {
    expect(
      isTrustedAuthor(
        { user: { login: "github-actions[bot]", type: "Bot" } },
        "github-actions[bot]",
      ),
    ).toBe(true);
    expect(isTrustedAuthor({ user: { login: "GitHub-Actions[bot]" } }, "github-actions[bot]")).toBe(
      true,
    );
    expect(isTrustedAuthor({ user: { login: "mallory" } }, "github-actions[bot]")).toBe(false);
    expect(isTrustedAuthor({ user: null }, "github-actions[bot]")).toBe(false);
    expect(isTrustedAuthor({ user: { login: "x" } }, "")).toBe(false);
  });
});
