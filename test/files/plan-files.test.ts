// The requirements beside a plan: Kiro's requirements.md, else Spec Kit's spec.md
// (issue 12 item 5), read from a real directory.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readPlanFiles } from "../../src/files/plan-files.ts";

const fixture = (name: string) => new URL(`../fixtures/plans/${name}`, import.meta.url);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function specDir(): string {
  const root = mkdtempSync(join(tmpdir(), "dxfix-plan-files-"));
  dirs.push(root);
  const dir = join(root, "specs", "001-photo-albums");
  mkdirSync(dir, { recursive: true });
  copyFileSync(fixture("speckit-tasks.md"), join(dir, "tasks.md"));
  copyFileSync(fixture("speckit-spec.md"), join(dir, "spec.md"));
  return dir;
}

describe("readPlanFiles", () => {
  it("reads spec.md beside a Spec Kit tasks.md as its requirements", () => {
    const dir = specDir();
    const files = readPlanFiles(join(dir, "tasks.md"));
    expect(files.requirementsPath).toBe(join(dir, "spec.md"));
    expect(files.requirements?.requirements.map((r) => r.id)).toContain("US1");
    expect(files.diagnostics.filter((d) => d.code === "unknown-criterion")).toEqual([]);
  });

  it("prefers requirements.md when both sit beside the plan", () => {
    const dir = specDir();
    writeFileSync(
      join(dir, "requirements.md"),
      "### Requirement 1: A\n#### Acceptance Criteria\n1. x\n",
    );
    expect(readPlanFiles(join(dir, "tasks.md")).requirementsPath).toBe(
      join(dir, "requirements.md"),
    );
  });
});
