import { describe, expect, it } from "vitest";
import { fixCommitMessage, fixRunsIn, parseTrailers } from "../../src/fix/trailers.ts";

const commit = {
  planPath: ".kiro/specs/x/tasks.md",
  groupId: "2",
  groupTitle: "Fix JIT\nIntegration",
  run: 3,
  attempt: 2,
  fixer: "claude -p",
  summary: ["checkpoint 3 passes"],
  credits: [
    { login: "octocat", id: 583231 },
    { login: "hubot", id: null },
  ],
};

describe("fix commit trailers", () => {
  it("names the group, run and attempt, and credits the guidance authors", () => {
    const message = fixCommitMessage(commit);
    expect(message.split("\n")[0]).toBe("dxfix: task group 2 (Fix JIT Integration), attempt 2");
    const trailers = parseTrailers(message);
    expect(trailers.get("dxfix-group")).toEqual(["2"]);
    expect(trailers.get("dxfix-run")).toEqual(["3"]);
    expect(trailers.get("dxfix-attempt")).toEqual(["2"]);
    expect(trailers.get("co-authored-by")).toEqual([
      "octocat <583231+octocat@users.noreply.github.com>",
      "hubot <hubot@users.noreply.github.com>",
    ]);
  });

  it("counts distinct fix runs from commit messages, ignoring other commits", () => {
    const messages = [
      fixCommitMessage({ ...commit, run: 1, attempt: 1 }),
      fixCommitMessage({ ...commit, run: 2, attempt: 3 }),
      "fix typo\n\nSigned-off-by: a <a@b>",
      "Dxfix-Run: 9", // a one-line message has no trailer block
      fixCommitMessage({ ...commit, run: 2, attempt: 1 }),
    ];
    expect(fixRunsIn(messages)).toEqual({ count: 2, last: 2 });
  });

  it("reads no trailers from a last paragraph that is prose", () => {
    expect(parseTrailers("subject\n\nDxfix-Run: 1\nnot a trailer line").size).toBe(0);
  });
});
