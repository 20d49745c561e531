// `dxfix fix <tasks.md> --group N`: the fix step on a laptop. Applies the group's
// mechanical plan edits, runs the fixer (a coding agent's command line) until the group's
// gates pass or attempts run out, and commits the result in the local repository. It
// pushes nothing.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { DEFAULT_TIMEOUT_MS } from "../checkpoints/check.ts";
import { forwardSignals, signalExitCode } from "../checkpoints/process/signals.ts";
import { messageOf, UsageError } from "../errors.ts";
import type { BriefInput, CommandFixer } from "../fix/fixer.ts";
import { commitMessages, git, topLevel } from "../fix/git.ts";
import { type FixOutcome, fixGroup } from "../fix/loop.ts";
import { fixRunsIn } from "../fix/trailers.ts";
import { fixerWords } from "../github/markers.ts";
import { onePath, parseArgv } from "./args.ts";
import type { Out } from "./out.ts";

const INPUTS = new Set<BriefInput>(["file", "stdin", "arg"]);

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${name} expects a number > 0, got "${value}"`);
  return n;
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgv({
    args: argv,
    allowPositionals: true,
    options: {
      group: { type: "string" },
      fixer: { type: "string" },
      input: { type: "string" },
      "guidance-file": { type: "string" },
      attempts: { type: "string" },
      "fixer-timeout": { type: "string" },
      timeout: { type: "string" },
      "max-lines": { type: "string" },
      requirements: { type: "string" },
    },
  });
  const plan = onePath(positionals, "fix");
  if (!values.group) throw new UsageError("fix: --group <id> is required");
  const input = (values.input ?? "file") as BriefInput;
  if (!INPUTS.has(input))
    throw new UsageError(`--input expects file, stdin or arg, got "${values.input}"`);
  return { values, plan, group: values.group, input };
}

function readGuidance(path: string | undefined): string | null {
  if (path === undefined) return null;
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read --guidance-file ${path}: ${messageOf(e)}`);
  }
}

export async function fixCommand(argv: string[], out: Out): Promise<number> {
  const { values, plan, group, input } = parse(argv);
  const planAbs = resolve(plan);
  const root = await topLevel(resolve(planAbs, "..")).catch(() => {
    throw new UsageError(`${plan} is not in a git repository: dxfix fix commits its work`);
  });
  const fixer: CommandFixer | null = values.fixer
    ? {
        command: values.fixer,
        input,
        timeoutMs: positive(values["fixer-timeout"], "--fixer-timeout", 30) * 60_000,
        passToken: false,
      }
    : null;
  const guidance = readGuidance(values["guidance-file"]);
  const userName = (await git(root, ["config", "user.name"]).catch(() => "")).trim() || "you";
  const email = (await git(root, ["config", "user.email"]).catch(() => "")).trim();
  const runs = fixRunsIn(await commitMessages(root, ["-n", "200"]).catch(() => []));
  // The brief is written here for the fixer; nothing needs it once the loop is done.
  const briefDir = mkdtempSync(join(tmpdir(), "dxfix-brief-"));
  // On SIGINT/SIGTERM: end the fixer's or the gate's tree, then exit without committing.
  const forwarding = forwardSignals("interrupted", (signal, ended) => {
    void ended.then(() => {
      rmSync(briefDir, { recursive: true, force: true });
      process.stderr.write(`dxfix fix: ${signal}; running commands were stopped\n`);
      process.exit(signalExitCode(signal));
    });
  });
  let outcome: FixOutcome;
  try {
    outcome = await fixGroup({
      root,
      planPath: relative(root, planAbs),
      requirementsPath: values.requirements ? resolve(values.requirements) : null,
      groupId: group,
      signal: forwarding.signal,
      settings: {
        fixer,
        attempts: Math.floor(positive(values.attempts, "--attempts", 3)),
        paths: ["**"],
        maxChangedLines: Math.floor(positive(values["max-lines"], "--max-lines", 2000)),
      },
      guidance: guidance
        ? [{ author: userName, body: guidance, createdAt: new Date().toISOString() }]
        : [],
      credits: [],
      report: null,
      run: runs.last + 1,
      identity: {
        name: userName === "you" ? "dxfix" : userName,
        email: email || "dxfix@localhost",
      },
      briefDir,
      checkpointTimeoutMs: values.timeout
        ? positive(values.timeout, "--timeout", 30) * 60_000
        : DEFAULT_TIMEOUT_MS,
      log: (line) => process.stderr.write(`${out.dim("dxfix fix:")} ${line}\n`),
      onChunk: (chunk) => process.stderr.write(chunk),
    });
  } finally {
    forwarding.stop();
    rmSync(briefDir, { recursive: true, force: true });
  }
  printOutcome(outcome, out);
  return outcome.passed ? 0 : 1;
}

function printOutcome(o: FixOutcome, out: Out): void {
  out.line("");
  for (const e of o.edits) out.line(`  ${e}`);
  for (const a of o.attempts.filter((x) => x.attempt > 0)) {
    const gates = Object.entries(a.gates)
      .map(([id, s]) => `${id} ${s}`)
      .join(", ");
    out.line(
      `  attempt ${a.attempt}: the fixer ${fixerWords(a.fixer.status)}, ${a.changedFiles} file${a.changedFiles === 1 ? "" : "s"} changed${gates ? `, gates: ${gates}` : ""}${a.refused.length ? `, refused: ${a.refused.join("; ")}` : ""}`,
    );
  }
  const verdict = o.passed
    ? out.green("✔ gates pass")
    : out.red(`✘ ${o.stop || "gates still fail"}`);
  out.line(
    `${out.bold("dxfix fix")}  ${o.status}${o.commit ? ` ${o.commit.slice(0, 12)}` : ""} · ${verdict}`,
  );
  if (o.stat) out.line(o.stat);
}
