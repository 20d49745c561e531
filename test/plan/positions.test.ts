// Every position the engine reports (groups, tasks, commands, references, diagnostics)
// points inside the file: a line that exists and a column on it (or just past its end).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lintPlan, parsePlan } from "../../src/plan/index.ts";

function positions(text: string): { what: string; line: number; column: number }[] {
  const plan = parsePlan(text, { path: "tasks.md" });
  const out = lintPlan(plan).map((d) => ({
    what: `diagnostic ${d.code}`,
    line: d.line,
    column: d.column,
  }));
  for (const g of plan.groups) {
    out.push({ what: `group ${g.id}`, line: g.line, column: g.column });
    for (const x of [...g.commands, ...g.references]) out.push({ what: "group item", ...x });
    for (const t of g.tasks) {
      out.push({ what: `task ${t.id}`, line: t.line, column: t.column });
      for (const x of [...t.commands, ...t.references])
        out.push({ what: `task ${t.id} item`, ...x });
    }
  }
  return out;
}

function outside(text: string) {
  const lines = text.split(/\r\n|\r|\n/);
  return positions(text).filter(
    (p) =>
      p.line < 1 ||
      p.line > lines.length ||
      p.column < 1 ||
      p.column > (lines[p.line - 1]?.length ?? 0) + 1,
  );
}

describe("positions", () => {
  it("of a wrapped bullet's unclosed code span point at the continuation line", () => {
    const text = "- [ ] 1. Group\n    - Run `npm test` in web directory\n`x\n";
    const d = lintPlan(parsePlan(text)).find((x) => x.code === "unclosed-backtick");
    expect(d).toMatchObject({ line: 3, column: 1 });
    expect(outside(text)).toEqual([]);
  });

  it("stay inside the file for arbitrary plan-like text", () => {
    const piece = fc.oneof(
      fc.constantFrom(
        "- [ ] 1. Group one",
        "- [x] 2. Checkpoint - Ensure `cargo test` passes",
        "  - [ ] 1.1 Task `run x`",
        "  - [-]* 1.2 Optional",
        "    - _Requirements: 1.1, 2.3-2.5_",
        "    - Execute `cargo build --release` in dx-py-runtime directory",
        "```sh",
        "```",
        "$ make",
        "**Property 1: P**",
        "- [ ] T001 [P] [US1] speckit",
        "1. Fix Missing Dependency 1.1 Add x _Requirements: 1.1_ 2. Next",
        "  - [ ] 10.1 `",
        "\u2028",
        "",
      ),
      fc.string({ unit: "binary", maxLength: 30 }),
    );
    const text = fc
      .array(piece, { maxLength: 20 })
      .chain((lines) => fc.constantFrom("\n", "\r\n", "\r").map((eol) => lines.join(eol)));
    fc.assert(
      fc.property(text, (t) => {
        expect(outside(t)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });
});
