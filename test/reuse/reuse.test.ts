// Content-addressed reuse on real git repositories with real processes: which commands
// run again after a commit, and which results stand for them.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CheckOptions, checkPlan } from "../../src/checkpoints/check.ts";
import { parseReport, type Report } from "../../src/report/schema.ts";
import { cliReuse } from "../../src/reuse/cli.ts";
import { dirSource, reportSource } from "../../src/reuse/sources.ts";
import { gitTop, treeDigest } from "../../src/reuse/tree.ts";
import { COUNTING_PLAN } from "../action/flow.ts";
import { git, initRepo, tempDirs } from "../helpers/git.ts";

const PLAN = ".kiro/specs/demo/tasks.md";
const plan = COUNTING_PLAN;

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

interface Repo {
  root: string;
  count: string;
  cache: string;
}

function repo(files: Record<string, string> = {}): Repo {
  const root = dirs.make("dxfix-reuse-");
  for (const [path, text] of Object.entries({ [PLAN]: plan, "src/a.txt": "a\n", ...files })) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  initRepo(root);
  const outside = dirs.make("dxfix-reuse-out-");
  return { root, count: join(outside, "count"), cache: join(outside, "cache") };
}

function ran(r: Repo): string[] {
  try {
    return readFileSync(r.count, "utf8").trim().split("\n");
  } catch {
    return [];
  }
}

function head(r: Repo): string {
  return git(r.root, "rev-parse", "HEAD").trim();
}

async function check(r: Repo, extra: Partial<CheckOptions> = {}): Promise<Report> {
  return checkPlan({
    planPath: join(r.root, PLAN),
    env: { ...process.env, COUNT: r.count },
    reuse: { ignore: [], env: ["DXFIX_TEST_TOOLCHAIN"], source: dirSource(r.cache, head(r)) },
    ...extra,
  });
}

function commit(r: Repo, path: string, text: string): void {
  writeFileSync(join(r.root, path), text);
  git(r.root, "add", "-A");
  git(r.root, "commit", "-q", "-m", `change ${path}`);
}

const commands = (report: Report) => report.checkpoints.flatMap((c) => c.commands);

describe("content-addressed reuse", () => {
  it("a commit that only ticks tasks.md runs no command and marks every result reused", async () => {
    const r = repo({ "ok.txt": "" });
    const first = await check(r);
    const sha = head(r);
    expect(ran(r)).toEqual(["build", "test"]);
    expect(commands(first).every((c) => c.key?.length === 64 && c.reusedFrom === null)).toBe(true);
    commit(r, PLAN, plan.replace("- [ ] 1.1 Do it", "- [x] 1.1 Do it"));
    const second = await check(r);
    expect(ran(r)).toEqual(["build", "test"]);
    expect(commands(second).map((c) => [c.status, c.reusedFrom, c.reused])).toEqual([
      ["passed", sha, false],
      ["passed", sha, false],
    ]);
    expect(commands(second).map((c) => c.key)).toEqual(commands(first).map((c) => c.key));
    expect(second.summary.processes).toBe(0);
    expect(second.status).toBe(first.status);
  });

  it("a change to any other file, or to a reuse.env value, runs the commands again", async () => {
    const r = repo({ "ok.txt": "" });
    await check(r);
    commit(r, "src/a.txt", "b\n");
    const changed = await check(r);
    expect(ran(r)).toEqual(["build", "test", "build", "test"]);
    expect(commands(changed).every((c) => c.reusedFrom === null)).toBe(true);
    await check(r, { env: { ...process.env, COUNT: r.count, DXFIX_TEST_TOOLCHAIN: "1.90" } });
    expect(ran(r)).toHaveLength(6);
  });

  it("reuse.ignore leaves matching files out of the key; a dirty work tree counts", async () => {
    const r = repo({ "ok.txt": "", "docs/guide.md": "v1\n" });
    const reuse = { ignore: ["docs/**"], env: [], source: dirSource(r.cache, "one") };
    await check(r, { reuse });
    commit(r, "docs/guide.md", "v2\n");
    await check(r, { reuse });
    expect(ran(r)).toEqual(["build", "test"]);
    writeFileSync(join(r.root, "src/a.txt"), "edited, not committed\n");
    await check(r, { reuse });
    expect(ran(r)).toEqual(["build", "test", "build", "test"]);
  });

  it("never reuses a failed result: a retry runs only what failed", async () => {
    const r = repo();
    const first = await check(r);
    expect(first.checkpoints.map((c) => c.status)).toEqual(["passed", "failed"]);
    const retry = await check(r);
    expect(ran(r)).toEqual(["build", "test", "test"]);
    expect(commands(retry).map((c) => c.reusedFrom)).toEqual([head(r), null]);
    expect(retry.summary.processes).toBe(1);
  });

  it("takes passed results from the PR's previous report, by key", async () => {
    const r = repo({ "ok.txt": "" });
    const first = await check(r, { commit: { sha: "a".repeat(40), ref: "pr" } });
    commit(r, PLAN, plan.replace("- [ ] 1. Work", "- [-] 1. Work"));
    const reuse = { ignore: [], env: ["DXFIX_TEST_TOOLCHAIN"], source: reportSource(first) };
    const second = await check(r, { reuse, commit: { sha: head(r), ref: "pr" } });
    expect(ran(r)).toEqual(["build", "test"]);
    expect(commands(second).map((c) => c.reusedFrom)).toEqual(["a".repeat(40), "a".repeat(40)]);
    // A result reused twice still names the commit where it ran.
    const third = await check(r, { reuse: { ...reuse, source: reportSource(second) } });
    expect(commands(third).map((c) => c.reusedFrom)).toEqual(["a".repeat(40), "a".repeat(40)]);
  });

  it("--no-reuse runs everything and still records keys; the CLI caches in .git/dxfix-cache", async () => {
    const r = repo({ "ok.txt": "" });
    const planPath = join(r.root, PLAN);
    const on = cliReuse(planPath, null, { reuse: true, cacheDir: undefined });
    await check(r, { reuse: on });
    await check(r, { reuse: on });
    expect(ran(r)).toEqual(["build", "test"]);
    // Two passed results kept in the git directory, out of the work tree: `git status` is clean.
    expect(
      readdirSync(join(r.root, ".git/dxfix-cache")).filter((f) => f.endsWith(".json")),
    ).toHaveLength(2);
    expect(git(r.root, "status", "--porcelain")).toBe("");
    const off = cliReuse(planPath, null, { reuse: false, cacheDir: undefined });
    const report = await check(r, { reuse: off });
    expect(ran(r)).toHaveLength(4);
    expect(commands(report).every((c) => c.key && c.reusedFrom === null)).toBe(true);
  });
});

describe("the tree digest", () => {
  it("is null outside git, so nothing is keyed or reused", async () => {
    const root = mkdtempSync(join(tmpdir(), "dxfix-nogit-"));
    dirs.keep(root);
    expect(treeDigest(root, { exclude: [], ignore: [] })).toBeNull();
  });

  it("is the same from a subfolder and from a worktree's checkout (a .git file)", () => {
    const r = repo();
    const sub = join(r.root, "crates/a");
    mkdirSync(sub, { recursive: true });
    expect(gitTop(sub)).toBe(r.root);
    const tree = mkdtempSync(join(tmpdir(), "dxfix-worktree-"));
    dirs.keep(tree);
    git(r.root, "worktree", "add", "-q", join(tree, "wt"));
    expect(gitTop(join(tree, "wt"))).toBe(join(tree, "wt"));
    const exclude = (root: string) => [join(root, PLAN)];
    expect(treeDigest(join(tree, "wt"), { exclude: exclude(join(tree, "wt")), ignore: [] })).toBe(
      treeDigest(r.root, { exclude: exclude(r.root), ignore: [] }),
    );
  });

  it("leaves the plan files out and sees untracked files", () => {
    const r = repo();
    const exclude = [join(r.root, PLAN)];
    const before = treeDigest(r.root, { exclude, ignore: [] });
    writeFileSync(join(r.root, PLAN), `${plan}\n- [ ] 4. More\n`);
    expect(treeDigest(r.root, { exclude, ignore: [] })).toBe(before);
    writeFileSync(join(r.root, "new.txt"), "x");
    expect(treeDigest(r.root, { exclude, ignore: [] })).not.toBe(before);
  });
});

describe("schema v2", () => {
  it("still reads a v1 report (a living comment from before the upgrade)", async () => {
    const r = repo({ "ok.txt": "" });
    const report = await checkPlan({
      planPath: join(r.root, PLAN),
      env: { ...process.env, COUNT: r.count },
    });
    const v1 = JSON.parse(JSON.stringify({ ...report, schemaVersion: 1 }), (k, v) =>
      k === "key" || k === "reusedFrom" ? undefined : v,
    );
    expect(parseReport(v1).schemaVersion).toBe(2);
    expect(() => parseReport({ ...v1, schemaVersion: 3 })).toThrow(/not a dxfix report/);
  });
});
