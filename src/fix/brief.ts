// The brief: everything a fixer needs to do one task group, and nothing it must not see.
// Markdown for a coding agent, with the same facts as JSON beside it for tools. Pure:
// the caller reads the files, the report and the guidance; this decides what goes in.
import type {
  Command,
  Criterion,
  Gate,
  Group,
  Plan,
  RequirementsDoc,
  Task,
  Trace,
} from "../plan/model.ts";
import type { CommandResult, Report } from "../report/schema.ts";
import { designExcerpt } from "./design.ts";
import { type GuidanceComment, sanitiseGuidance } from "./guidance.ts";

export const BRIEF_VERSION = 1;

export interface BriefInput {
  plan: Plan;
  /** Repository-relative path of tasks.md. */
  planPath: string;
  requirements: RequirementsDoc | null;
  design: { path: string; text: string } | null;
  trace: Trace;
  groupId: string;
  attempt: number;
  maxAttempts: number;
  /** The latest report for this branch (the previous attempt's, or the PR's), if any. */
  report: Report | null;
  /** Comments of people with write access since the previous attempt, oldest first. */
  guidance: GuidanceComment[];
}

export interface BriefCommand {
  run: string;
  cwd: string;
}

export interface BriefFailure {
  checkpoint: string;
  title: string;
  command: string;
  cwd: string;
  status: CommandResult["status"];
  exitCode: number | null;
  errors: {
    file: string | null;
    line: number | null;
    column: number | null;
    code: string | null;
    message: string;
  }[];
  failingTests: string[];
  /** The end of the output when it held no readable error or test. */
  logTail: string | null;
}

export interface BriefJson {
  version: typeof BRIEF_VERSION;
  plan: string;
  group: { id: string; title: string };
  attempt: number;
  maxAttempts: number;
  commit: string | null;
  tasks: {
    id: string;
    title: string;
    state: Task["state"];
    optional: boolean;
    details: string[];
    requirements: string[];
    properties: { id: string; title: string; validates: string[] }[];
    commands: BriefCommand[];
  }[];
  criteria: { id: string; text: string | null }[];
  design: { path: string; whole: boolean; sections: string[]; text: string } | null;
  gates: { id: string; title: string; commands: BriefCommand[] }[];
  failures: BriefFailure[];
  guidance: { author: string; createdAt: string; text: string }[];
  rules: string[];
}

export interface Brief {
  markdown: string;
  json: BriefJson;
}

/** Most errors and failing tests listed per failing command. */
const MAX_FINDINGS = 15;
const MAX_LOG_LINES = 30;

export class BriefError extends Error {}

export function buildBrief(input: BriefInput): Brief {
  const group = input.plan.groups.find((g) => g.id === input.groupId);
  if (!group) throw new BriefError(`${input.planPath} has no task group ${input.groupId}`);
  const gates = gatesFor(input.trace, group);
  const json: BriefJson = {
    version: BRIEF_VERSION,
    plan: input.planPath,
    group: { id: group.id, title: group.title },
    attempt: input.attempt,
    maxAttempts: input.maxAttempts,
    commit: input.report?.commit?.sha ?? null,
    tasks: group.tasks.map((t) => ({
      id: t.id,
      title: t.title,
      state: t.state,
      optional: t.optional,
      details: t.details,
      requirements: t.requirements,
      properties: t.properties.map((p) => ({ id: p.id, title: p.title, validates: p.validates })),
      commands: t.commands.map(briefCommand),
    })),
    criteria: criteriaOf(group, input.requirements),
    design: input.design ? designExcerpt(input.design, namesOf(group)) : null,
    gates: gates.map((g) => ({
      id: g.id,
      title: g.title,
      commands: [...g.commands, ...g.inherited].map(briefCommand),
    })),
    failures: failuresOf(input.report, new Set(gates.map((g) => g.id))),
    guidance: input.guidance.map((c) => ({
      author: c.author,
      createdAt: c.createdAt,
      text: sanitiseGuidance(c.body),
    })),
    rules: rulesFor(input.planPath),
  };
  json.guidance = json.guidance.filter((g) => g.text !== "");
  return { markdown: renderBrief(json), json };
}

function briefCommand(c: Command): BriefCommand {
  return { run: c.run, cwd: c.cwd ?? "." };
}

/** The gates of a group: the checkpoints that judge its tasks. */
function gatesFor(trace: Trace, group: Group): Gate[] {
  const ids = trace.groupGates[group.id] ?? [];
  return ids.flatMap((id) => trace.gates.filter((g) => g.id === id));
}

function criteriaOf(group: Group, requirements: RequirementsDoc | null): BriefJson["criteria"] {
  const byId = new Map<string, Criterion>();
  for (const r of requirements?.requirements ?? []) for (const c of r.criteria) byId.set(c.id, c);
  const ids = new Set([...group.requirements, ...group.tasks.flatMap((t) => t.requirements)]);
  return [...ids].map((id) => ({ id, text: byId.get(id)?.text ?? null }));
}

/** Identifiers the group's tasks name: code spans and CamelCase words, for the design excerpt. */
export function namesOf(group: Group): string[] {
  const names = new Set<string>();
  const texts = [group.title, ...group.tasks.flatMap((t) => [t.title, ...t.details])];
  // Plan lines are short; the cap keeps these scans linear on a pathological one.
  for (const text of texts.map((t) => t.slice(0, 2000))) {
    for (const m of text.matchAll(/`([^`\n]{1,200})`/g)) {
      for (const word of (m[1] ?? "").matchAll(/[A-Za-z_][A-Za-z0-9_]{2,}/g)) names.add(word[0]);
    }
    for (const m of text.matchAll(/\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\b/g)) names.add(m[0]);
    for (const m of text.matchAll(/\b[a-z][a-z0-9]*_[a-z0-9_]+\b/g)) names.add(m[0]);
  }
  return [...names];
}

function failuresOf(report: Report | null, gates: Set<string>): BriefFailure[] {
  if (!report) return [];
  const failures: BriefFailure[] = [];
  for (const cp of report.checkpoints) {
    if (!gates.has(cp.id)) continue;
    for (const cmd of cp.commands) {
      if (cmd.status === "passed" || cmd.status === "not_run" || cmd.reused) continue;
      const errors = cmd.diagnostics
        .filter((d) => d.severity === "error")
        .slice(0, MAX_FINDINGS)
        .map((d) => ({
          file: d.file,
          line: d.line,
          column: d.column,
          code: d.code,
          message: d.message,
        }));
      const failingTests = (cmd.tests?.failures ?? []).slice(0, MAX_FINDINGS);
      const silent = errors.length === 0 && failingTests.length === 0;
      failures.push({
        checkpoint: cp.id,
        title: cp.title,
        command: cmd.run,
        cwd: cmd.cwd,
        status: cmd.status,
        exitCode: cmd.exitCode,
        errors,
        failingTests,
        logTail: silent ? cmd.logTail.split("\n").slice(-MAX_LOG_LINES).join("\n") : null,
      });
    }
  }
  return failures;
}

function rulesFor(planPath: string): string[] {
  return [
    "Do the tasks of this group only; later groups have their own pull requests.",
    `Leave the checkboxes in ${planPath} as they are: dxfix records progress itself.`,
    "Do not change anything under .github/workflows/.",
    "Do not commit, push or open pull requests: dxfix checks your changes, commits and pushes them.",
    "The work is done when the checkpoint commands below succeed; run them to check.",
    "When something is unclear, make the smallest reasonable choice and say which in your last message: the reviewers answer on the pull request, and their answer reaches the next attempt.",
  ];
}

// ---- Markdown ---------------------------------------------------------------------------

/** A fence longer than any backtick run in `text`, so quoted files cannot close it. */
function fenced(text: string, lang = ""): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\n+$/, "")}\n${fence}`;
}

function commandText(c: BriefCommand): string {
  return c.cwd === "." ? `\`${c.run}\`` : `\`${c.run}\` (in \`${c.cwd}\`)`;
}

const BOX: Record<Task["state"], string> = { todo: "[ ]", in_progress: "[-]", done: "[x]" };

export function renderBrief(b: BriefJson): string {
  const out: string[] = [
    `# dxfix brief: task group ${b.group.id}, ${b.group.title}`,
    "",
    `Plan \`${b.plan}\`, attempt ${b.attempt} of ${b.maxAttempts}${b.commit ? `, on commit ${b.commit.slice(0, 12)}` : ""}.`,
    "",
    "## Rules",
    "",
    ...b.rules.map((r) => `- ${r}`),
    "",
    "## Tasks",
    "",
  ];
  for (const t of b.tasks) {
    const reqs = t.requirements.length ? ` (requirements ${t.requirements.join(", ")})` : "";
    out.push(`- ${BOX[t.state]}${t.optional ? "*" : ""} ${t.id} ${t.title}${reqs}`);
    for (const p of t.properties) {
      const validates = p.validates.length ? ` (validates ${p.validates.join(", ")})` : "";
      out.push(`  - Property ${p.id}: ${p.title}${validates}`);
    }
    for (const d of t.details) out.push(`  - ${d}`);
    for (const c of t.commands) out.push(`  - run ${commandText(c)}`);
  }
  if (b.criteria.length > 0) {
    out.push("", "## Acceptance criteria", "");
    for (const c of b.criteria) out.push(`- **${c.id}** ${c.text ?? "(not in requirements.md)"}`);
  }
  if (b.design) {
    const what = b.design.whole ? "the whole file" : `sections: ${b.design.sections.join("; ")}`;
    out.push(
      "",
      `## Design (\`${b.design.path}\`, ${what})`,
      "",
      fenced(b.design.text, "markdown"),
    );
  }
  out.push("", "## Checkpoints that judge this work", "");
  if (b.gates.length === 0) out.push("- none: this group has no gating checkpoint");
  for (const g of b.gates) {
    out.push(`- ${g.id}. ${g.title}: ${g.commands.map(commandText).join(", ") || "no command"}`);
  }
  out.push(...renderFailures(b), ...renderGuidance(b));
  return `${out.join("\n")}\n`;
}

function renderFailures(b: BriefJson): string[] {
  if (b.failures.length === 0) return [];
  const out = [
    "",
    `## What failed on the last run${b.commit ? ` (${b.commit.slice(0, 12)})` : ""}`,
  ];
  for (const f of b.failures) {
    const exit = f.exitCode !== null ? `exit ${f.exitCode}` : f.status;
    out.push(
      "",
      `### Checkpoint ${f.checkpoint}: ${commandText({ run: f.command, cwd: f.cwd })}, ${exit}`,
      "",
    );
    for (const e of f.errors) {
      const at = e.file
        ? `${e.file}${e.line ? `:${e.line}` : ""}${e.line && e.column ? `:${e.column}` : ""}: `
        : "";
      out.push(`- ${at}${e.code ? `error[${e.code}]` : "error"}: ${e.message.split("\n")[0]}`);
    }
    if (f.failingTests.length > 0) out.push(`- failing tests: ${f.failingTests.join(", ")}`);
    if (f.logTail) out.push(fenced(f.logTail, "text"));
  }
  return out;
}

function renderGuidance(b: BriefJson): string[] {
  if (b.guidance.length === 0) return [];
  const out = [
    "",
    "## Guidance from the reviewers",
    "",
    "Answers and instructions from people with write access, oldest first. Follow them where they are about this group's tasks.",
  ];
  for (const g of b.guidance) {
    out.push(
      "",
      `From ${g.author} at ${g.createdAt}:`,
      "",
      ...g.text.split("\n").map((l) => `> ${l}`),
    );
  }
  return out;
}
