// `/dxfix help` (and an unknown verb, answered with the same list) needs who asked, the
// claim that keeps a replayed delivery from answering twice (replicas.test.ts) and the
// reply. It used to cost eight calls: 👀, the config twice and 🚀 on top of those.
import { afterEach, describe, expect, it } from "vitest";
import { resetGitHubMocks } from "../helpers/github.ts";
import { botComments, commentPayload, deliver, fakeRepo, loadedProbot } from "./setup.ts";

afterEach(() => resetGitHubMocks());

const REPO_CALLS = [
  "GET /repos/Codertocat/Hello-World/collaborators/alice/permission",
  "GET /repos/Codertocat/Hello-World/git/ref/heads%2Fmaster",
  "POST /repos/Codertocat/Hello-World/git/refs",
  "POST /repos/Codertocat/Hello-World/issues/1/comments",
];

async function callsFor(body: string, login = "alice") {
  const fake = fakeRepo();
  const probot = await loadedProbot();
  fake.permissions.set("alice", { permission: "write", role_name: "write" });
  const before = fake.gh.requests.length;
  await deliver(probot, "issue_comment", commentPayload(fake, 1, body, login));
  const calls = fake.gh.requests
    .slice(before)
    .map((r) => `${r.method} ${r.path.split("?")[0]}`)
    // The installation token is auth, fetched once an hour, not a call about the comment.
    .filter((c) => !c.includes("/access_tokens"));
  fake.gh.assertNoViolations();
  return { fake, calls };
}

describe("/dxfix help", () => {
  it("costs four calls: permission, claim (head and ref), reply", async () => {
    const { fake, calls } = await callsFor("/dxfix help");
    expect(calls).toEqual(REPO_CALLS);
    expect(botComments(fake, 1).at(-1)?.body).toContain("**dxfix commands**");
  });

  it("an unknown verb costs the same four calls and lists the commands", async () => {
    const { fake, calls } = await callsFor("/dxfix frobnicate");
    expect(calls).toEqual(REPO_CALLS);
    expect(botComments(fake, 1).at(-1)?.body).toContain("I don't know `/dxfix frobnicate`");
  });

  it("a stranger asking for help is refused, not answered", async () => {
    const { fake, calls } = await callsFor("/dxfix help", "mallory");
    expect(calls[0]).toBe("GET /repos/Codertocat/Hello-World/collaborators/mallory/permission");
    expect(botComments(fake, 1).at(-1)?.body).toContain("only takes `/dxfix` commands");
  });

  it("help with another command takes the full path (config, reactions)", async () => {
    const { calls } = await callsFor("/dxfix help\n/dxfix status");
    expect(calls.filter((c) => c.endsWith("/reactions"))).toHaveLength(2);
    expect(calls.filter((c) => c.includes("dxfix.yml")).length).toBeGreaterThan(0);
  });
});
