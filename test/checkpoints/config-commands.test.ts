// Commands for checkpoints from `.github/dxfix.yml` (issue 13, item 8): one pure function
// for the CLI, the Action and the bot; the CLI applies it and lint suggests an entry.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  applyConfigCommands,
  checkpointSuggestions,
  titleMatches,
} from "../../src/checkpoints/config-commands.ts";
import { type CheckpointCommands, parseConfig } from "../../src/config.ts";
import { parsePlan } from "../../src/plan/index.ts";
import { gatesOf } from "../../src/plan/trace.ts";

const PLAN = [
  "# Implementation Plan",
  "",
  "- [ ] 1. Write the parser",
  "  - [ ] 1.1 Tokenizer",
  "- [ ] 2. Checkpoint - Parser complete",
  "- [ ] 3. Write the printer",
  "- [ ] 4. Checkpoint - Printer complete",
  "",
].join("\n");
const PATH = ".kiro/specs/fmt/tasks.md";
const plan = parsePlan(PLAN, { path: PATH });

function entries(yaml: string): CheckpointCommands[] {
  const r = parseConfig(yaml);
  if ("errors" in r) throw new Error(r.errors.map((e) => e.message).join("; "));
  return r.config.checkpoints;
}

describe("applyConfigCommands", () => {
  it("gives checkpoints commands by id and by title pattern, marked as from the config", () => {
    const applied = applyConfigCommands(
      plan,
      entries(
        [
          "checkpoints:",
          "  - plan: .kiro/specs/*/tasks.md",
          "    checkpoint: 2",
          "    run: [cargo test -p parser, cargo clippy]",
          "  - title: '*printer complete'",
          "    run: cargo test -p printer",
          "    cwd: crates",
        ].join("\n"),
      ),
      PATH,
    );
    const cmds = (id: string) => applied.groups.find((g) => g.id === id)?.commands;
    expect(cmds("2")).toEqual([
      { run: "cargo test -p parser", cwd: null, line: 5, column: 7, source: "config" },
      { run: "cargo clippy", cwd: null, line: 5, column: 7, source: "config" },
    ]);
    expect(cmds("4")).toEqual([
      { run: "cargo test -p printer", cwd: "crates", line: 7, column: 7, source: "config" },
    ]);
    // The runner's gates carry them; the parsed plan is left as it was.
    expect(gatesOf(applied).map((g) => [g.id, g.commands.length, g.inherited.length])).toEqual([
      ["2", 2, 0],
      ["4", 1, 0],
    ]);
    expect(plan.groups[1]?.commands).toEqual([]);
    expect(applied.diagnostics.map((d) => d.code)).not.toContain("checkpoint-without-command");
    expect(plan.diagnostics.map((d) => d.code)).toContain("checkpoint-without-command");
  });

  it("leaves other plans, work groups and a command the checkpoint already names alone", () => {
    const other = applyConfigCommands(
      plan,
      entries("checkpoints:\n  - plan: specs/*/tasks.md\n    checkpoint: '2'\n    run: make\n"),
      PATH,
    );
    expect(other).toBe(plan);
    const work = applyConfigCommands(
      plan,
      entries("checkpoints:\n  - checkpoint: 1\n    run: make\n"),
      PATH,
    );
    expect(work.groups[0]?.commands).toEqual([]);
    const named = parsePlan("- [ ] 1. Checkpoint - Run `make`\n");
    const same = applyConfigCommands(
      named,
      entries("checkpoints:\n  - checkpoint: 1\n    run: make\n"),
      "x.md",
    );
    expect(same.groups[0]?.commands.map((c) => c.source)).toEqual(["inline"]);
  });

  it("matches title patterns whole, case-insensitively, with * for any text", () => {
    expect(titleMatches("*complete", "Checkpoint - Parser complete")).toBe(true);
    expect(titleMatches("checkpoint*parser*", "Checkpoint - Parser complete")).toBe(true);
    expect(titleMatches("parser", "Checkpoint - Parser complete")).toBe(false);
    expect(titleMatches("*a*a*", "a")).toBe(false);
    expect(titleMatches("Checkpoint - Parser complete", "checkpoint - parser complete")).toBe(true);
  });
});

describe("the config's checkpoints section", () => {
  it("is validated with a line for each bad entry", () => {
    const r = parseConfig(
      [
        "checkpoints:",
        "  - checkpoint: 2",
        "  - title: x",
        "    run: make",
        "    cwd: ../up",
        "  - run: make",
      ].join("\n"),
    );
    expect("errors" in r && r.errors.map((e) => [e.line, e.message])).toEqual([
      [2, "'checkpoints.0.run' must be a string or a list"],
      [5, "'checkpoints.1.cwd' must be a directory inside the repository (relative, without '..')"],
      [
        6,
        "'checkpoints.2' needs 'checkpoint' (an id) or 'title' (a pattern) to say which checkpoint",
      ],
    ]);
  });
});

describe("suggestions", () => {
  it("tells how to give a checkpoint without commands one, in the plan or the config", () => {
    const [first, second] = checkpointSuggestions(plan, PATH);
    expect(first).toMatchObject({ severity: "info", code: "checkpoint-needs-command", line: 5 });
    expect(first?.message).toContain(
      `checkpoints: [{ plan: .kiro/specs/fmt/tasks.md, checkpoint: "2", run: "<command>" }]`,
    );
    expect(second?.line).toBe(7);
    const given = applyConfigCommands(
      plan,
      entries("checkpoints:\n  - title: '*'\n    run: make\n"),
      PATH,
    );
    expect(checkpointSuggestions(given, PATH)).toEqual([]);
  });
});

describe("the CLI", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const dxfix = (args: string[]) =>
    spawnSync(process.execPath, [join(import.meta.dirname, "../../src/cli/main.ts"), ...args], {
      cwd: dir,
      encoding: "utf8",
    });

  it("lints a suggestion, and takes the config's commands in plan and check", () => {
    dir = mkdtempSync(join(tmpdir(), "dxfix-config-commands-"));
    mkdirSync(join(dir, ".kiro/specs/fmt"), { recursive: true });
    writeFileSync(join(dir, PATH), PLAN);
    const lint = dxfix(["lint", PATH]);
    expect(lint.stdout).toContain(
      `${PATH}:5:7: info checkpoint-needs-command checkpoint 2 names no command`,
    );

    mkdirSync(join(dir, ".github"));
    writeFileSync(
      join(dir, ".github/dxfix.yml"),
      "checkpoints:\n  - title: '*complete'\n    run: node -e \"require('fs').writeFileSync('ran-' + process.argv[1], '')\" here\n",
    );
    const json = JSON.parse(dxfix(["plan", "--json", PATH]).stdout);
    expect(
      json.checkpoints.map((c: { id: string; commands: unknown[] }) => [c.id, c.commands.length]),
    ).toEqual([
      ["2", 1],
      ["4", 1],
    ]);
    expect(dxfix(["lint", PATH]).stdout).not.toContain("checkpoint-needs-command");
    const check = dxfix(["check", PATH, "--quiet"]);
    expect(check.status, check.stderr).toBe(0);
    expect(readFileSync(join(dir, "ran-here"), "utf8")).toBe("");

    writeFileSync(join(dir, ".github/dxfix.yml"), "checkpoints:\n  - run: make\nmode: x\n");
    const bad = dxfix(["plan", PATH]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain(".github/dxfix.yml:2:5: 'checkpoints.0' needs 'checkpoint'");
    expect(bad.stderr).toContain(".github/dxfix.yml:3:7: 'mode' must be one of");
  });
});
