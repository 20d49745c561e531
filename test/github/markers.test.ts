import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checklistMarker,
  contentKey,
  contentKeyLine,
  dxfixPrState,
  encodeReport,
  extractReport,
  failureMarker,
  findContentKey,
  findMarker,
  hasFailureComment,
  hasNotice,
  noticeMarker,
  prMarker,
} from "../../src/github/markers.ts";
import { trusted } from "../../src/github/trust.ts";
import type { CheckpointResult, Report } from "../../src/report/schema.ts";
import { sampleCommand, sampleReport } from "../helpers/report.ts";

/** The sample report's only checkpoint, failing loudly if the sample loses it. */
function firstCheckpoint(r: Report): CheckpointResult {
  const checkpoint = r.checkpoints[0];
  if (!checkpoint) throw new Error("the sample report has no checkpoint");
  return checkpoint;
}

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
      firstCheckpoint(r).commands[0] = sampleCommand({
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
    expect(extractReport(packed({ ...sampleReport(), schemaVersion: 3 }))).toBeNull();
    // A v1 report (a comment from before schema v2) still reads.
    expect(extractReport(packed({ ...sampleReport(), schemaVersion: 1 }))).toEqual(sampleReport());
    expect(extractReport(packed(sampleReport()))).toEqual(sampleReport());
  });

  it("refuses a gzip bomb", () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 32));
    expect(extractReport(`<!-- dxfix:report v1 ${bomb.toString("base64")} -->`)).toBeNull();
  });
});

describe("content key", () => {
  it("ignores timings and finds its line anywhere in the body", () => {
    const report = sampleReport();
    const later = sampleReport((r) => {
      r.generatedAt = "2030-01-01T00:00:00Z";
      firstCheckpoint(r).durationMs = 123_456;
    });
    expect(contentKey(later)).toBe(contentKey(report));
    const failed = sampleReport((r) => {
      firstCheckpoint(r).status = "failed";
    });
    expect(contentKey(failed)).not.toBe(contentKey(report));
    const key = contentKey(report);
    expect(findContentKey(`${checklistMarker("x")}\n${contentKeyLine(key)}\nbody`)).toBe(key);
    expect(findContentKey("no key")).toBeNull();
  });
});

describe("trusted", () => {
  it("trusts only the expected logins, case-insensitively", () => {
    const actions = ["github-actions[bot]"];
    expect(trusted({ login: "github-actions[bot]", type: "Bot" }, actions)).toBe(true);
    expect(trusted({ login: "GitHub-Actions[bot]" }, actions)).toBe(true);
    expect(trusted({ login: "dxfix[bot]" }, ["someone", "dxfix[bot]"])).toBe(true);
    expect(trusted({ login: "mallory" }, actions)).toBe(false);
    expect(trusted({ login: "renovate[bot]", type: "Bot" }, actions)).toBe(false);
    expect(trusted(null, actions)).toBe(false);
    expect(trusted({ login: "x" }, [""])).toBe(false);
    expect(trusted({ login: "x" }, [])).toBe(false);
  });
});

describe("the bot's markers count only when the bot wrote them", () => {
  const me = ["dxfix[bot]"];
  const sha = "a".repeat(40);
  const by = (login: string, body: string) => ({ id: 1, body, user: { login, type: "Bot" } });

  it("PR state", () => {
    const state = { spec: "s", group: "1", plan: "p/tasks.md" };
    const body = `text\n${prMarker(state)}`;
    expect(dxfixPrState({ body, author: { login: "dxfix[bot]", type: "Bot" } }, me)).toEqual(state);
    expect(dxfixPrState({ body, author: { login: "other-app[bot]", type: "Bot" } }, me)).toBeNull();
    expect(dxfixPrState({ body, author: null }, me)).toBeNull();
  });

  it("failure and notice comments", () => {
    expect(hasFailureComment([by("dxfix[bot]", failureMarker(sha))], sha, me)).toBe(true);
    expect(hasFailureComment([by("other-app[bot]", failureMarker(sha))], sha, me)).toBe(false);
    expect(hasFailureComment([by("dxfix[bot]", failureMarker("b".repeat(40)))], sha, me)).toBe(
      false,
    );
    const notice = `${noticeMarker("config-1")}\nbad config`;
    expect(hasNotice([by("dxfix[bot]", notice)], "config-1", me)).toBe(true);
    expect(hasNotice([by("other-app[bot]", notice)], "config-1", me)).toBe(false);
    expect(hasNotice([by("dxfix[bot]", notice)], "config-2", me)).toBe(false);
  });
});
