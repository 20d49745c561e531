// Issue 11, item 2: adversarial plans that took seconds to minutes (or never finished)
// when a pattern backtracked or a line was rescanned. Each test asserts the result on an
// input far larger than the one that was slow; a super-linear parser would not finish
// within the test timeout. Timings are in bench/linear.bench.ts.
import { describe, expect, it } from "vitest";
import { codeSpans } from "../../src/markdown/syntax.ts";
import { lintPlan, parsePlan, parseRequirements, traceCriteria } from "../../src/plan/index.ts";

const SPACES = " ".repeat(200_000);

describe("plans read in linear time", () => {
  it("a Spec Kit phase heading padded with spaces (2 KB took 10 s)", () => {
    const plan = parsePlan(`## Phase 1: Setup${SPACES}here ##\n- [ ] T001 [P] [US1] Do it\n`);
    expect(plan.format).toBe("speckit");
    expect(plan.groups.map((g) => [g.id, g.title])).toEqual([["1", `Setup${SPACES}here`]]);
  });

  it("a Spec Kit heading and checkpoint padded with spaces", () => {
    const text = `# T${SPACES}x #\n## Phase 2 Two\n- [ ] T002 a\n**Checkpoint**:${SPACES}\u2028\n`;
    const plan = parsePlan(text);
    expect(plan.title).toBe(`T${SPACES}x`);
    expect(plan.groups.map((g) => [g.id, g.kind])).toEqual([
      ["2", "work"],
      ["cp2", "checkpoint"],
    ]);
  });

  it("150,000 blank lines before a plan (33-75 s)", () => {
    const plan = parsePlan(`${"\n".repeat(150_000)}- [ ] 1. Only task\n`);
    expect(plan.format).toBe("kiro");
    expect(plan.groups.map((g) => [g.id, g.title])).toEqual([["1", "Only task"]]);
  });

  it("150,000 lines of spaces before a Spec Kit task", () => {
    const plan = parsePlan(`${"  \n".repeat(150_000)}- [ ] T001 Only task\n`);
    expect(plan.format).toBe("speckit");
    expect(plan.groups[0]?.tasks.map((t) => t.id)).toEqual(["T001"]);
  });

  it("a Kiro heading padded with spaces", () => {
    const plan = parsePlan(`# Plan${SPACES}v2 ###\n\n- [ ] 1. Task\n`);
    expect(plan.title).toBe(`Plan${SPACES}v2`);
    expect(plan.groups).toHaveLength(1);
  });

  it("a bullet whose code span stays open over 100,000 wrapped lines", () => {
    const plan = parsePlan(`- [ ] 1. Run \`cargo\n${"  --flag\n".repeat(100_000)}  x\` passes\n`);
    const group = plan.groups[0];
    expect(group?.title.startsWith("Run `cargo --flag --flag")).toBe(true);
    expect(group?.title.endsWith("--flag x` passes")).toBe(true);
    expect(group?.title.length).toBe("Run `cargo".length + 100_000 * 7 + " x` passes".length);
  });

  it("a flattened plan of 80,000 sub-task lines in one group", () => {
    const subs = Array.from({ length: 80_000 }, (_, i) => `- 1.${i + 1} Step ${i + 1}`);
    const plan = parsePlan(`# Plan\n\n- -Setup\n${subs.join("\n")}\n`);
    expect(plan.repaired).toBe(true);
    expect(plan.groups.map((g) => [g.id, g.tasks.length])).toEqual([["1", 80_000]]);
    expect(plan.groups[0]?.tasks.at(-1)?.id).toBe("1.80000");
  });

  it("a flattened line whose code span never closes, split over 50,000 lines", () => {
    const rest = Array.from({ length: 50_000 }, () => "- p x");
    const plan = parsePlan(`# Plan\n\n- -Build\n- 1.1 Run \`cargo build\n${rest.join("\n")}\n`);
    const task = plan.groups[0]?.tasks[0];
    expect(task?.title.length).toBe("Run `cargo build".length + 50_000 * " -p x".length);
    const codes = plan.diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === "repaired-split")).toHaveLength(50_000);
    const last = plan.diagnostics.filter((d) => d.code === "repaired-split").at(-1);
    expect(last?.message).toContain("(now: `cargo build -p x -p x -p x");
  });

  it("a Spec Kit task with 50,000 labels", () => {
    const plan = parsePlan(`- [ ] T001 ${"[P] ".repeat(50_000)}Title\n`);
    const task = plan.groups[0]?.tasks[0];
    expect(task?.title).toBe("Title");
    expect(task?.details).toEqual(["parallel [P]"]);
  });

  it("a requirements heading padded with spaces or `#`s", () => {
    const doc = parseRequirements(
      `### Requirement 1: Login${SPACES}now\n### Requirement 2: Out${" #".repeat(100_000)}\n`,
    );
    expect(doc.requirements.map((r) => [r.id, r.title])).toEqual([
      ["1", `Login${SPACES}now`],
      ["2", "Out"],
    ]);
  });

  it("code spans over backtick runs of 3,000 different lengths, none closing", () => {
    // Each opener used to search the rest of the text for its closer: 4.5 MB of runs.
    let text = "";
    for (let n = 1; n <= 3_000; n++) text += `${"`".repeat(n)} a `;
    const { spans, unclosed } = codeSpans(`${text}x`);
    expect(unclosed).toBe(0);
    expect(spans).toEqual([]);
  });
});

describe("checkpoint titles in linear time", () => {
  it("a group title saying checkpoint 30,000 times, with no separator", () => {
    const title = `Checkpoint ${"checkpoint ".repeat(30_000)}run \`make\` passes`;
    const plan = parsePlan(`- [ ] 1. ${title}\n`);
    expect(plan.groups[0]?.kind).toBe("checkpoint");
    expect(plan.groups[0]?.commands.map((c) => c.run)).toEqual(["make"]);
  });
});

describe("references and criteria in linear time", () => {
  it("a `_Requirements:` list of 100,000 distinct ids, none in the document", () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `1.${i + 1}`);
    const plan = parsePlan(`- [ ] 1. Task\n  - _Requirements: ${ids.join(", ")}, 1.1_\n`);
    expect(plan.groups[0]?.requirements).toEqual(ids);
    const doc = parseRequirements("### Requirement 2: Other\n#### Acceptance Criteria\n1. x\n");
    const trace = traceCriteria(plan, doc);
    expect(trace.unknown).toHaveLength(100_000);
    expect(lintPlan(plan, doc).filter((d) => d.code === "unknown-criterion")).toHaveLength(100_000);
  });

  it("a requirement with 100,000 numbered criteria", () => {
    const items = Array.from({ length: 100_000 }, (_, i) => `${i + 1}. WHEN ${i} THEN ok`);
    const doc = parseRequirements(
      `### Requirement 1: A\n#### Acceptance Criteria\n${items.join("\n")}\n`,
    );
    expect(doc.requirements[0]?.criteria).toHaveLength(100_000);
    expect(doc.diagnostics).toEqual([]);
    const lint = lintPlan(parsePlan("- [ ] 1. Task\n"), doc);
    expect(lint.filter((d) => d.code === "uncovered-criterion")).toHaveLength(100_000);
  });
});
