// Reading a plan and its requirements from disk: the one place the edges (CLI,
// Action) turn paths into the pure plan model.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { messageOf, UsageError } from "../errors.ts";
import { lintPlan, parsePlan, parseRequirements } from "../plan/index.ts";
import type { Diagnostic, Plan, RequirementsDoc } from "../plan/model.ts";

export interface PlanFiles {
  text: string;
  plan: Plan;
  requirements: RequirementsDoc | null;
  requirementsPath: string | null;
  diagnostics: Diagnostic[];
}

function readText(path: string, what: string): string {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw new UsageError(`${what} ${path} does not exist`);
  }
  if (st.isDirectory()) throw new UsageError(`${what} ${path} is a directory, expected a file`);
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${messageOf(error)}`);
  }
}

/** The requirements that sit beside a plan: Kiro's requirements.md, else Spec Kit's spec.md. */
export const REQUIREMENTS_BESIDE: readonly string[] = ["requirements.md", "spec.md"];

/** The requirements document beside `planPath`, or null. */
export function requirementsBeside(planPath: string): string | null {
  for (const name of REQUIREMENTS_BESIDE) {
    const beside = join(dirname(planPath), name);
    if (existsSync(beside)) return beside;
  }
  return null;
}

/** Reads tasks.md and the requirements beside it (requirements.md, else spec.md) or the one given. */
export function readPlanFiles(planPath: string, requirementsPath?: string | null): PlanFiles {
  const text = readText(planPath, "plan");
  const plan = parsePlan(text, { path: planPath });
  const reqPath = requirementsPath ?? requirementsBeside(planPath);
  const requirements = reqPath
    ? parseRequirements(readText(reqPath, "requirements"), { path: reqPath })
    : null;
  return {
    text,
    plan,
    requirements,
    requirementsPath: reqPath,
    diagnostics: lintPlan(plan, requirements),
  };
}
