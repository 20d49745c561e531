import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lintPlan, parsePlan, parseRequirements, traceCriteria } from "../../src/plan/index.ts";
import { present } from "./present.ts";

const read = (name: string) =>
  readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url), "utf8");
const text = read("canonical.md");
const plan = parsePlan(text, { path: "tasks.md" });
const reqs = parseRequirements(read("canonical.requirements.md"), { path: "requirements.md" });

describe("canonical Kiro plan", () => {
  it("reads groups, kinds and box states", () => {
    expect(plan.repaired).toBe(false);
    expect(plan.title).toBe("Implementation Plan: Café Ordering Service");
    expect(plan.groups.map((g) => [g.id, g.kind, g.state])).toEqual([
      ["1", "work", "done"],
      ["2", "work", "in_progress"],
      ["3", "checkpoint", "todo"],
      ["4", "work", "todo"],
      ["5", "verification", "todo"],
      ["6", "checkpoint", "todo"],
    ]);
  });

  it("reads tasks with [x], [X], [-], [ ], the optional marker and deeper nesting", () => {
    const tasks = plan.groups.flatMap((g) => g.tasks);
    expect(tasks.map((t) => [t.id, t.state, t.optional, t.parent])).toEqual([
      ["1.1", "done", false, null],
      ["1.2", "done", false, null],
      ["2.1", "done", false, null],
      ["2.2", "in_progress", false, null],
      ["2.2.1", "todo", false, "2.2"],
      ["2.3", "todo", true, null],
      ["4.1", "todo", false, null],
      ["4.2", "todo", false, null],
      ["5.1", "todo", false, null],
    ]);
    expect(tasks[2]?.title).toBe("Define the `Order` type — with “smart quotes” and émojis ☕");
  });

  it("reads requirement references in all their spellings and ranges", () => {
    const tasks = Object.fromEntries(plan.groups.flatMap((g) => g.tasks).map((t) => [t.id, t]));
    expect(tasks["1.1"]?.requirements).toEqual(["1.1", "1.2"]);
    expect(tasks["2.1"]?.requirements).toEqual(["2.1", "2.2", "2.3"]);
    expect(tasks["2.2"]?.requirements).toEqual(["2.4"]);
    expect(tasks["2.3"]?.properties).toEqual([
      {
        id: "1",
        title: "Order total is the sum of its lines",
        validates: ["2.2", "2.3"],
        line: 26,
      },
    ]);
  });

  it("finds commands in bullets and fenced shell blocks, with working directories", () => {
    const cmds = plan.groups.flatMap((g) => [...g.commands, ...g.tasks.flatMap((t) => t.commands)]);
    expect(cmds.map((c) => [c.run, c.cwd, c.source])).toEqual([
      ["npm run build", null, "inline"],
      ["npm run migrate -- --env test --verbose", null, "fence"],
      ["npm test", "service", "inline"],
    ]);
    // `Use \`Map<string, Order>\`` is code, not a command to run.
    expect(plan.groups[3]?.tasks[0]?.commands).toEqual([]);
    expect(plan.groups[3]?.tasks[1]?.verification).toBe(false);
    expect(plan.groups[4]?.tasks[0]?.verification).toBe(true);
  });

  it("ignores bullets of other sections", () => {
    expect(plan.groups.flatMap((g) => g.details).join("\n")).not.toContain("optional");
    expect(plan.groups).toHaveLength(6);
  });

  it("reads requirements.md criteria, multi-line text included", () => {
    expect(reqs.requirements.map((r) => [r.id, r.title, r.criteria.length])).toEqual([
      ["1", "Project skeleton", 3],
      ["2", "Orders", 4],
      ["3", "Persistence", 4],
    ]);
    expect(reqs.requirements[0]?.userStory).toMatch(/^As a developer/);
    expect(reqs.requirements[0]?.criteria[1]?.text).toBe(
      "WHEN the build runs THEN the system SHALL compile without warnings",
    );
  });

  it("traces coverage against requirements.md and reports uncovered criteria", () => {
    const trace = traceCriteria(plan, reqs);
    const uncovered = trace.criteria.filter((c) => !c.covered).map((c) => c.id);
    expect(uncovered).toEqual(["3.4"]);
    const c11 = present(
      trace.criteria.find((c) => c.id === "1.1"),
      "criterion 1.1",
    );
    expect(c11).toMatchObject({ tasks: ["1.1", "5.1"], checkpoints: ["3", "5.1"], known: true });
    expect(c11.text).toMatch(/cloned/);
    const diags = lintPlan(plan, reqs);
    expect(diags.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      "requirements.md:38 uncovered-criterion",
    ]);
  });

  it("reports references to criteria that do not exist", () => {
    const broken = parsePlan(text.replace("_Requirements: 1.3_", "_Requirements: 1.9_"), {
      path: "tasks.md",
    });
    const diags = lintPlan(broken, reqs).filter((d) => d.severity === "error");
    expect(diags).toEqual([
      {
        severity: "error",
        code: "unknown-criterion",
        message: "criterion 1.9 does not exist in requirements.md",
        file: "tasks.md",
        line: 15,
        column: 22, // at 1.9 in `    - _Requirements: 1.9_`
      },
    ]);
  });
});

describe("diagnostics", () => {
  const codes = (t: string) =>
    lintPlan(parsePlan(t, { path: "p.md" })).map(
      (d) => `${d.line}:${d.column} ${d.severity} ${d.code}`,
    );

  it("empty plan", () => {
    expect(codes("# Plan\n\nNothing here.\n")).toEqual(["1:1 error empty-plan"]);
    expect(codes("")).toEqual(["1:1 error empty-plan"]);
  });

  it("duplicate ids", () => {
    expect(codes("- [ ] 1. A\n  - [ ] 1.1 x\n  - [ ] 1.1 y\n")).toEqual(["3:9 error duplicate-id"]);
  });

  it("sub-task numbered outside its group", () => {
    expect(codes("- [ ] 1. A\n- [ ] 2. B\n  - [ ] 1.2 x\n")).toEqual([
      "3:9 error subtask-outside-group",
    ]);
  });

  it("checkpoint with no runnable command before it", () => {
    expect(
      codes("- [ ] 1. A\n  - [ ] 1.1 x\n- [ ] 2. Checkpoint\n  - Ensure all tests pass\n"),
    ).toEqual(["3:7 warning checkpoint-without-command"]);
    expect(codes("- [ ] 1. Run `make`\n- [ ] 2. Checkpoint\n")).toEqual([]);
  });

  it("unclosed backtick", () => {
    expect(codes("- [ ] 1. A\n  - Run `cargo build\n")).toEqual(["2:9 warning unclosed-backtick"]);
  });
});

describe("real-world shapes", () => {
  const flat = parsePlan(read("kiro-flat-subtasks.md"), { path: "tasks.md" });

  it("sub-tasks written at the top level, `*` bullets, 4-space nesting and phase headings", () => {
    expect(
      flat.groups.map((g) => [g.id, g.kind, g.state, g.tasks.map((t) => t.id).join(" ")]),
    ).toEqual([
      ["1", "work", "done", ""],
      ["2", "work", "in_progress", "2.1 2.2 2.3"],
      ["3", "checkpoint", "todo", ""],
      ["4", "work", "todo", "4.1 4.2"],
      ["5", "checkpoint", "todo", ""],
    ]);
    const t = (id: string) =>
      present(
        flat.groups.flatMap((g) => g.tasks).find((x) => x.id === id),
        `task ${id}`,
      );
    expect(t("2.1").requirements).toEqual(["2.1", "3.3", "1.2"]);
    expect(t("2.3")).toMatchObject({
      optional: true,
      properties: [{ id: "1", validates: ["1.2"] }],
    });
    expect(t("4.2").requirements).toEqual(["2.3"]);
    expect(flat.groups[0]?.requirements).toEqual(["1.1"]);
    expect(flat.groups[4]?.commands.map((c) => c.run)).toEqual(["npm test", "npm run lint"]);
  });

  it("a checkpoint with nothing to run before it is reported", () => {
    expect(lintPlan(flat).map((d) => `${d.line} ${d.code}`)).toEqual([
      "25 checkpoint-without-command",
    ]);
  });
});

describe("odd nesting", () => {
  it("reads tasks under detail bullets, shallower than a detail, and boxes without numbers", () => {
    const plan = parsePlan(`- [ ] 1. A
    - a detail indented by four
  - [ ] 1.1 less indented than the detail
      - [x] a nested box without a number
  - Some detail
    - [ ] 1.2 under a detail bullet
- [ ] Second group without a number
  - [ ] unnumbered task
`);
    expect(plan.groups.map((g) => [g.id, g.title])).toEqual([
      ["1", "A"],
      ["2", "Second group without a number"],
    ]);
    expect(plan.groups.flatMap((g) => g.tasks.map((t) => [t.id, t.parent, t.state]))).toEqual([
      ["1.1", null, "todo"],
      ["1.1.1", "1.1", "done"],
      ["1.2", null, "todo"],
      ["2.1", null, "todo"],
    ]);
    expect(plan.groups[0]?.details).toEqual(["a detail indented by four", "Some detail"]);
  });
});

describe("what is a gate", () => {
  const plan = parsePlan(`- [x] 1. Setup
  - [ ] 1.1 Initialize the project
    - Run \`npm init -y\`
    - _Requirements: 1.1_
  - [x] 1.2 Write the config loader
    - Create \`src/config.ts\`
- [ ] 2. Checkpoint 2 - Run \`make\`
- [ ] 3. Checkpoint - Tag release
  - [x] 3.1 Tag
    - Ensure \`git tag v1\` succeeds
    - _Requirements: 1.2_
`);
  const trace = traceCriteria(plan);

  it("a command-only task in a work group is work, checked by the next checkpoint", () => {
    expect(plan.groups[0]?.tasks[0]?.verification).toBe(false);
    expect(trace.criteria.find((c) => c.id === "1.1")?.checkpoints).toEqual(["2"]);
  });

  it("a checkpoint titled `Checkpoint 2 - Run `make`` runs make", () => {
    expect(trace.gates.find((g) => g.id === "2")?.commands.map((c) => c.run)).toEqual(["make"]);
  });

  it("a command named twice in one gate runs once", () => {
    const twice = traceCriteria(parsePlan("- [ ] 1. Checkpoint - Run `make`\n  - Run `make`\n"));
    expect(twice.gates[0]?.commands.map((c) => c.run)).toEqual(["make"]);
  });

  it("tasks inside a checkpoint group are verified by that checkpoint", () => {
    expect(trace.gates.map((g) => g.id)).toEqual(["2", "3"]);
    expect(trace.criteria.find((c) => c.id === "1.2")?.checkpoints).toEqual(["3"]);
  });
});

describe("wrapped bullets", () => {
  it("a code span or a command continued on the next line belongs to its bullet", () => {
    const plan = parsePlan(`- [ ] 1. Checkpoint - Check it
  - Ensure the whole workspace builds by running
    \`make all\`
  - Run \`npm run
    lint\` in CI
`);
    expect(plan.groups[0]?.commands.map((c) => c.run)).toEqual(["make all", "npm run lint"]);
    expect(lintPlan(plan)).toEqual([]);
  });
});
