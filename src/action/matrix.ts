// The Action's matrix modes: `mode: matrix` prints the plan's units for strategy.matrix;
// a job with `checkpoint: <id>` runs that unit and uploads its partial report; `mode:
// merge` downloads the partial reports and merges them into the one report the rest of
// the Action publishes. Loaded only in these modes.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { InputError, messageOf } from "../errors.ts";
import { readPlanFiles } from "../files/plan-files.ts";
import { asPartial, mergeReports, recordingSource } from "../matrix/merge.ts";
import { checkpointUnits, matrixJson, type Unit, unitOf } from "../matrix/units.ts";
import { traceCriteria } from "../plan/trace.ts";
import { parseReport, type Report } from "../report/schema.ts";
import { type ArtifactStore, runArtifacts } from "./artifacts.ts";
import type { Engine } from "./engine-types.ts";
import {
  type ActionDeps,
  type Checked,
  planOptions,
  repoPath,
  type Setup,
  type Targets,
} from "./options.ts";
import { writeOutputs, writeSummary } from "./results.ts";

interface MatrixRun {
  setup: Setup;
  targets: Targets;
  previous: Map<string, Report>;
  deps: ActionDeps;
}

function unitsOf(planPath: string, requirementsPath: string | null): Unit[] {
  const files = readPlanFiles(planPath, requirementsPath);
  return checkpointUnits(traceCriteria(files.plan, files.requirements).gates);
}

/** The artifact name prefix of a plan's partial reports (artifact names allow no '/'). */
export function partialPrefix(planRepoPath: string): string {
  return `dxfix-partial-${createHash("sha256").update(planRepoPath).digest("hex").slice(0, 12)}-`;
}

function store(deps: ActionDeps): ArtifactStore {
  return deps.artifacts ?? runArtifacts();
}

export function writeMatrix(setup: Setup, planPaths: string[]): void {
  const plans = planPaths.map((p) => ({
    path: repoPath(setup.workspace, p),
    units: unitsOf(p, setup.inputs.requirements),
  }));
  const matrix = matrixJson(plans);
  writeOutputs([], "matrix", null, JSON.stringify(matrix));
  core.info(`dxfix: ${matrix.include.length} matrix job(s): ${JSON.stringify(matrix)}`);
  const rows = matrix.include.map((e) => `| ${e.plan} | ${e.checkpoint} | ${e.checkpoints} |`);
  writeSummary([
    `## dxfix: ${matrix.include.length} matrix job(s)\n\n| plan | job | checkpoints |\n| --- | --- | --- |\n${rows.join("\n")}`,
  ]);
}

/** The one plan and unit a matrix job runs. */
function jobUnit({ setup, targets }: MatrixRun): { planPath: string; unit: Unit } {
  const id = setup.inputs.checkpoint ?? "";
  const [planPath] = targets.planPaths;
  if (!planPath || targets.planPaths.length !== 1)
    throw new InputError(
      `input 'checkpoint' runs one unit of one plan, but ${targets.planPaths.length} plans matched: pass the matrix's 'plan' as the 'plan' input`,
    );
  if (setup.inputs.checkpoints.length > 0)
    throw new InputError("inputs 'checkpoint' (a matrix job) and 'checkpoints' exclude each other");
  const units = unitsOf(planPath, targets.requirementsPath);
  const unit = unitOf(units, id);
  if (!unit)
    throw new InputError(
      `no checkpoint ${id} in the plan (units: ${units.map((u) => u.id).join(", ") || "none"})`,
    );
  return { planPath, unit };
}

/** Runs one unit, uploads its partial report, and says how it went. */
export async function runUnitJob(run: MatrixRun & { engine: Engine }): Promise<void> {
  const { setup, targets, deps } = run;
  const { planPath, unit } = jobUnit(run);
  const path = repoPath(setup.workspace, planPath);
  const options = planOptions(
    setup,
    targets,
    planPath,
    run.previous.get(path) ?? null,
    deps.signal,
  );
  const recording = recordingSource(options.reuse?.source);
  core.info(`dxfix: matrix job for checkpoint(s) ${unit.checkpoints.join(", ")} of ${path}`);
  const report = await run.engine.checkPlan({
    ...options,
    checkpoints: unit.checkpoints,
    ...(options.reuse ? { reuse: { ...options.reuse, source: recording.source } } : {}),
  });
  const cancelled = deps.signal?.aborted ?? false;
  const job = process.env.GITHUB_JOB ? `${process.env.GITHUB_JOB} (${unit.id})` : null;
  const partial = asPartial(report, unit, recording.tests, { name: job, cancelled });
  const dir = join(process.env.RUNNER_TEMP || tmpdir(), "dxfix-partial", unit.id);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "partial.json");
  writeFileSync(file, `${JSON.stringify(partial)}\n`);
  await store(deps).upload(`${partialPrefix(path)}${unit.id}`, file);
  writeOutputs([partial], cancelled ? "error" : partial.status, file);
  writeSummary([run.engine.renderMarkdown(partial, { reserve: 0, runUrl: null })]);
  if (cancelled) core.setFailed("dxfix was cancelled; the partial report was uploaded");
  else if (partial.status === "failed" && setup.inputs.failOn === "failure")
    core.setFailed(`${partial.summary.checkpoints.failed} checkpoint(s) failed`);
}

/** This plan's partial reports by unit id; unreadable or foreign ones are left out. */
async function partialsOf(artifacts: ArtifactStore, prefix: string, units: Unit[]) {
  const partials = new Map<string, Report>();
  for (const file of await artifacts.download(prefix)) {
    try {
      const report = parseReport(JSON.parse(file.text));
      const unit = report.matrix?.kind === "partial" ? report.matrix.jobs[0]?.unit : undefined;
      if (unit && units.some((u) => u.id === unit)) partials.set(unit, report);
      else core.warning(`artifact ${file.name} is not a partial report of this plan: ignored`);
    } catch (error) {
      core.warning(`artifact ${file.name} is not a dxfix report: ${messageOf(error)}`);
    }
  }
  return partials;
}

/** Downloads and merges each plan's partial reports. */
export async function mergeJobs(run: MatrixRun): Promise<Checked[]> {
  const { setup, targets, deps } = run;
  const checked: Checked[] = [];
  for (const planPath of targets.planPaths) {
    const path = repoPath(setup.workspace, planPath);
    const units = unitsOf(planPath, targets.requirementsPath);
    const partials = await partialsOf(store(deps), partialPrefix(path), units);
    const missing = units.filter((u) => !partials.has(u.id)).map((u) => u.id);
    if (missing.length > 0)
      core.warning(
        `dxfix: no partial report from the matrix job(s) for ${missing.join(", ")} of ${path}`,
      );
    const previous = run.previous.get(path) ?? null;
    const { reuse: _reuse, ...options } = planOptions(
      setup,
      targets,
      planPath,
      previous,
      undefined,
    );
    const report = await mergeReports({ ...options, reuse: setup.config.reuse }, units, partials);
    checked.push({ planPath, report, previous });
  }
  return checked;
}
