// action.yml is the Action's public contract: every declared input is read, every
// declared output is written, and the runtime and entry are what the bundle provides.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { commentOutputs } from "../../src/action/comment-outputs.ts";
import { readInputs } from "../../src/action/inputs.ts";
import { writeOutputs } from "../../src/action/results.ts";
import { applyEnv, simulateRunner } from "../helpers/runner.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const action = parse(readFileSync(join(root, "action.yml"), "utf8")) as {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  branding: { icon: string; color: string };
};

describe("action.yml", () => {
  it("runs the bundle on node24", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/index.js" });
    expect(action.branding.icon).toBeTruthy();
  });

  it("declares exactly the inputs the Action reads, each described, defaults accepted", () => {
    const read: string[] = [];
    const inputs = readInputs((name) => {
      read.push(name);
      const value = action.inputs[name]?.default ?? "";
      return value.startsWith("${{") ? "ghs_token" : value;
    });
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(20);
    }
    expect(inputs).toMatchObject({
      comment: true,
      failOn: "failure",
      commentAuthor: "github-actions[bot]",
      plans: [],
    });
  });

  it("declares the outputs the Action writes", () => {
    const workspace = mkdtempSync(join(tmpdir(), "dxfix-outputs-"));
    const runner = simulateRunner({ event: "push", workspace });
    const restore = applyEnv(runner.env);
    try {
      writeOutputs([], "error", null);
      commentOutputs().add({ id: 1, url: "https://github.com/o/r/pull/1#issuecomment-1" });
      expect(Object.keys(runner.outputs()).sort()).toEqual(Object.keys(action.outputs).sort());
    } finally {
      restore();
      runner.cleanup();
      rmSync(workspace, { recursive: true, force: true });
    }
    expect(Object.keys(action.outputs).sort()).toEqual([
      "checkpoints-failed",
      "comment-id",
      "comment-url",
      "matrix",
      "report",
      "requirements-failing",
      "requirements-pending",
      "requirements-verified",
      "status",
    ]);
  });
});

describe(".github/workflows/dxfix.yml", () => {
  it("uses the Action from this repository on the example, with a per-PR concurrency group and permissions", () => {
    const workflow = parse(readFileSync(join(root, ".github/workflows/dxfix.yml"), "utf8"));
    expect(workflow.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(workflow.concurrency.group).toContain("github.event.pull_request.number");
    const step = workflow.jobs.checkpoints.steps.find((s: { uses?: string }) => s.uses === "./");
    expect(step.with["working-directory"]).toBe("examples/dx-py-runtime");
    expect(step.with.plan).toBe("examples/dx-py-runtime/.kiro/specs/*/tasks.md");
  });
});
