// Plans and requirements stay inside the workspace unless the workflow opts out.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertInside, findFile, findPlans } from "../../src/action/plans.ts";

let base: string;
let workspace: string;
let outside: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "dxfix-plans-"));
  workspace = join(base, "workspace");
  outside = join(base, "outside");
  for (const dir of [join(workspace, ".kiro/specs/a"), join(outside, ".kiro/specs/b")]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(join(workspace, ".kiro/specs/a/tasks.md"), "- [ ] 1. A\n");
  writeFileSync(join(outside, ".kiro/specs/b/tasks.md"), "- [ ] 1. B\n");
  writeFileSync(join(outside, "requirements.md"), "# R\n");
  symlinkSync(join(outside, ".kiro/specs/b"), join(workspace, ".kiro/specs/linked"));
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

describe("plans outside the workspace", () => {
  it("are refused through ../, an absolute path or a symlink", () => {
    for (const pattern of [
      "../outside/.kiro/specs/b/tasks.md",
      join(outside, ".kiro/specs/b/tasks.md"),
      ".kiro/specs/linked/tasks.md",
    ]) {
      expect(() => findPlans([pattern], workspace, "."), pattern).toThrow(
        /is outside the workspace/,
      );
    }
    expect(() => findFile("../outside/requirements.md", workspace, ".")).toThrow(
      /requirements file '..\/outside\/requirements.md' is outside the workspace/,
    );
  });

  it("are refused when a glob reaches them through a symlinked folder", () => {
    expect(() => findPlans([".kiro/specs/*/tasks.md"], workspace, ".")).toThrow(
      /plan '.kiro\/specs\/linked\/tasks.md' is outside the workspace/,
    );
  });

  it("are read with allow-outside-workspace", () => {
    expect(findPlans(["../outside/.kiro/specs/b/tasks.md"], workspace, ".", true)).toEqual([
      join(outside, ".kiro/specs/b/tasks.md"),
    ]);
  });

  it("a glob follows symlinked folders inside the workspace and skips dependencies", () => {
    rmSync(join(workspace, ".kiro/specs/linked"));
    mkdirSync(join(workspace, "docs/spec"), { recursive: true });
    writeFileSync(join(workspace, "docs/spec/tasks.md"), "- [ ] 1. D\n");
    symlinkSync(join(workspace, "docs/spec"), join(workspace, ".kiro/specs/docs"));
    // A link back up the tree: the walk ends, and no plan is listed twice.
    symlinkSync(workspace, join(workspace, "docs/spec/loop"));
    mkdirSync(join(workspace, "node_modules/pkg/.kiro/specs/c"), { recursive: true });
    writeFileSync(join(workspace, "node_modules/pkg/.kiro/specs/c/tasks.md"), "- [ ] 1. C\n");
    expect(findPlans([".kiro/specs/*/tasks.md"], workspace, ".")).toEqual([
      join(workspace, ".kiro/specs/a/tasks.md"),
      join(workspace, ".kiro/specs/docs/tasks.md"),
    ]);
    expect(findPlans(["**/.kiro/specs/*/tasks.md"], workspace, ".")).toEqual([
      join(workspace, ".kiro/specs/a/tasks.md"),
      join(workspace, ".kiro/specs/docs/tasks.md"),
    ]);
  });

  it("inside ones are found as before", () => {
    expect(findPlans([".kiro/specs/a/tasks.md"], workspace, ".")).toEqual([
      join(workspace, ".kiro/specs/a/tasks.md"),
    ]);
    expect(assertInside(workspace, join(workspace, "sub"), "working-directory")).toBe(
      join(workspace, "sub"),
    );
    expect(() => assertInside(workspace, join(workspace, ".."), "working-directory")).toThrow(
      /working-directory '..' is outside the workspace/,
    );
  });
});
