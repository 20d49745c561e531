// Diagnostics as workflow annotations. GitHub shows only 10 errors and 10 warnings per
// step, so we choose which: errors of failed commands first, in the order the readers
// ranked them, and one notice saying how many were left out.
import { existsSync } from "node:fs";
import { isAbsolute, join, normalize, relative, resolve, sep } from "node:path";
import type { CheckpointResult, CommandResult, Finding, Report } from "../report/schema.ts";
import { isFailure } from "../report/status.ts";

const MAX_PER_LEVEL = 10;

export interface Annotation {
  level: "error" | "warning";
  message: string;
  title: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

export interface AnnotationPlan {
  shown: Annotation[];
  omittedErrors: number;
  omittedWarnings: number;
}

/**
 * A finding's file as a repository-relative path (what annotations need). Readers report
 * paths as the tool printed them: relative to the command's directory, or absolute.
 */
function annotationPath(file: string, cwd: string, projectRoot: string, workspace: string): string {
  if (isAbsolute(file)) return relative(workspace, file);
  const inCwd = join(projectRoot, cwd, file);
  if (existsSync(inCwd)) return relative(workspace, inCwd);
  const inRoot = join(projectRoot, file);
  if (existsSync(inRoot)) return relative(workspace, inRoot);
  return normalize(file);
}

export interface CheckedPlan {
  report: Report;
  /** The directory the report's paths (plan, command cwds) are relative to. */
  root: string;
}

/** The root a report's paths are relative to: the plan's absolute path minus `plan.path`. */
export function reportRoot(planPath: string, report: Report, fallback: string): string {
  const abs = resolve(planPath);
  const rel = normalize(report.plan.path);
  return abs.endsWith(`${sep}${rel}`) ? abs.slice(0, abs.length - rel.length - 1) : fallback;
}

function findingAnnotation(
  d: Finding,
  command: CommandResult,
  projectRoot: string,
  workspace: string,
): Annotation {
  const annotation: Annotation = {
    level: d.severity,
    message: d.message,
    title: d.code ?? (d.severity === "error" ? "error" : "warning"),
  };
  if (d.file) {
    annotation.file = annotationPath(d.file, command.cwd, projectRoot, workspace);
    if (d.line !== null) annotation.startLine = d.line;
    if (d.column !== null) annotation.startColumn = d.column;
  }
  return annotation;
}

/** A failed command that reported no error of its own: point at its checkpoint in the plan. */
function failureAnnotation(
  report: Report,
  checkpoint: CheckpointResult,
  command: CommandResult,
  projectRoot: string,
  workspace: string,
): Annotation {
  const why =
    command.message ??
    (command.exitCode !== null ? `exited with code ${command.exitCode}` : command.status);
  return {
    level: "error",
    title: `Checkpoint ${checkpoint.id} ${command.status}`,
    message: `\`${command.run}\` (in ${command.cwd}): ${why}`,
    file: relative(workspace, join(projectRoot, report.plan.path)) || report.plan.path,
    startLine: checkpoint.line,
  };
}

export function planAnnotations(plans: CheckedPlan[], workspace: string): AnnotationPlan {
  const errors: Annotation[] = [];
  const warnings: Annotation[] = [];
  // `cargo build` then `cargo test` report the same compile errors: annotate each once.
  const seen = new Set<string>();
  for (const { report, root: projectRoot } of plans) {
    for (const checkpoint of report.checkpoints) {
      for (const command of checkpoint.commands) {
        if (command.reused) continue; // its findings were annotated where it first ran
        for (const d of command.diagnostics) {
          const annotation = findingAnnotation(d, command, projectRoot, workspace);
          const { level, file, startLine, startColumn } = annotation;
          const key = JSON.stringify([level, file, startLine, startColumn, d.message]);
          if (seen.has(key)) continue;
          seen.add(key);
          (level === "error" ? errors : warnings).push(annotation);
        }
        const hasErrors = command.diagnostics.some((d) => d.severity === "error");
        if (!hasErrors && isFailure(command.status)) {
          errors.push(failureAnnotation(report, checkpoint, command, projectRoot, workspace));
        }
      }
    }
  }
  return {
    shown: [...errors.slice(0, MAX_PER_LEVEL), ...warnings.slice(0, MAX_PER_LEVEL)],
    omittedErrors: Math.max(0, errors.length - MAX_PER_LEVEL),
    omittedWarnings: Math.max(0, warnings.length - MAX_PER_LEVEL),
  };
}
