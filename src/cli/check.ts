// `dxfix check`: run the plan's checkpoints with live progress, print the checklist,
// optionally write the JSON report and the Markdown comment body.
import { existsSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  type CheckEvent,
  type CheckOptions,
  checkPlan,
  DEFAULT_TIMEOUT_MS,
} from "../checkpoints/check.ts";
import { forwardSignals, signalExitCode } from "../checkpoints/process/signals.ts";
import { messageOf, UsageError } from "../errors.ts";
import { readPlanFilesWithConfig } from "../files/config-file.ts";
import type { PlanFiles } from "../files/plan-files.ts";
import { traceCriteria } from "../plan/trace.ts";
import { shouldColor } from "../report/color.ts";
import { renderMarkdown } from "../report/markdown.ts";
import type { Report } from "../report/schema.ts";
import { createProgress, type Progress, renderTerminal } from "../report/terminal.ts";
import { cliReuse } from "../reuse/cli.ts";
import { onePath, parseArgv } from "./args.ts";
import type { Out } from "./out.ts";
import { formatDiagnostic } from "./plan.ts";

const OPTIONS = {
  requirements: { type: "string" },
  cwd: { type: "string" },
  checkpoint: { type: "string", multiple: true },
  "fail-fast": { type: "boolean" },
  timeout: { type: "string" },
  junit: { type: "string", multiple: true },
  json: { type: "string" },
  markdown: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  "no-reuse": { type: "boolean" },
  "cache-dir": { type: "string" },
} as const;

function parseCheckArgs(argv: string[]) {
  const { values, positionals } = parseArgv({
    args: argv,
    allowPositionals: true,
    options: OPTIONS,
  });
  const plan = onePath(positionals, "check");
  // Fail on an unwritable output before running anything (a build can take minutes).
  for (const path of [values.json, values.markdown]) {
    if (path && path !== "-" && !existsSync(dirname(resolve(path)))) {
      throw new UsageError(`cannot write ${path}: directory ${dirname(path)} does not exist`);
    }
  }
  return { plan, values };
}

type CheckValues = ReturnType<typeof parseCheckArgs>["values"];

function minutes(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--timeout expects minutes > 0, got "${value}"`);
  return Math.round(n * 60_000);
}

function write(path: string, text: string): void {
  if (path === "-") {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${messageOf(error)}`);
  }
}

/** Problems in the plan come first: a plan with errors is not run (exit 2). */
function readRunnablePlan(plan: string, requirements: string | null): PlanFiles {
  const files = readPlanFilesWithConfig(plan, requirements);
  const problems = files.diagnostics.filter((d) => d.severity !== "info");
  for (const d of problems) process.stderr.write(`${formatDiagnostic(d)}\n`);
  const errors = problems.filter((d) => d.severity === "error").length;
  if (errors > 0) {
    throw new UsageError(
      `${plan}: ${errors} error(s) in the plan; nothing was run (see dxfix lint)`,
    );
  }
  return files;
}

/** The longest unfinished line the echo holds before printing it as it is. */
const MAX_PENDING = 64 * 1024;

/** Engine events to the progress display; output is echoed line by line unless quiet. */
function progressEvents(
  progress: Progress,
  quiet: boolean,
  total: number,
): (e: CheckEvent) => void {
  let pending = "";
  let started = 0;
  // `3 · 2/7`: the checkpoint, and which of the run's commands this is.
  let label = "";
  return (e) => {
    if (e.type === "command-start") {
      label = `${e.checkpointId} · ${++started}/${total}`;
      progress.start(label, e.run, e.cwd);
    } else if (e.type === "command-end") {
      if (pending) progress.line(pending);
      pending = "";
      progress.end(e.result, label);
    } else if (e.type === "output" && !quiet) {
      const lines = (pending + e.chunk.toString("utf8")).split("\n");
      pending = lines.pop() ?? "";
      // A line that never ends is echoed in pieces rather than held whole.
      if (pending.length > MAX_PENDING) {
        lines.push(pending);
        pending = "";
      }
      // One write per chunk, not per line: per-line strings kept young-generation memory
      // high when 1 GB of output was echoed (bench/pipe.bench.ts).
      if (lines.length > 0) progress.line(lines.join("\n").replace(/\r$/gm, ""));
    }
  };
}

/** How many commands the run starts (reused ones included): the `m` of `n/m`. */
function commandCount(files: PlanFiles, wanted: string[]): number {
  const gates = traceCriteria(files.plan, files.requirements).gates;
  return gates
    .filter((g) => wanted.length === 0 || wanted.includes(g.id))
    .reduce((n, g) => n + (g.commands.length || g.inherited.length), 0);
}

/** Runs the plan; Ctrl-C or SIGTERM ends the running trees (the signal instead of a report). */
async function runInterruptibly(
  options: Omit<CheckOptions, "signal" | "onEvent">,
  quiet: boolean,
): Promise<Report | NodeJS.Signals> {
  const stderr = process.stderr;
  const progress = createProgress(stderr, {
    color: shouldColor(stderr),
    // TERM=dumb: plain lines, no status line redrawn with cursor moves.
    isTTY: Boolean(stderr.isTTY) && process.env.TERM !== "dumb",
  });
  const total = options.files ? commandCount(options.files, options.checkpoints ?? []) : 0;
  const forwarding = forwardSignals("interrupted");
  try {
    const report = await checkPlan({
      ...options,
      signal: forwarding.signal,
      onEvent: progressEvents(progress, quiet, total),
    });
    await forwarding.ended();
    return forwarding.received() ?? report;
  } finally {
    progress.close();
    forwarding.stop();
  }
}

/** The JSON and Markdown files asked for, then the checklist (on stderr when JSON takes stdout). */
function writeResults(report: Report, values: CheckValues, out: Out): void {
  if (values.json) write(values.json, `${JSON.stringify(report, null, 2)}\n`);
  if (values.markdown) write(values.markdown, `${renderMarkdown(report)}\n`);
  const toStderr = values.json === "-";
  const summary = renderTerminal(report, {
    color: toStderr ? shouldColor(process.stderr) : out.color,
  });
  (toStderr ? process.stderr : process.stdout).write(summary);
}

export async function checkCommand(argv: string[], out: Out): Promise<number> {
  const { plan, values } = parseCheckArgs(argv);
  const requirementsPath = values.requirements ?? null;
  const files = readRunnablePlan(plan, requirementsPath);
  const report = await runInterruptibly(
    {
      planPath: plan,
      requirementsPath,
      files,
      root: values.cwd ?? null,
      checkpoints: values.checkpoint ?? [],
      failFast: values["fail-fast"] ?? false,
      timeoutMs: minutes(values.timeout),
      junit: values.junit ?? [],
      reuse: cliReuse(plan, values.cwd ?? null, {
        reuse: !values["no-reuse"],
        cacheDir: values["cache-dir"],
      }),
    },
    values.quiet ?? false,
  );
  if (typeof report === "string") {
    process.stderr.write(`dxfix: ${report}; running commands were stopped\n`);
    return signalExitCode(report);
  }
  writeResults(report, values, out);
  return report.status === "failed" ? 1 : 0;
}
