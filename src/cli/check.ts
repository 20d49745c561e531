// `dxfix check`: run the plan's checkpoints with live progress, print the checklist,
// optionally write the JSON report and the Markdown comment body.
import { existsSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type CheckEvent, checkPlan, DEFAULT_TIMEOUT_MS } from "../checkpoints/check.ts";
import { killAllRunning } from "../checkpoints/run.ts";
import { readPlanFiles, UsageError } from "../files/plan-files.ts";
import { renderMarkdown } from "../report/markdown.ts";
import { createProgress, renderTerminal } from "../report/terminal.ts";
import { type Out, useColor } from "./out.ts";
import { formatDiagnostic } from "./plan.ts";

function minutes(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--timeout expects minutes > 0, got "${value}"`);
  return Math.round(n * 60_000);
}

function write(path: string, text: string): void {
  if (path === "-") process.stdout.write(text);
  else {
    try {
      writeFileSync(path, text);
    } catch (e) {
      throw new UsageError(`cannot write ${path}: ${(e as Error).message}`);
    }
  }
}

export async function checkCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      requirements: { type: "string" },
      cwd: { type: "string" },
      checkpoint: { type: "string", multiple: true },
      "fail-fast": { type: "boolean" },
      timeout: { type: "string" },
      junit: { type: "string", multiple: true },
      json: { type: "string" },
      markdown: { type: "string" },
      quiet: { type: "boolean", short: "q" },
    },
  });
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? "check: missing <tasks.md>" : "check: expected one plan",
    );
  }
  // Fail on an unwritable output before running anything (a build can take minutes).
  for (const out of [values.json, values.markdown]) {
    if (out && out !== "-" && !existsSync(dirname(resolve(out)))) {
      throw new UsageError(`cannot write ${out}: directory ${dirname(out)} does not exist`);
    }
  }
  const stderr = process.stderr;
  // Problems in the plan come first: a plan with errors is not run (exit 2).
  const files = readPlanFiles(positionals[0]!, values.requirements ?? null);
  const problems = files.diagnostics.filter((d) => d.severity !== "info");
  for (const d of problems) stderr.write(`${formatDiagnostic(d)}\n`);
  const errors = problems.filter((d) => d.severity === "error").length;
  if (errors > 0) {
    throw new UsageError(
      `${positionals[0]}: ${errors} error(s) in the plan; nothing was run (see dxfix lint)`,
    );
  }
  const progress = createProgress(stderr, {
    color: useColor(stderr),
    isTTY: Boolean(stderr.isTTY),
  });
  let pending = "";
  const onEvent = (e: CheckEvent) => {
    if (e.type === "command-start") progress.start(e.checkpointId, e.run, e.cwd);
    else if (e.type === "command-end") {
      if (pending) progress.line(pending);
      pending = "";
      progress.end(e.result, e.checkpointId);
    } else if (e.type === "output" && !values.quiet) {
      const lines = (pending + e.chunk.toString("utf8")).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) progress.line(line.replace(/\r$/, ""));
    }
  };
  const abort = new AbortController();
  const interrupt = () => {
    abort.abort();
    void killAllRunning("interrupted");
  };
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  let report: Awaited<ReturnType<typeof checkPlan>>;
  try {
    report = await checkPlan({
      planPath: positionals[0]!,
      requirementsPath: values.requirements ?? null,
      files,
      root: values.cwd ?? null,
      checkpoints: values.checkpoint ?? [],
      failFast: values["fail-fast"] ?? false,
      timeoutMs: minutes(values.timeout),
      junit: values.junit ?? [],
      signal: abort.signal,
      onEvent,
    });
  } finally {
    progress.close();
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
  }
  if (abort.signal.aborted) {
    stderr.write("dxfix: interrupted; running commands were stopped\n");
    return 130;
  }
  if (values.json) write(values.json, `${JSON.stringify(report, null, 2)}\n`);
  if (values.markdown) write(values.markdown, `${renderMarkdown(report)}\n`);
  const summary = renderTerminal(report, {
    color: values.json === "-" ? useColor(stderr) : out.color,
  });
  if (values.json === "-") stderr.write(summary);
  else process.stdout.write(summary);
  return report.status === "failed" ? 1 : 0;
}
