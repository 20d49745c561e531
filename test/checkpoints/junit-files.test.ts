// JUnit files a command leaves are found where git does not look (ignored folders), and
// a glob that matches nothing is a warning instead of silence.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CommandRun, runCommand } from "../../src/checkpoints/command.ts";
import { globFiles } from "../../src/files/walk.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const XML =
  '<testsuite name="s" tests="2" failures="1"><testcase name="adds" classname="math"/>' +
  '<testcase name="commutes" classname="math"><failure message="boom">math.test.ts:3:1</failure></testcase></testsuite>';

/** A git repository whose .gitignore hides the report folders. */
function repo(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "dxfix-junit-"));
  dirs.push(root);
  const all = { ".gitignore": "reports/\ntarget/\nnode_modules/\n", ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  expect(spawnSync("git", ["init", "-q"], { cwd: root }).status).toBe(0);
  return root;
}

const command = (run: string) => ({
  run,
  cwd: null,
  line: 1,
  column: 1,
  source: "inline" as const,
});
const runIn = (root: string, junit: string[]): CommandRun => ({ root, timeoutMs: 20_000, junit });

describe("finding JUnit files", () => {
  it("reads a report the command wrote into a git-ignored folder", async () => {
    const root = repo({
      "write.sh": `mkdir -p reports && cat > reports/junit.xml <<'EOF'\n${XML}\nEOF\n`,
    });
    const { result } = await runCommand(command("sh write.sh"), runIn(root, ["reports/*.xml"]));
    expect(result.status).toBe("failed");
    expect(result.tests).toMatchObject({ passed: 1, failed: 1, failures: ["commutes"] });
    expect(result.warnings).toBe(0);
  });

  it("finds nextest's report under target/ by its exact path", async () => {
    const root = repo({ "target/nextest/ci/junit.xml": XML });
    expect(globFiles(root, ["target/nextest/ci/junit.xml"])).toEqual([
      "target/nextest/ci/junit.xml",
    ]);
    expect(globFiles(root, ["**/junit.xml"])).toEqual(["target/nextest/ci/junit.xml"]);
  });

  it("does not search node_modules or .git unless the glob names them, nor outside the root", () => {
    const root = repo({
      "node_modules/x/junit.xml": XML,
      "reports/a.xml": XML,
      "src/b.xml": XML,
    });
    writeFileSync(join(dirname(root), `${root.split("/").at(-1)}-outside.xml`), XML);
    dirs.push(join(dirname(root), `${root.split("/").at(-1)}-outside.xml`));
    expect(globFiles(root, ["**/*.xml"])).toEqual(["reports/a.xml", "src/b.xml"]);
    expect(globFiles(root, ["node_modules/**/*.xml"])).toEqual(["node_modules/x/junit.xml"]);
    expect(globFiles(root, ["../*.xml"])).toEqual([]);
  });
});

describe("a JUnit glob that matches nothing", () => {
  it("is one warning for the run, on the first command that runs tests", async () => {
    const root = repo();
    const run = runIn(root, ["reports/junit.xml", "*.xml"]);
    writeFileSync(join(root, "found.xml"), XML);
    const first = await runCommand(command("sh -c 'echo running tests'"), run);
    expect(first.result.warnings).toBe(1);
    expect(first.result.diagnostics).toEqual([
      {
        severity: "warning",
        code: "junit-no-match",
        message:
          'JUnit glob "reports/junit.xml" matched no file (globs are relative to the repository root)',
        file: null,
        line: null,
        column: null,
      },
    ]);
    const second = await runCommand(command("sh -c 'echo more tests'"), run);
    expect(second.result.warnings).toBe(0);
  });

  it("is not a warning after a command that runs no tests (a build)", async () => {
    const root = repo();
    const { result } = await runCommand(command("cargo --version"), runIn(root, ["reports/*.xml"]));
    expect(result.reader).not.toBe("junit");
    expect(result.warnings).toBe(0);
  });
});
