// The fix loop for one task group, in a local checkout (the runner, or a laptop): apply
// the plan's mechanical edits, then run the fixer, judge its work with the group's own
// gating checkpoints, and try again with the new failures in the brief while attempts
// remain. The tree of each accepted attempt is remembered, so a refused or interrupted
// attempt is dropped by going back to it without touching anything else; at the end the
// last accepted tree becomes one commit with trailers. Nothing is pushed here.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { checkPlan } from "../checkpoints/check.ts";
import { UsageError } from "../errors.ts";
import { readPlanFiles } from "../files/plan-files.ts";
import { parsePlan, restoreBoxes, traceCriteria } from "../plan/index.ts";
import type { Plan } from "../plan/model.ts";
import type { Report } from "../report/schema.ts";
import { buildBrief } from "./brief.ts";
import { type CommandFixer, fixerEnv, runFixer } from "./fixer.ts";
import * as g from "./git.ts";
import { guardChanges } from "./guard.ts";
import type { GuidanceComment } from "./guidance.ts";
import { applyPlanEditsOnDisk } from "./plan-edits-disk.ts";
import { type Credit, fixCommitMessage } from "./trailers.ts";

export interface FixSettings {
  /** A command fixer, or null for the built-in plan edits alone. */
  fixer: CommandFixer | null;
  attempts: number;
  paths: string[];
  maxChangedLines: number;
}

export interface FixOptions {
  /** Top level of the git checkout. */
  root: string;
  /** tasks.md, relative to root. */
  planPath: string;
  requirementsPath?: string | null;
  groupId: string;
  settings: FixSettings;
  guidance: GuidanceComment[];
  credits: Credit[];
  /** The latest report for this branch; null: the gates are run once first. */
  report: Report | null;
  /** Which fix run of the PR this is (1-based). */
  run: number;
  identity: g.Identity;
  /** Where briefs are written: outside the checkout, so they are never committed. */
  briefDir: string;
  checkpointTimeoutMs: number;
  junit?: string[];
  env?: NodeJS.ProcessEnv;
  /** Remove credentials actions/checkout left in .git/config before the fixer runs. */
  dropCredentials?: boolean;
  signal?: AbortSignal;
  log?: (line: string) => void;
  onChunk?: (chunk: Buffer, stream: "stdout" | "stderr") => void;
}

export type FixStatus = "changed" | "unchanged" | "refused" | "failed" | "timeout";

export interface FixAttempt {
  attempt: number;
  /** What the fixer did: its exit, or "plan-edits". */
  fixer: { status: string; exitCode: number | null; durationMs: number; message: string | null };
  changedFiles: number;
  /** Refusal reasons of the guard; the attempt's changes were dropped. */
  refused: string[];
  /** Task ids whose boxes the fixer changed and dxfix put back. */
  restoredBoxes: string[];
  /** Gate id -> status after the attempt (empty when the gates were not run). */
  gates: Record<string, string>;
  /** Time the gates' commands took after this attempt (what the checkpoints cost). */
  gatesMs: number;
  /** The end of what the fixer printed (its answer, or its question). */
  output: string;
}

export interface FixOutcome {
  status: FixStatus;
  /** The one commit made, or null. */
  commit: string | null;
  /** True when every gate of the group passed at the end. */
  passed: boolean;
  attempts: FixAttempt[];
  /** The plan's mechanical edits, described (applied and skipped). */
  edits: string[];
  /** `git diff --stat` of the commit. */
  stat: string;
  /** The last gates report, for the bot's question and the next run's brief. */
  report: Report | null;
  gates: string[];
  /** Why the loop ended, in a few words. */
  stop: string;
}

interface Context {
  o: FixOptions;
  base: string;
  baseTree: string;
  /** The tree of the last accepted state (the base commit's tree at first). */
  accepted: string;
  plan: Plan;
  gates: string[];
  log: (line: string) => void;
}

export async function fixGroup(o: FixOptions): Promise<FixOutcome> {
  const c = await prepare(o);
  const outcome: FixOutcome = {
    status: "unchanged",
    commit: null,
    passed: false,
    attempts: [],
    edits: [],
    stat: "",
    report: o.report,
    gates: c.gates,
    stop: "",
  };
  outcome.edits = await planEditsAttempt(c, outcome);
  if (o.settings.fixer === null) {
    outcome.report = await runGates(c, outcome.attempts.at(-1));
  } else {
    await agentAttempts(c, o.settings.fixer, outcome);
  }
  outcome.passed = gatesPassed(outcome.report, c.gates);
  if (outcome.passed) outcome.stop = "every gate of the group passes";
  else if (c.gates.length === 0) outcome.stop = "the group has no gating checkpoint";
  await finish(c, outcome);
  return outcome;
}

async function prepare(o: FixOptions): Promise<Context> {
  const log = o.log ?? (() => {});
  const dirty = await g.dirtyPaths(o.root);
  if (dirty.length > 0) {
    throw new UsageError(
      `the working tree has uncommitted changes (${dirty.slice(0, 3).join(", ")}${dirty.length > 3 ? ", …" : ""}): commit or stash them first, dxfix fix commits its own work`,
    );
  }
  const files = readPlanFiles(resolve(o.root, o.planPath), o.requirementsPath ?? null);
  const group = files.plan.groups.find((x) => x.id === o.groupId);
  if (!group) throw new UsageError(`${o.planPath} has no task group ${o.groupId}`);
  if (group.kind !== "work") {
    throw new UsageError(
      `group ${o.groupId} of ${o.planPath} is a ${group.kind} group: only work groups are fixed`,
    );
  }
  const trace = traceCriteria(files.plan, files.requirements);
  if (o.dropCredentials) {
    const removed = await g.removePersistedCredentials(o.root);
    if (removed.length)
      log(`removed persisted git credentials (${removed.join(", ")}) before running the fixer`);
  }
  mkdirSync(o.briefDir, { recursive: true });
  const base = await g.head(o.root);
  const baseTree = await g.treeOf(o.root, base);
  return {
    o,
    base,
    baseTree,
    accepted: baseTree,
    plan: files.plan,
    gates: trace.groupGates[o.groupId] ?? [],
    log,
  };
}

/** Attempt 0: the plan's own mechanical edits (agents get them already applied). */
async function planEditsAttempt(c: Context, outcome: FixOutcome): Promise<string[]> {
  const planText = readFileSync(resolve(c.o.root, c.o.planPath), "utf8");
  const result = await applyPlanEditsOnDisk(c.o.root, c.o.planPath, planText, c.plan, c.o.groupId);
  for (const line of result.lines) c.log(`plan edits: ${line}`);
  const attempt = emptyAttempt(0, "plan-edits");
  await settle(c, attempt);
  outcome.attempts.push(attempt);
  return result.lines;
}

async function agentAttempts(c: Context, fixer: CommandFixer, outcome: FixOutcome): Promise<void> {
  const editsChanged = (outcome.attempts[0]?.changedFiles ?? 0) > 0;
  if (outcome.report === null || editsChanged) {
    // No report to brief from, or the plan's edits made it stale: the gates say what is
    // wrong now (and whether anything still is).
    outcome.report = await runGates(c, outcome.attempts.at(-1));
  }
  for (let n = 1; n <= c.o.settings.attempts; n++) {
    if (gatesPassed(outcome.report, c.gates)) return;
    const attempt = await oneAttempt(c, fixer, n, outcome.report);
    outcome.attempts.push(attempt);
    const stop = stopAfter(attempt);
    if (stop) {
      outcome.status = stop.status;
      outcome.stop = stop.why;
      c.log(`stopping: ${stop.why}`);
      return;
    }
    outcome.report = await runGates(c, attempt);
  }
  outcome.stop = `${c.o.settings.attempts} attempt${c.o.settings.attempts === 1 ? "" : "s"} used`;
}

/** Whether the loop ends after this attempt, and with which status if nothing is committed. */
function stopAfter(a: FixAttempt): { status: FixStatus; why: string } | null {
  if (a.fixer.status === "timeout") {
    return { status: "timeout", why: `the fixer timed out in attempt ${a.attempt}` };
  }
  if (a.fixer.status === "error") {
    return {
      status: "failed",
      why: `the fixer could not run in attempt ${a.attempt}: ${a.fixer.message ?? "error"}`,
    };
  }
  if (a.refused.length > 0) {
    return { status: "refused", why: `attempt ${a.attempt} was refused: ${a.refused.join("; ")}` };
  }
  if (a.changedFiles === 0)
    return { status: "unchanged", why: `attempt ${a.attempt} changed nothing` };
  return null;
}

/** Writes the attempt's brief (Markdown and JSON) outside the checkout; returns its path. */
function writeBrief(c: Context, n: number, report: Report | null): { path: string; text: string } {
  const files = readPlanFiles(resolve(c.o.root, c.o.planPath), c.o.requirementsPath ?? null);
  const designPath = join(dirname(c.o.planPath), "design.md");
  let design: { path: string; text: string } | null = null;
  try {
    design = { path: designPath, text: readFileSync(resolve(c.o.root, designPath), "utf8") };
  } catch {
    design = null; // a plan without design.md
  }
  const brief = buildBrief({
    plan: files.plan,
    planPath: c.o.planPath,
    requirements: files.requirements,
    design,
    trace: traceCriteria(files.plan, files.requirements),
    groupId: c.o.groupId,
    attempt: n,
    maxAttempts: c.o.settings.attempts,
    report,
    guidance: c.o.guidance,
  });
  const path = join(c.o.briefDir, `dxfix-brief-group-${c.o.groupId}-attempt-${n}.md`);
  writeFileSync(path, brief.markdown);
  writeFileSync(path.replace(/\.md$/, ".json"), `${JSON.stringify(brief.json, null, 2)}\n`);
  return { path, text: brief.markdown };
}

async function oneAttempt(c: Context, fixer: CommandFixer, n: number, report: Report | null) {
  const brief = writeBrief(c, n, report);
  c.log(`attempt ${n}/${c.o.settings.attempts}: running the fixer (brief ${brief.path})`);
  const env = fixerEnv(c.o.env ?? process.env, fixer, {
    DXFIX_BRIEF: brief.path,
    DXFIX_BRIEF_JSON: brief.path.replace(/\.md$/, ".json"),
    DXFIX_GROUP: c.o.groupId,
    DXFIX_ATTEMPT: String(n),
    DXFIX_PLAN: c.o.planPath,
  });
  const { result } = await runFixer(fixer, {
    root: c.o.root,
    briefPath: brief.path,
    briefText: brief.text,
    env,
    ...(c.o.signal ? { signal: c.o.signal } : {}),
    ...(c.o.onChunk ? { onChunk: c.o.onChunk } : {}),
  });
  const attempt = emptyAttempt(n, result.status);
  // head + tail is the whole output when nothing was dropped; the end is what matters.
  const output = result.droppedBytes === 0 ? result.head + result.tail : result.tail;
  attempt.output = output.slice(-4000);
  attempt.fixer = {
    status: result.status,
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    message: result.message,
  };
  const exit = result.exitCode !== null ? ` (exit ${result.exitCode})` : "";
  c.log(
    `attempt ${n}: fixer ${result.status}${exit}${result.message ? `: ${result.message}` : ""}`,
  );
  if (result.status === "timeout" || result.status === "error") {
    await g.resetTo(c.o.root, c.accepted); // an interrupted fixer leaves half-done edits
    return attempt;
  }
  attempt.restoredBoxes = restorePlanBoxes(c);
  await settle(c, attempt);
  return attempt;
}

function emptyAttempt(n: number, status: string): FixAttempt {
  return {
    attempt: n,
    fixer: { status, exitCode: null, durationMs: 0, message: null },
    changedFiles: 0,
    refused: [],
    restoredBoxes: [],
    gates: {},
    gatesMs: 0,
    output: "",
  };
}

/** dxfix owns progress: boxes the fixer changed go back to what they were. */
function restorePlanBoxes(c: Context): string[] {
  const path = resolve(c.o.root, c.o.planPath);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  const { text: restored, restored: ids } = restoreBoxes(
    c.plan,
    parsePlan(text, { path: c.o.planPath }),
    text,
  );
  if (ids.length > 0) {
    writeFileSync(path, restored);
    c.log(`put back the plan boxes of ${ids.join(", ")} (dxfix records progress itself)`);
  }
  return ids;
}

/** Guards the attempt's changes; keeps their tree as the accepted state or drops them. */
async function settle(c: Context, attempt: FixAttempt): Promise<void> {
  await g.stageAll(c.o.root);
  const tree = await g.writeTree(c.o.root);
  if (tree === c.accepted) return;
  const verdict = guardChanges(await g.changesBetween(c.o.root, c.base, tree), {
    paths: c.o.settings.paths,
    maxChangedLines: c.o.settings.maxChangedLines,
    protected: [],
  });
  attempt.changedFiles = (await g.changesBetween(c.o.root, c.accepted, tree)).length;
  if (!verdict.ok) {
    attempt.refused = verdict.reasons;
    for (const r of verdict.reasons) c.log(`attempt ${attempt.attempt} refused: ${r}`);
    await g.resetTo(c.o.root, c.accepted);
    return;
  }
  c.accepted = tree;
}

async function runGates(c: Context, attempt: FixAttempt | undefined): Promise<Report | null> {
  if (c.gates.length === 0) return null;
  c.log(`running the group's gates: ${c.gates.join(", ")}`);
  const report = await checkPlan({
    planPath: resolve(c.o.root, c.o.planPath),
    requirementsPath: c.o.requirementsPath ?? null,
    root: c.o.root,
    checkpoints: c.gates,
    timeoutMs: c.o.checkpointTimeoutMs,
    junit: c.o.junit ?? [],
    env: c.o.env ?? process.env,
    ...(c.o.signal ? { signal: c.o.signal } : {}),
  });
  for (const cp of report.checkpoints) {
    if (attempt) {
      attempt.gates[cp.id] = cp.status;
      attempt.gatesMs += cp.durationMs;
    }
    c.log(`gate ${cp.id}: ${cp.status}`);
  }
  return report;
}

function gatesPassed(report: Report | null, gates: string[]): boolean {
  if (!report || gates.length === 0) return false;
  return gates.every((id) => report.checkpoints.find((cp) => cp.id === id)?.status === "passed");
}

/** The last accepted tree becomes one commit with trailers on top of the base. */
async function finish(c: Context, outcome: FixOutcome): Promise<void> {
  if (c.accepted === c.baseTree) return;
  outcome.stat = await g.statBetween(c.o.root, c.base, c.accepted);
  const group = c.plan.groups.find((x) => x.id === c.o.groupId);
  const last = outcome.attempts.at(-1)?.attempt ?? 0;
  const summary = [
    outcome.passed
      ? `Every gate of the group passes (${c.gates.join(", ")}).`
      : `Gates still failing: ${c.gates.filter((id) => outcome.report?.checkpoints.find((cp) => cp.id === id)?.status !== "passed").join(", ") || "none run"}.`,
    ...outcome.edits.filter((e) => e.startsWith("applied")),
  ];
  const message = fixCommitMessage({
    planPath: c.o.planPath,
    groupId: c.o.groupId,
    groupTitle: group?.title ?? "",
    run: c.o.run,
    attempt: last,
    fixer: c.o.settings.fixer?.command ?? "plan-edits",
    summary,
    credits: c.o.credits,
  });
  outcome.commit = await g.commitTree(c.o.root, {
    tree: c.accepted,
    parent: c.base,
    message,
    identity: c.o.identity,
  });
  outcome.status = "changed";
}
