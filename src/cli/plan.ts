// `dxfix plan` and `dxfix lint`: read a plan, show its tree, trace and coverage.
import { readPlanFilesWithConfig } from "../files/config-file.ts";
import { checkpointUnits, matrixJson } from "../matrix/units.ts";
import { toPlanJson } from "../plan/json.ts";
import type { Diagnostic, Plan, Task, TaskState } from "../plan/model.ts";
import { traceCriteria } from "../plan/trace.ts";
import type { Out } from "./out.ts";

const BOX: Record<TaskState, string> = { todo: "[ ]", in_progress: "[-]", done: "[x]" };

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file ?? "<plan>"}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`;
}

function commandLine(c: { run: string; cwd: string | null }): string {
  return `$ ${c.cwd ? `(in ${c.cwd}) ` : ""}${c.run}`;
}

function taskLine(t: Task, depth: number): string {
  const refs = t.requirements.length > 0 ? `  -> ${t.requirements.join(", ")}` : "";
  const opt = t.optional ? " (optional)" : "";
  return `${"  ".repeat(depth)}${t.box ? `${BOX[t.state]} ` : "- "}${t.id} ${t.title}${opt}${refs}`;
}

/** How deep a task sits under its group (1: directly), from its parents, whatever its id. */
function depthOf(t: Task, byId: ReadonlyMap<string, Task>): number {
  let depth = 1;
  for (let p = t.parent; p !== null && depth < 10; p = byId.get(p)?.parent ?? null) {
    if (!byId.has(p)) break;
    depth++;
  }
  return depth;
}

function renderPlanText(plan: Plan, out: Out): void {
  const trace = traceCriteria(plan, null);
  out.line(out.bold(plan.title ?? plan.path ?? "plan"));
  out.line(
    out.dim(
      `${plan.format}${plan.repaired ? ", recovered from a flattened copy" : ""}: ${plan.groups.length} groups, ${plan.groups.reduce((n, g) => n + g.tasks.length, 0)} tasks`,
    ),
  );
  out.line("");
  for (const g of plan.groups) {
    const kind = g.kind === "work" ? "" : out.dim(` [${g.kind}]`);
    out.line(`${g.box ? `${BOX[g.state]} ` : ""}${out.bold(`${g.id}. ${g.title}`)}${kind}`);
    for (const c of g.commands) out.line(`    ${out.cyan(commandLine(c))}`);
    const byId = new Map(g.tasks.map((t) => [t.id, t]));
    for (const t of g.tasks) {
      const depth = depthOf(t, byId);
      out.line(taskLine(t, depth));
      const under = "  ".repeat(depth + 2);
      for (const c of t.commands) out.line(`${under}${out.cyan(commandLine(c))}`);
      for (const p of t.properties) {
        out.line(
          `${under}Property ${p.id}: ${p.title} (validates ${p.validates.join(", ") || "?"})`,
        );
      }
    }
  }
  const gate = trace.gates.filter((g) => g.inherited.length > 0);
  for (const g of gate) {
    out.line(
      out.dim(
        `checkpoint ${g.id} names no command: it verifies with ${g.inherited.length} earlier command(s)`,
      ),
    );
  }
}

export interface PlanArgs {
  plan: string;
  requirements: string | null;
  json: boolean;
  /** Print the independent checkpoint units as JSON for `strategy.matrix` (docs/matrix.md). */
  matrix?: boolean;
}

/** `plan` lists the plan's problems, so like `lint` it fails when one is an error. */
function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

export function planCommand(args: PlanArgs, out: Out): number {
  const files = readPlanFilesWithConfig(args.plan, args.requirements);
  const trace = traceCriteria(files.plan, files.requirements);
  if (args.matrix) {
    out.line(
      JSON.stringify(matrixJson([{ path: args.plan, units: checkpointUnits(trace.gates) }])),
    );
    return 0;
  }
  if (args.json) {
    out.line(JSON.stringify(toPlanJson(files.plan, trace, files.diagnostics), null, 2));
    return hasErrors(files.diagnostics) ? 1 : 0;
  }
  renderPlanText(files.plan, out);
  out.line("");
  out.line(out.bold("Trace"));
  for (const c of trace.criteria) {
    const status = !c.known ? out.red("unknown") : c.covered ? "" : out.yellow("uncovered");
    const tasks = c.tasks.length ? `tasks ${c.tasks.join(", ")}` : "";
    const cps = c.checkpoints.length ? `checkpoints ${c.checkpoints.join(", ")}` : "";
    const props = c.properties.length ? `properties ${c.properties.join(", ")}` : "";
    out.line(`  ${c.id.padEnd(6)} ${[status, tasks, cps, props].filter(Boolean).join("  ")}`);
  }
  const uncovered = trace.criteria.filter((c) => !c.covered);
  out.line("");
  const claimed = trace.criteria.length - uncovered.length;
  out.line(
    `Coverage: ${claimed} ${claimed === 1 ? "criterion" : "criteria"} claimed` +
      (files.requirements
        ? `, ${uncovered.length} uncovered${uncovered.length ? ` (${uncovered.map((c) => c.id).join(", ")})` : ""} in ${files.requirementsPath}`
        : " (no requirements.md found beside the plan: pass --requirements to check coverage)"),
  );
  // Info is for lint, except how to give a checkpoint a command.
  const notable = files.diagnostics.filter(
    (d) => d.severity !== "info" || d.code === "checkpoint-needs-command",
  );
  if (notable.length) {
    out.line("");
    for (const d of notable) out.line(formatDiagnostic(d));
  }
  return hasErrors(files.diagnostics) ? 1 : 0;
}

export function lintCommand(args: PlanArgs, out: Out): number {
  const files = readPlanFilesWithConfig(args.plan, args.requirements);
  if (args.json) out.line(JSON.stringify(files.diagnostics, null, 2));
  else for (const d of files.diagnostics) out.line(formatDiagnostic(d));
  return hasErrors(files.diagnostics) ? 1 : 0;
}
