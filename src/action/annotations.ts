// Diagnostics as workflow annotations. GitHub shows only 10 errors and 10 warnings per
// step, so we choose which: errors of failed commands first, in the order the readers
// ranked them, and one notice saying how many were left out.
import { existsSync } from "node:fs";
import { isAbsolute, join, normalize, relative, resolve, sep } from "node:path";
import type { Report } from "../report/schema.ts";

export const MAX_PER_LEVEL = 10;

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
export function annotationPath(
  file: string,
  cwd: string,
  projectRoot: string,
  workspace: string,
): string {
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

export function planAnnotations(plans: CheckedPlan[], workspace: string): AnnotationPlan {
  const errors: Annotation[] = [];
  const warnings: Annotation[] = [];
  // `cargo build` then `cargo test` report the same compile errors: annotate each once.
  const seen = new Set<string>();
  for (const { report, root: projectRoot } of plans) {
    for (const checkpoint of report.checkpoints) {
      for (const command of checkpoint.commands) {
        if (command.reused) continue; // its findings were annotated where it first ran
        let commandErrors = 0;
        for (const d of command.diagnostics) {
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
          const key = JSON.stringify([
            annotation.level,
            annotation.file,
            annotation.startLine,
            annotation.startColumn,
            d.message,
          ]);
          if (d.severity === "error") commandErrors++;
          if (seen.has(key)) continue;
          seen.add(key);
          if (d.severity === "error") {
            errors.push(annotation);
          } else {
            warnings.push(annotation);
          }
        }
        if (commandErrors === 0 && ["failed", "timeout", "error"].includes(command.status)) {
          const why =
            command.message ??
            (command.exitCode !== null ? `exited with code ${command.exitCode}` : command.status);
          errors.push({
            level: "error",
            title: `Checkpoint ${checkpoint.id} ${command.status}`,
            message: `\`${command.run}\` (in ${command.cwd}): ${why}`,
            file: relative(workspace, join(projectRoot, report.plan.path)) || report.plan.path,
            startLine: checkpoint.line,
          });
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
