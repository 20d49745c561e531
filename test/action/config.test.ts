// The Action's `.github/dxfix.yml`: every error at once as annotations at their lines,
// and `_extends` honoured as the bot (Probot) honours it: a file of this repository from
// the workspace, another repository's through the API with the step's token.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadActionConfig, remoteReader } from "../../src/action/config.ts";
import type { CheckOptions, Engine } from "../../src/action/engine-types.ts";
import { defaultConfig } from "../../src/config.ts";
import { InputError } from "../../src/errors.ts";
import { createOctokit } from "../../src/github/octokit.ts";
import { mockGitHub, resetGitHubMocks } from "../helpers/github.ts";
import { payload } from "../helpers/payloads.ts";
import { sampleReport } from "../helpers/report.ts";
import { applyEnv, simulateRunner } from "../helpers/runner.ts";
import { captureStdout } from "../helpers/stdout.ts";

let workspace: string;
let stdout: string[];
const repository = { owner: "Codertocat", repo: "Hello-World" };

function write(path: string, text: string): void {
  mkdirSync(join(workspace, path, ".."), { recursive: true });
  writeFileSync(join(workspace, path), text);
}

const load = (remote: Parameters<typeof loadActionConfig>[0]["remote"] = null) =>
  loadActionConfig({ file: ".github/dxfix.yml", workspace, repository, remote });

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), "dxfix-config-"));
  stdout = captureStdout();
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(workspace, { recursive: true, force: true });
  resetGitHubMocks();
});

describe("the Action's configuration", () => {
  it("is the defaults without a file", async () => {
    await expect(load()).resolves.toEqual(defaultConfig);
  });

  it("reports every error at once, each an annotation at its file and line", async () => {
    write(".github/dxfix.yml", "mode: sideways\nlabels: dxfix\ncheckpoints:\n  - run: make\n");
    const error = await load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const lines = (error as Error).message.split("\n");
    expect(lines).toEqual([
      `.github/dxfix.yml:1:7: 'mode' must be one of "sequential", "parallel"`,
      ".github/dxfix.yml:2:9: 'labels' must be a list",
      ".github/dxfix.yml:4:5: 'checkpoints.0' needs 'checkpoint' (an id) or 'title' (a pattern) to say which checkpoint",
    ]);
    const annotations = stdout
      .join("")
      .split("\n")
      .filter((l) => l.startsWith("::error "));
    expect(annotations).toHaveLength(3);
    expect(annotations[0]).toMatch(
      /^::error title=dxfix configuration,file=\.github\/dxfix\.yml,line=1,col=7::'mode'/,
    );
    expect(annotations[2]).toContain("file=.github/dxfix.yml,line=4,col=5::");
  });

  it("merges a file of this repository that it _extends, as Probot does (lists join, own values win)", async () => {
    write(".github/base.yml", "mode: parallel\nlabels: [base]\ntimeoutMinutes: 9\n");
    write(
      ".github/dxfix.yml",
      "_extends: Hello-World:.github/base.yml\nlabels: [own]\ntimeoutMinutes: 5\n",
    );
    const config = await load();
    expect(config).toMatchObject({ mode: "parallel", labels: ["base", "own"], timeoutMinutes: 5 });
  });

  it("points at the error in the extended file, and at _extends when that file is missing", async () => {
    write(".github/base.yml", "maxOpenPrs: lots\n");
    write(".github/dxfix.yml", "_extends: Hello-World:.github/base.yml\n");
    await expect(load()).rejects.toThrow(".github/base.yml:1:13: 'maxOpenPrs' must be a number");
    write(".github/dxfix.yml", "mode: parallel\n_extends: Hello-World:.github/gone.yml\n");
    await expect(load()).rejects.toThrow(
      ".github/dxfix.yml:2:11: _extends: cannot read Codertocat/Hello-World:.github/gone.yml: no such file in the workspace",
    );
  });

  it("reads another repository's file through the API with the step's token", async () => {
    const gh = mockGitHub();
    const content = (text: string) => ({
      type: "file",
      encoding: "base64",
      size: text.length,
      name: "dxfix.yml",
      path: ".github/dxfix.yml",
      content: Buffer.from(text).toString("base64"),
      sha: "3d21ec53a331a6f037a91c368710b99387d012c1",
      url: "https://api.github.com/repos/Codertocat/.github/contents/.github/dxfix.yml",
      git_url: null,
      html_url: null,
      download_url: null,
      _links: { self: "https://api.github.com/x", git: null, html: null },
    });
    gh.scope
      .get("/repos/Codertocat/.github/contents/.github%2Fdxfix.yml")
      .reply(200, content("mode: parallel\nreportAuthors: [octo-bot]\n"));
    write(".github/dxfix.yml", "_extends: .github\nlabels: [own]\n");
    const client = createOctokit("ghs_test", { retries: 0 });
    const config = await load(remoteReader(client));
    expect(config).toMatchObject({
      mode: "parallel",
      labels: ["own"],
      reportAuthors: ["octo-bot"],
    });
    gh.done();
  });

  it("says what to do when the token cannot read the other repository", async () => {
    const gh = mockGitHub();
    gh.scope
      .get("/repos/acme/settings/contents/dxfix.yml")
      .reply(404, { message: "Not Found", documentation_url: "https://docs.github.com" });
    write(".github/dxfix.yml", "_extends: acme/settings:dxfix.yml\n");
    await expect(load(remoteReader(createOctokit("ghs_test", { retries: 0 })))).rejects.toThrow(
      ".github/dxfix.yml:1:11: _extends: cannot read acme/settings:dxfix.yml: not found, or the step's token cannot read it (pass a github-token that can)",
    );
    await expect(load(null)).rejects.toThrow("the step has no github-token to read it with");
  });

  it("refuses a loop of _extends", async () => {
    write(".github/a.yml", "_extends: Hello-World:.github/b.yml\n");
    write(".github/b.yml", "_extends: Hello-World:.github/a.yml\n");
    write(".github/dxfix.yml", "_extends: Hello-World:.github/a.yml\n");
    await expect(load()).rejects.toThrow("a loop of _extends");
  });
});

describe("the Action's run with checkpoint commands in the config", () => {
  it("hands the runner the plan with the config's commands on its checkpoints", async () => {
    const plan = ".kiro/specs/demo/tasks.md";
    write(plan, "- [ ] 1. Build it\n- [ ] 2. Checkpoint - Backend complete\n");
    write(
      ".github/dxfix.yml",
      "checkpoints:\n  - title: '*backend complete'\n    run: make test\n",
    );
    const calls: CheckOptions[] = [];
    const engine: Engine = {
      renderMarkdown: () => "report",
      async checkPlan(options) {
        calls.push(options);
        return sampleReport();
      },
    };
    const runner = simulateRunner({
      event: "push",
      payload: payload("push"),
      workspace,
      inputs: {},
    });
    const restore = applyEnv(runner.env);
    try {
      const { run } = await import("../../src/action/main.ts");
      await run({ engine });
    } finally {
      restore();
      runner.cleanup();
      process.exitCode = undefined;
    }
    expect(calls).toHaveLength(1);
    const checkpoint = calls[0]?.files?.plan.groups.find((g) => g.id === "2");
    expect(checkpoint?.commands).toEqual([
      { run: "make test", cwd: null, line: 2, column: 7, source: "config" },
    ]);
  });
});
