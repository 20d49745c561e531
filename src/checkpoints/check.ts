// Runs a plan's checkpoints in plan order and builds the report: the engine shared
// by `dxfix check` and the Action. Identical (command, directory) pairs run once per
// run; output goes through the readers line by line so memory stays bounded.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import picomatch from "picomatch";
import { UsageError } from "../errors.ts";
import { type PlanFiles, readPlanFiles } from "../files/plan-files.ts";
import { findRoot, specName } from "../files/root.ts";
import { listFiles } from "../files/walk.ts";
import type { Command } from "../plan/model.ts";
import { traceCriteria } from "../plan/trace.ts";
import {
  type CheckpointResult,
  type CommandResult,
  type Report,
  SCHEMA_VERSION,
} from "../report/schema.ts";
import { checkpointStatus, evaluate, isFailure } from "./evaluate.ts";
import { findTags, linkProperties, type PropertyTag } from "./properties.ts";
import { chooseReader, mergeReadings, readJunit } from "./readers/index.ts";
import type { Reading, TestCase } from "./readers/types.ts";
import { runProcess } from "./run.ts";

export const VERSION = "0.1.0";
export const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;
/** Diagnostics kept per command in the report (the readers keep more). */
const REPORT_DIAGNOSTICS = 20;
const REPORT_TAIL_LINES = 40;
const REPORT_TAIL_CHARS = 4000;

export interface CheckOptions {
  planPath: string;
  requirementsPath?: string | null;
  /** Directory plan paths resolve against; default: see findRoot. */
  root?: string | null;
  /** Run only these checkpoints (gate ids). */
  checkpoints?: string[];
  failFast?: boolean;
  timeoutMs?: number;
  /** Globs (relative to the root) of JUnit XML files commands leave behind. */
  junit?: string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onEvent?: (e: CheckEvent) => void;
  /** The plan as the caller already read it (the CLI lints it first); default: read planPath. */
  files?: PlanFiles;
  /** The commit being checked; default the root's git HEAD (the Action passes the PR head). */
  commit?: { sha: string; ref: string | null } | null;
}

export type CheckEvent =
  | { type: "command-start"; checkpointId: string; run: string; cwd: string; reused: boolean }
  | { type: "output"; chunk: Buffer; stream: "stdout" | "stderr" }
  | { type: "command-end"; checkpointId: string; result: CommandResult }
  | { type: "checkpoint-end"; result: CheckpointResult };

interface Ran {
  result: CommandResult;
  tests: TestCase[];
}

function tailLines(text: string): string {
  const lines = text.replace(/\s+$/, "").split(/\r?\n/);
  const kept = lines.slice(-REPORT_TAIL_LINES).join("\n");
  return kept.length > REPORT_TAIL_CHARS ? kept.slice(-REPORT_TAIL_CHARS) : kept;
}

/** JUnit files matching the globs, with their modification times. */
function junitFiles(root: string, globs: string[]): Map<string, number> {
  const files = new Map<string, number>();
  if (globs.length === 0) return files;
  const match = picomatch(globs, { dot: true });
  for (const file of listFiles(root)) {
    if (!match(file)) continue;
    try {
      files.set(file, statSync(resolve(root, file)).mtimeMs);
    } catch {
      // Gone between listing and stat: not a report.
    }
  }
  return files;
}

/** Readings of the JUnit files a command wrote: new ones, or ones it changed. */
function junitReadings(
  root: string,
  cwd: string,
  before: Map<string, number>,
  globs: string[],
): Reading[] {
  const readings: Reading[] = [];
  for (const [file, mtime] of junitFiles(root, globs)) {
    if (before.get(file) === mtime) continue;
    const abs = resolve(root, file);
    try {
      readings.push(readJunit(readFileSync(abs, "utf8"), { source: relative(cwd, abs) }));
    } catch {
      // A file that vanished or cannot be read is not this command's failure.
    }
  }
  return readings;
}

async function runCommand(
  command: Command,
  root: string,
  options: CheckOptions,
  emit: (e: CheckEvent) => void,
): Promise<Ran> {
  const cwdRel = command.cwd ?? ".";
  const cwd = resolve(root, cwdRel);
  const reader = chooseReader(command.run);
  // Snapshot the report files first so a report an earlier command left is not blamed on this one.
  const junitBefore = junitFiles(root, options.junit ?? []);
  const p = await runProcess({
    command: command.run,
    cwd,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    env: options.env,
    signal: options.signal,
    onLine: (line) => reader.push(line),
    onChunk: (chunk, stream) => emit({ type: "output", chunk, stream }),
  });
  let reading = reader.finish();
  const junit = junitReadings(root, cwd, junitBefore, options.junit ?? []);
  if (junit.length > 0) reading = mergeReadings(reading, ...junit);
  let status: CommandResult["status"] = p.status;
  // A runner that exits 0 while its JUnit report lists failures still failed.
  if (status === "passed" && (reading.totals?.failed ?? 0) > 0) status = "failed";
  const findings = reading.findings.map((f) => ({
    ...f,
    file: f.file ? repoPath(root, cwd, f.file) : null,
  }));
  const result: CommandResult = {
    run: command.run,
    cwd: cwdRel,
    status,
    exitCode: p.exitCode,
    durationMs: Math.round(p.durationMs),
    reused: false,
    reader: reading.reader,
    errors: reading.errors,
    warnings: reading.warnings,
    diagnostics: findings.slice(0, REPORT_DIAGNOSTICS),
    files: perFile(findings),
    tests: reading.totals
      ? {
          passed: reading.totals.passed,
          failed: reading.totals.failed,
          ignored: reading.totals.ignored,
          failures: reading.failures.slice(0, 20),
        }
      : null,
    message: p.message,
    logTail: tailLines(p.tail || p.head),
  };
  return { result, tests: reading.tests };
}

/**
 * Tools print paths relative to where they ran (cargo: to its workspace root). The
 * report wants them relative to the repository root so annotations land on files.
 */
function repoPath(root: string, cwd: string, file: string): string {
  const candidates: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    candidates.push(resolve(dir, file));
    if (dir === root || dirname(dir) === dir || !dir.startsWith(root)) break;
  }
  const hit = candidates.find((c) => existsSync(c));
  if (!hit) return file;
  const rel = relative(root, hit);
  return rel.startsWith("..") ? file : rel;
}

function perFile(
  findings: { file: string | null; severity: string }[],
): NonNullable<CommandResult["files"]> {
  const byFile = new Map<string, { file: string; errors: number; warnings: number }>();
  for (const f of findings) {
    if (!f.file) continue;
    const e = byFile.get(f.file) ?? { file: f.file, errors: 0, warnings: 0 };
    if (f.severity === "error") e.errors++;
    else e.warnings++;
    byFile.set(f.file, e);
  }
  return [...byFile.values()].sort((a, b) => b.errors - a.errors || b.warnings - a.warnings);
}

function propertyTags(root: string): PropertyTag[] {
  const tags: PropertyTag[] = [];
  const code = /\.(rs|ts|tsx|js|jsx|mjs|cjs|py|go|java|kt|scala|rb|cs|swift|c|cc|cpp|h|hpp)$/;
  for (const file of listFiles(root)) {
    if (!code.test(file)) continue;
    const abs = resolve(root, file);
    try {
      if (statSync(abs).size > 2_000_000) continue;
      tags.push(...findTags(readFileSync(abs, "utf8"), file));
    } catch {
      // Unreadable files cannot hold tags we could use.
    }
  }
  return tags;
}

export async function checkPlan(options: CheckOptions): Promise<Report> {
  const emit = options.onEvent ?? (() => {});
  const files = options.files ?? readPlanFiles(options.planPath, options.requirementsPath);
  const fatal = files.diagnostics.find((d) => d.severity === "error" && d.code === "empty-plan");
  if (fatal)
    throw new UsageError(`${options.planPath}:${fatal.line}:${fatal.column}: ${fatal.message}`);
  const root = resolve(options.root ?? findRoot(options.planPath));
  if (!existsSync(root)) throw new UsageError(`directory ${root} does not exist`);
  const { plan, requirements } = files;
  const trace = traceCriteria(plan, requirements);
  let gates = trace.gates;
  if (options.checkpoints && options.checkpoints.length > 0) {
    const known = new Set(gates.map((g) => g.id));
    const unknown = options.checkpoints.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new UsageError(
        `no checkpoint ${unknown.join(", ")} in the plan (checkpoints: ${[...known].join(", ") || "none"})`,
      );
    }
    gates = gates.filter((g) => options.checkpoints!.includes(g.id));
  }

  const cache = new Map<string, Ran>();
  const tests: TestCase[] = [];
  const checkpoints: CheckpointResult[] = [];
  let stop = false;
  for (const gate of gates) {
    const commands = gate.commands.length > 0 ? gate.commands : gate.inherited;
    const results: CommandResult[] = [];
    const started = performance.now();
    for (const command of commands) {
      const cwd = command.cwd ?? ".";
      const key = `${resolve(root, cwd)}\u0000${command.run}`;
      const earlier = cache.get(key);
      if (stop || options.signal?.aborted) {
        results.push({
          ...notRun(command),
          message: stop ? "skipped after a failure (--fail-fast)" : "aborted",
        });
        continue;
      }
      emit({
        type: "command-start",
        checkpointId: gate.id,
        run: command.run,
        cwd,
        reused: earlier !== undefined,
      });
      let result: CommandResult;
      if (earlier) result = { ...earlier.result, reused: true };
      else {
        const ran = await runCommand(command, root, options, emit);
        cache.set(key, ran);
        tests.push(...ran.tests);
        result = ran.result;
      }
      results.push(result);
      emit({ type: "command-end", checkpointId: gate.id, result });
    }
    const cp: CheckpointResult = {
      id: gate.id,
      title: gate.title,
      kind: gate.kind,
      groupId: gate.groupId,
      line: gate.line,
      status: checkpointStatus(results),
      durationMs: Math.round(performance.now() - started),
      commands: results,
    };
    checkpoints.push(cp);
    if (!stop) emit({ type: "checkpoint-end", result: cp });
    if (options.failFast && isFailure(cp.status)) stop = true;
  }

  const spec = specName(options.planPath);
  const hasProperties = plan.groups.some((g) => g.tasks.some((t) => t.properties.length > 0));
  const properties = linkProperties(plan, spec, hasProperties ? propertyTags(root) : [], tests);
  const evaluation = evaluate(plan, trace, checkpoints, properties);
  const commit = options.commit ?? gitHead(root);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "dxfix", version: VERSION },
    generatedAt: new Date().toISOString(),
    plan: {
      path: relative(root, resolve(options.planPath)) || options.planPath,
      spec,
      title: plan.title,
      format: plan.format,
      hash: createHash("sha256").update(files.text).digest("hex"),
      requirementsPath: files.requirementsPath
        ? relative(root, resolve(files.requirementsPath))
        : null,
    },
    ...(commit ? { commit } : {}),
    status: evaluation.status,
    groups: evaluation.groups,
    checkpoints,
    properties,
    requirements: evaluation.requirements,
    summary: evaluation.summary,
  };
}

/** HEAD of the repository at `root`, when it is one. */
function gitHead(root: string): { sha: string; ref: string | null } | null {
  const sha = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" });
  if (sha.status !== 0 || !/^[0-9a-f]{40,64}$/.test(sha.stdout.trim())) return null;
  const ref = spawnSync("git", ["symbolic-ref", "-q", "--short", "HEAD"], {
    cwd: root,
    encoding: "utf8",
  });
  return { sha: sha.stdout.trim(), ref: ref.status === 0 ? ref.stdout.trim() || null : null };
}

function notRun(command: Command): CommandResult {
  return {
    run: command.run,
    cwd: command.cwd ?? ".",
    status: "not_run",
    exitCode: null,
    durationMs: 0,
    reused: false,
    reader: "generic",
    errors: 0,
    warnings: 0,
    diagnostics: [],
    files: [],
    tests: null,
    message: null,
    logTail: "",
  };
}
