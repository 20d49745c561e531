import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import {
  applyPlanEdits,
  describeEdits,
  instructionsOf,
  scopeDirs,
  tokenOffsets,
} from "../../src/fix/plan-edits.ts";
import { parsePlan } from "../../src/plan/index.ts";

const EXAMPLE = new URL("../../examples/dx-py-runtime/", import.meta.url).pathname;
const SPEC = ".kiro/specs/dx-py-runtime-compilation-fix";

function exampleFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === "target" || name === "fixes") continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(EXAMPLE, full), readFileSync(full, "utf8"));
    }
  };
  walk(EXAMPLE);
  return files;
}

const files = exampleFiles();
const planText = files.get(`${SPEC}/tasks.md`) ?? "";
const plan = parsePlan(planText, { path: `${SPEC}/tasks.md` });
const group = (id: string) => {
  const g = plan.groups.find((x) => x.id === id);
  if (!g) throw new Error(`no group ${id}`);
  return g;
};
const dirs = scopeDirs(plan, [planText, files.get(`${SPEC}/design.md`) ?? ""], [...files.keys()]);
const run = (id: string) =>
  applyPlanEdits({
    instructions: instructionsOf(group(id)),
    files,
    dirs,
    excluded: [".kiro", ".github"],
  });

describe("instructionsOf", () => {
  it("reads the example's mechanical instructions and leaves prose alone", () => {
    const kinds = instructionsOf(group("2")).map((i) =>
      i.kind === "replace"
        ? `${i.from} -> ${i.to}`
        : i.kind === "remove"
          ? `- ${i.token}`
          : `+ ${i.text}`,
    );
    expect(kinds).toEqual([
      "CompilationTier::Tier0 -> CompilationTier::Interpreter",
      "CompilationTier::Tier1 -> CompilationTier::BaselineJit",
      "CompilationTier::Tier2 -> CompilationTier::OptimizingJit",
      "CompilationTier::Tier3 -> CompilationTier::AotOptimized",
      "profile.call_count() -> profile.get_call_count()",
      "jit.has_compiled() -> jit.get_compiled(func_id).is_some()",
      "jit.deoptimize() -> jit.invalidate(func_id)",
      "- osr.transition()",
    ]);
  });

  it("finds the file of an Add in the task title", () => {
    expect(instructionsOf(group("1"))).toEqual([
      expect.objectContaining({
        kind: "add",
        text: 'dx-py-reactor = { path = "../dx-py-reactor" }',
        file: "dx-py-interpreter/Cargo.toml",
        section: "dependencies",
      }),
    ]);
  });
});

describe("applyPlanEdits on the example", () => {
  it("scopes edits to the directories the plan and design name", () => {
    expect(dirs).toContain("dx-py-runtime");
    expect(dirs).toContain("dx-py-runtime/dx-py-interpreter");
  });

  it("adds the dependency at the end of [dependencies] (group 1)", () => {
    const result = run("1");
    expect(result.skipped).toEqual([]);
    const manifest = result.changed.get("dx-py-runtime/dx-py-interpreter/Cargo.toml");
    expect(
      manifest?.endsWith(
        '[dependencies]\ndx-py-jit = { path = "../dx-py-jit" }\ndx-py-reactor = { path = "../dx-py-reactor" }\n',
      ),
    ).toBe(true);
  });

  it("applies exact-token replacements and skips what it cannot find (group 2)", () => {
    const result = run("2");
    const jit = result.changed.get("dx-py-runtime/dx-py-interpreter/src/jit_integration.rs") ?? "";
    expect(jit).not.toMatch(/CompilationTier::Tier[0-3]\b/);
    expect(jit).toContain("profile.get_call_count()");
    expect([...result.changed.keys()]).toEqual([
      "dx-py-runtime/dx-py-interpreter/src/jit_integration.rs",
    ]);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      "`jit.has_compiled()` does not occur in the files in scope",
      "`jit.deoptimize()` does not occur in the files in scope",
      "`osr.transition()` does not occur in the files in scope",
    ]);
    expect(describeEdits(result)[0]).toMatch(
      /^applied \(task 2\.3\): replace `CompilationTier::Tier0` with `CompilationTier::Interpreter` in dx-py-runtime\/dx-py-interpreter\/src\/jit_integration\.rs \(\d+\)$/,
    );
  });
});

describe("tokenOffsets", () => {
  it("matches whole tokens only", () => {
    expect(tokenOffsets("Tier0 Tier01 xTier0 Tier0()", "Tier0")).toEqual([0, 20]);
    expect(tokenOffsets("a.call_count() b.call_count()", "a.call_count()")).toEqual([0]);
  });
});

describe("applyPlanEdits refusals", () => {
  const instruction = (kind: "add", file: string) => ({
    kind,
    text: "x = 1",
    file,
    section: null,
    where: { task: "1.1", text: "" },
  });

  it("skips an Add whose file is ambiguous or already has the line", () => {
    const result = applyPlanEdits({
      instructions: [instruction("add", "Cargo.toml")],
      files: new Map([
        ["a/Cargo.toml", ""],
        ["b/Cargo.toml", ""],
      ]),
      dirs: [],
      excluded: [],
    });
    expect(result.skipped[0]?.reason).toBe("Cargo.toml is ambiguous (a/Cargo.toml, b/Cargo.toml)");
    const again = applyPlanEdits({
      instructions: [instruction("add", "a/Cargo.toml")],
      files: new Map([["a/Cargo.toml", "x = 1\n"]]),
      dirs: [],
      excluded: [],
    });
    expect(again.skipped[0]?.reason).toBe("a/Cargo.toml already has that line");
  });

  it("never edits excluded folders or files outside the scope", () => {
    const result = applyPlanEdits({
      instructions: [
        { kind: "replace", from: "old_name", to: "new_name", where: { task: "1", text: "" } },
      ],
      files: new Map([
        [".kiro/specs/x/tasks.md", "old_name"],
        ["other/lib.rs", "old_name"],
        ["crate/lib.rs", "old_name"],
      ]),
      dirs: ["crate"],
      excluded: [".kiro"],
    });
    expect([...result.changed.keys()]).toEqual(["crate/lib.rs"]);
  });
});
