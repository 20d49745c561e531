// Runs a plan's checkpoints in plan order and builds the report: the engine shared
// by `dxfix check` and the Action. Identical (command, directory) pairs run once per
// run; output goes through the readers line by line so memory stays bounded.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { type PlanFiles, readPlanFiles } from "../files/plan-files.ts";
import { findRoot, specName } from "../files/root.ts";
import { listFiles } from "../files/walk.ts";
import type { Command, Gate, Trace } from "../plan/model.ts";
import { traceCriteria } from "../plan/trace.ts";
import {
  type CheckpointResult,
  type CommandResult,
  type Report,
  SCHEMA_VERSION,
} from "../report/schema.ts";
import { isFailure, rollUp } from "../report/status.ts";
import { commandKey, envParts, type KeyParts } from "../reuse/key.ts";
import { treeDigest } from "../reuse/tree.ts";
import { VERSION } from "../version.ts";
import { type CommandRun, notRun, type Ran, runCommand } from "./command.ts";
import { evaluate } from "./evaluate.ts";
import {
  type CriterionTag,
  criterionTests,
  findCriterionTags,
  findTags,
  linkProperties,
  type PropertyTag,
} from "./properties.ts";
import type { TestCase } from "./readers/types.ts";

export const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;

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
  /** Key each command by what it can see, and take results from `source` (src/reuse/). */
  reuse?: ReuseOptions;
}

/** What a command's key is made of besides its command line and cwd (config `reuse`). */
export interface ReuseOptions {
  /** Globs from the repository root that no command reads. */
  ignore: string[];
  /** Environment variables whose values key the result. */
  env: string[];
  /** Where earlier results come from; absent: every command runs (keys are still recorded). */
  source?: ResultSource;
}

export interface SourceQuery {
  checkpointId: string;
  run: string;
  cwd: string;
  /** The command's content-addressed key; null outside git. */
  key: string | null;
}

/**
 * Results that stand for running a command: an earlier run's (content-addressed reuse)
 * or a matrix job's (the merge). `find` returns the result as the report shows it.
 */
export interface ResultSource {
  find(query: SourceQuery): Promise<Ran | null>;
  /** Told about each command that ran here (to store passed results). */
  ran?(query: SourceQuery, ran: Ran): Promise<void>;
  /** The merge runs nothing: a command no job reported is not run, for this reason. */
  notRunReason?(query: SourceQuery): string;
}

export type CheckEvent =
  | { type: "command-start"; checkpointId: string; run: string; cwd: string; reused: boolean }
  | { type: "output"; chunk: Buffer; stream: "stdout" | "stderr" }
  | { type: "command-end"; checkpointId: string; result: CommandResult }
  | { type: "checkpoint-end"; result: CheckpointResult };

export async function checkPlan(options: CheckOptions): Promise<Report> {
  const files = options.files ?? readPlanFiles(options.planPath, options.requirementsPath);
  const fatal = files.diagnostics.find((d) => d.severity === "error" && d.code === "empty-plan");
  if (fatal)
    throw new UsageError(`${options.planPath}:${fatal.line}:${fatal.column}: ${fatal.message}`);
  const root = resolve(options.root ?? findRoot(options.planPath));
  if (!existsSync(root)) throw new UsageError(`directory ${root} does not exist`);
  const trace = traceCriteria(files.plan, files.requirements);
  const runner = new GateRunner(root, options, keyParts(root, options, files));
  const checkpoints: CheckpointResult[] = [];
  for (const gate of selectGates(trace.gates, options.checkpoints)) {
    checkpoints.push(await runner.gate(gate));
  }
  return report(options, files, { root, trace, checkpoints, tests: runner.tests });
}

/** The gates `--checkpoint` asked for (all when none); an unknown id is a usage error. */
function selectGates(gates: Gate[], wanted: string[] | undefined): Gate[] {
  if (!wanted || wanted.length === 0) return gates;
  const known = new Set(gates.map((g) => g.id));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new UsageError(
      `no checkpoint ${unknown.join(", ")} in the plan (checkpoints: ${[...known].join(", ") || "none"})`,
    );
  }
  return gates.filter((g) => wanted.includes(g.id));
}

/** Key parts of this run, from the tree as it is before any command runs. */
function keyParts(root: string, options: CheckOptions, files: PlanFiles): KeyParts | null {
  if (!options.reuse) return null;
  const exclude = [resolve(options.planPath)];
  if (files.requirementsPath) exclude.push(resolve(files.requirementsPath));
  const tree = treeDigest(root, { exclude, ignore: options.reuse.ignore });
  return tree ? { tree, env: envParts(options.reuse.env, options.env ?? process.env) } : null;
}

/** Runs gates in order: each distinct (directory, command) once, the rest reused. */
class GateRunner {
  readonly tests: TestCase[] = [];
  readonly #root: string;
  readonly #options: CheckOptions;
  readonly #emit: (e: CheckEvent) => void;
  readonly #run: CommandRun;
  readonly #cache = new Map<string, Ran>();
  readonly #parts: KeyParts | null;
  readonly #source: ResultSource | undefined;
  /** Set after a failure with --fail-fast: later commands are skipped. */
  #stop = false;

  constructor(root: string, options: CheckOptions, parts: KeyParts | null = null) {
    this.#root = root;
    this.#parts = parts;
    this.#source = options.reuse?.source;
    this.#options = options;
    const emit = options.onEvent ?? (() => {});
    this.#emit = emit;
    this.#run = {
      root,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      junit: options.junit ?? [],
      env: options.env,
      signal: options.signal,
      onChunk: (chunk, stream) => emit({ type: "output", chunk, stream }),
    };
  }

  async gate(gate: Gate): Promise<CheckpointResult> {
    const commands = gate.commands.length > 0 ? gate.commands : gate.inherited;
    const results: CommandResult[] = [];
    const started = performance.now();
    for (const command of commands) results.push(await this.#command(gate.id, command));
    const cp: CheckpointResult = {
      id: gate.id,
      title: gate.title,
      kind: gate.kind,
      groupId: gate.groupId,
      line: gate.line,
      status: rollUp(results.map((r) => r.status)),
      durationMs: Math.round(performance.now() - started),
      commands: results,
    };
    if (!this.#stop) this.#emit({ type: "checkpoint-end", result: cp });
    if (this.#options.failFast && isFailure(cp.status)) this.#stop = true;
    return cp;
  }

  async #command(checkpointId: string, command: Command): Promise<CommandResult> {
    if (this.#stop) return notRun(command, "skipped after a failure (--fail-fast)");
    if (this.#options.signal?.aborted) return notRun(command, "aborted");
    const cwd = command.cwd ?? ".";
    const local = `${resolve(this.#root, cwd)}\u0000${command.run}`;
    const key = this.#parts ? commandKey(this.#parts, command.run, cwd) : null;
    const query: SourceQuery = { checkpointId, run: command.run, cwd, key };
    const earlier = this.#cache.get(local);
    const found = earlier ? null : ((await this.#source?.find(query)) ?? null);
    this.#emit({
      type: "command-start",
      checkpointId,
      run: command.run,
      cwd,
      reused: !!(earlier ?? found),
    });
    let result: CommandResult;
    if (earlier) result = { ...earlier.result, reused: true };
    else {
      const ran = found ?? (await this.#fresh(command, query));
      this.#cache.set(local, ran);
      this.tests.push(...ran.tests);
      result = ran.result;
    }
    this.#emit({ type: "command-end", checkpointId, result });
    return result;
  }

  /** Runs the command (or, in a merge, says why it did not run) and keys its result. */
  async #fresh(command: Command, query: SourceQuery): Promise<Ran> {
    const reason = this.#source?.notRunReason?.(query);
    if (reason !== undefined)
      return { result: { ...notRun(command, reason), key: query.key }, tests: [] };
    const ran = await runCommand(command, this.#run);
    const keyed: Ran = { ...ran, result: { ...ran.result, key: query.key, reusedFrom: null } };
    await this.#source?.ran?.(query, keyed);
    return keyed;
  }
}

/** Property and criterion tags in the repository's source files. */
function sourceTags(root: string): { properties: PropertyTag[]; criteria: CriterionTag[] } {
  const tags: PropertyTag[] = [];
  const criteria: CriterionTag[] = [];
  const code = /\.(rs|ts|tsx|js|jsx|mjs|cjs|py|go|java|kt|scala|rb|cs|swift|c|cc|cpp|h|hpp)$/;
  for (const file of listFiles(root)) {
    if (!code.test(file)) continue;
    const abs = resolve(root, file);
    try {
      if (statSync(abs).size > 2_000_000) continue;
      const text = readFileSync(abs, "utf8");
      tags.push(...findTags(text, file));
      criteria.push(...findCriterionTags(text, file));
    } catch {
      // Unreadable files cannot hold tags we could use.
    }
  }
  return { properties: tags, criteria };
}

/** What the run produced, for the report. */
interface Outcome {
  root: string;
  trace: Trace;
  checkpoints: CheckpointResult[];
  tests: TestCase[];
}

function report(options: CheckOptions, files: PlanFiles, outcome: Outcome): Report {
  const { root, trace, checkpoints } = outcome;
  const { plan } = files;
  const spec = specName(options.planPath);
  const hasProperties = plan.groups.some((g) => g.tasks.some((t) => t.properties.length > 0));
  const tags =
    hasProperties || trace.criteria.length > 0
      ? sourceTags(root)
      : { properties: [], criteria: [] };
  const properties = linkProperties(plan, spec, tags.properties, outcome.tests);
  const evaluation = evaluate(plan, trace, checkpoints, properties, {
    tests: criterionTests(tags.criteria, outcome.tests),
    requirements: files.requirements,
  });
  // A result reused from an earlier run started no process here.
  evaluation.summary.processes -= checkpoints
    .flatMap((c) => c.commands)
    .filter((c) => !c.reused && c.reusedFrom && c.exitCode !== null).length;
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
    ...(evaluation.requirementTitles.length > 0
      ? { requirementTitles: evaluation.requirementTitles }
      : {}),
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
