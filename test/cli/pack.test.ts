// The CLI as a user installs it: `npm pack` of this repository, installed into another
// project, its `dxfix` binary run from there with relative paths (on Node 24, and on an
// older Node, which gets one line instead of a crash).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initRepo, tempDirs } from "../helpers/git.ts";
import { installOffline, pack } from "./offline-install.ts";

const temp = tempDirs();
let project = "";
let files: string[] = [];

const PLAN = `# Implementation Plan

- [x] 1. Write the greeting
  - Create \`hello.txt\`
  - _Requirements: 1.1_
- [ ] 2. Checkpoint - Ensure \`test -f hello.txt\` succeeds
`;
const REQUIREMENTS = `# Requirements

### Requirement 1: Greeting

#### Acceptance Criteria

1. WHEN the project is built THEN hello.txt SHALL exist
`;

beforeAll(() => {
  const tarball = pack(temp.make("dxfix-pack-"));
  files = spawnSync("tar", ["tzf", tarball], { encoding: "utf8" }).stdout.trim().split("\n");
  project = temp.make("dxfix-user-project-");
  mkdirSync(join(project, "specs"));
  writeFileSync(join(project, "specs", "tasks.md"), PLAN);
  writeFileSync(join(project, "specs", "requirements.md"), REQUIREMENTS);
  writeFileSync(join(project, "hello.txt"), "hi\n");
  installOffline(project, tarball);
  writeFileSync(join(project, ".gitignore"), "node_modules/\n");
  initRepo(project);
}, 300_000);

afterAll(() => temp.cleanup());

/** The installed binary, found through PATH as a shell would, with `nodeDir` first. */
function dxfix(args: string[], options: { cwd?: string; nodeDir?: string } = {}) {
  const bin = join(project, "node_modules", ".bin");
  const nodeDir = options.nodeDir ?? dirname(process.execPath);
  const r = spawnSync("dxfix", args, {
    cwd: options.cwd ?? project,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", PATH: [bin, nodeDir, process.env.PATH].join(delimiter) },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A Node older than 24 on this machine (the system one), else null. */
function olderNode(): string | null {
  for (const dir of (process.env.PATH ?? "")
    .split(delimiter)
    .concat("/usr/bin", "/usr/local/bin")) {
    const r = spawnSync(join(dir, "node"), ["-p", "process.versions.node"], { encoding: "utf8" });
    if (r.status === 0 && Number(r.stdout.split(".")[0]) < 24) return dir;
  }
  return null;
}

describe("the packed package", () => {
  it("holds the CLI bundle, not the sources", () => {
    expect(files).toContain("package/dist/cli.js");
    expect(files.filter((f) => f.startsWith("package/src/"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("package/test/"))).toEqual([]);
  });

  it("dxfix plan reads a relative plan from the user's project", () => {
    const r = dxfix(["plan", "specs/tasks.md"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2. Checkpoint - Ensure `test -f hello.txt` succeeds");
    expect(r.stdout).toContain(
      "Coverage: 1 criterion claimed, 0 uncovered in specs/requirements.md",
    );
  });

  it("dxfix check runs the plan's commands from the project root, from a subdirectory too", () => {
    const sub = join(project, "specs");
    const r = dxfix(["check", "tasks.md", "--json", "report.json"], { cwd: sub });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("✔ [2 · 1/1] test -f hello.txt");
    expect(r.stdout).toMatch(/1\/1 criteria verified/);
    expect(dxfix(["check", "specs/tasks.md", "--checkpoint", "9"]).stderr).toMatch(
      /^dxfix: no checkpoint 9 in the plan/,
    );
  });

  it("an older Node gets one line saying what to install, not a crash", () => {
    const dir = olderNode();
    expect(
      dir,
      "this test needs a Node older than 24 on the machine (the system one)",
    ).not.toBeNull();
    const r = dxfix(["check", "specs/tasks.md"], { nodeDir: dir ?? "" });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^dxfix: needs Node\.js 24 or later; this is Node\.js \d+\.[^\n]+\n$/);
  });
});
