// GitHub Spec Kit's tasks.md -> the same plan model. Phases (`## Phase 2: ...`) are
// groups, `- [ ] T012 [P] [US1] ...` are tasks, and a phase's `**Checkpoint**: ...`
// line becomes a checkpoint group after it, gated by the commands of the phase's
// verification tasks (`T020 Run cargo clippy ...`) and of its `**Independent Test**:`
// line. Checkbox items nested under a task are its sub-tasks. A task's story label
// (`[US1]`) and any functional requirement it names (`FR-003`) are its references.
// Trace, lint, the runner and the lossless editor use the result unchanged.
import { type FenceOpen, fenceCloses, fenceOpen } from "../markdown/syntax.ts";
import { type GroupDraft, PlanBuilder, type TaskDraft, type Where } from "./builder.ts";
import { checkpointCommands, commandsIn, spanCommands } from "./commands.ts";
import type { Command, Plan, TaskState } from "./model.ts";
import {
  hashRun,
  headingText,
  isBlank,
  isSpace,
  type Line,
  runEndAfter,
  splitLines,
} from "./text.ts";

// No `[ \t]*` or `[ \t]+` right before a final `(.*)$`: on a line that `.` cannot finish
// (a U+2028 at the end) every split of the blanks was retried. Blanks are trimmed by hand.
const TASK = /^\s*[-*+][ \t]+\[(?<mark>[ xX-])\][ \t]+(?<id>T\d+)\b(?<rest>.*)$/;
// The start of `^#{2,3}[ \t]+Phase[ \t]+(\d+(?:\.\d+)*)\s*[:.\-–—]?\s*(.*?)\s*#*\s*$`; the rest
// is read by hand (phaseTitle): as one pattern it backtracks cubically on a title padded
// with spaces (a 2 KB heading blocked the event loop for 10 s).
const PHASE = /^#{2,3}[ \t]+Phase[ \t]+(\d+(?:\.\d+)*)/i;
const PHASE_SEPARATORS = new Set([":", ".", "-", "–", "—"]);
// `(?=(\s*))\1` is an atomic `\s*`: two adjacent ones were retried in every split.
const CHECKPOINT =
  /^\s*(?:\*\*|__)?Checkpoint(?:\*\*|__)?(?=(\s*))\1:?(?:\*\*|__)?(?=(\s*))\2(?<text>.*)$/i;
// Sticky, read from lastIndex: slicing the rest after each label was quadratic.
const LABEL = /\[(?<label>[^\]]+)\][ \t]*/y;
const DETAIL = /^\s+[-*+][ \t](?<text>.*)$/;
// A checkbox item nested under a task: `  - [ ] write the fixture`.
const SUB_TASK = /^[ \t]+[-*+][ \t]+\[(?<mark>[ xX-])\][ \t]+(?<title>\S.*)$/;

/** Spec Kit plans are recognised by their task ids: `- [ ] T001 ...`. */
export function looksLikeSpecKit(source: string): boolean {
  // `^\s*` under /m would let the indentation run across line breaks: on 150,000 blank
  // lines every line start rescanned the rest of the file. Indentation stops at the line.
  return /^[^\S\n\r\u2028\u2029]*[-*+][ \t]+\[[ xX-]\][ \t]+T\d{3,}\b/m.test(source);
}

/** The text without its leading `[ \t]` run. */
function trimBlanks(text: string): string {
  return text.slice(runEndAfter(text, 0, isBlank));
}

function state(c: string): TaskState {
  return c === "x" || c === "X" ? "done" : c === "-" ? "in_progress" : "todo";
}

/** What the reader remembers between lines. */
interface ReadState {
  readonly b: PlanBuilder;
  title: string | null;
  phase: GroupDraft | null;
  task: TaskDraft | null;
  fence: FenceOpen | null;
  /** A fenced block indented under a task is that task's (commands of a shell block run). */
  block: { info: string; lines: string[]; where: Where } | null;
  /** The top-level task the current sub-tasks belong to. */
  parent: TaskDraft | null;
  /** What gates the current phase's checkpoint, gathered while the phase is read. */
  gates: PhaseGates;
  /** Each checkpoint's phase and gates, by checkpoint group id, applied when the plan is finished. */
  checkpoints: Map<string, { phase: string; gates: PhaseGates }>;
}

interface PhaseGates {
  /** The `**Independent Test**:` line's commands. */
  independent: Command[];
  /** Ids of the phase's tasks whose title runs a command (`T020 Run cargo clippy ...`). */
  verification: string[];
}

const noGates = (): PhaseGates => ({ independent: [], verification: [] });

export function parseSpecKit(source: string, file: string | null = null): Plan {
  const s: ReadState = {
    b: new PlanBuilder(file),
    title: null,
    phase: null,
    task: null,
    fence: null,
    block: null,
    parent: null,
    gates: noGates(),
    checkpoints: new Map(),
  };
  for (const line of splitLines(source)) readLine(s, line);
  return gateCheckpoints(s.b.finish({ format: "speckit", title: s.title }), s.checkpoints);
}

function readLine(s: ReadState, line: Line): void {
  const { text } = line;
  const where: Where = { line: line.number, column: 1 };
  if (s.fence) {
    fenceBody(s, s.fence, text);
    return;
  }
  const open = fenceOpen(text);
  if (open) {
    s.fence = open;
    s.block = s.task && open.indent > 0 ? { info: open.info, lines: [], where } : null;
    return;
  }
  if (
    phase(s, text, where) ||
    heading(s, text) ||
    task(s, line) ||
    subTask(s, line) ||
    checkpoint(s, text, where) ||
    independentTest(s, text, where)
  ) {
    return;
  }
  const detail = DETAIL.exec(text)?.groups?.text;
  if (detail !== undefined && s.task) s.b.addDetail(s.task, trimBlanks(detail), where);
}

function fenceBody(s: ReadState, fence: FenceOpen, text: string): void {
  if (!fenceCloses(text, fence)) {
    s.block?.lines.push(text);
    return;
  }
  if (s.block && s.task) s.b.addFence(s.task, s.block.info, s.block.lines, s.block.where);
  s.fence = null;
  s.block = null;
}

/** The title after a phase's id (`: Setup`), or null when a line break cuts it. */
function phaseTitle(text: string, from: number): string | null {
  let i = runEndAfter(text, from, isSpace);
  if (PHASE_SEPARATORS.has(text.charAt(i))) i++;
  return headingText(text, runEndAfter(text, i, isSpace), "spaces-hashes-spaces");
}

function phase(s: ReadState, text: string, where: Where): boolean {
  const m = PHASE.exec(text);
  const id = m?.[1];
  if (!m || !id) return false;
  const title = phaseTitle(text, m[0].length);
  if (title === null) return false;
  s.phase = s.b.addGroup({ id, title: title || `Phase ${id}`, where });
  s.task = null;
  s.parent = null;
  s.gates = noGates();
  return true;
}

/** `^(#{1,6})[ \t]+(.*?)\s*#*\s*$` in one pass: the level and the text, or null. */
function headingOf(text: string): { level: number; text: string } | null {
  const end = hashRun(text, 0);
  if (end === -1 || !isBlank(text.charCodeAt(end))) return null;
  const t = headingText(text, runEndAfter(text, end, isBlank), "spaces-hashes-spaces");
  return t === null ? null : { level: end, text: t };
}

function heading(s: ReadState, text: string): boolean {
  const h = headingOf(text);
  if (!h) return false;
  if (h.level === 1 && s.title === null) s.title = h.text;
  // A sub-heading inside a phase ("### Tests for User Story 1") keeps the phase.
  if (h.level <= 2) {
    s.phase = null;
    s.task = null;
    s.parent = null;
    s.gates = noGates();
  }
  return true;
}

function task(s: ReadState, line: Line): boolean {
  const { text } = line;
  const t = TASK.exec(text)?.groups;
  if (!t?.id || t.mark === undefined) return false;
  const { b } = s;
  const box = { offset: line.start + text.indexOf("[") + 1, state: state(t.mark) };
  const where: Where = { line: line.number, column: 1 };
  s.phase ??= b.addGroup({ id: String(b.groups.length + 1), title: "Tasks", where });
  const all = trimBlanks(t.rest ?? "");
  const labels: string[] = [];
  let at = 0;
  LABEL.lastIndex = 0;
  for (let m = LABEL.exec(all); m; m = LABEL.exec(all)) {
    labels.push(m.groups?.label ?? "");
    at = LABEL.lastIndex;
  }
  const rest = all.slice(at);
  const column = text.indexOf(t.id) + 1;
  const title = rest.trim();
  s.task = b.addTask(s.phase, null, { id: t.id, title, where: { line: line.number, column }, box });
  s.parent = s.task;
  if (commandsIn(title).length > 0) s.gates.verification.push(t.id);
  const refs = [
    ...labels.filter((l) => /^US\d+$/i.test(l)).map((l) => l.toUpperCase()),
    ...[...rest.matchAll(/\b(?<fr>FR-\d+)\b/g)].map((m) => m.groups?.fr ?? ""),
  ];
  if (refs.length > 0) b.addRefs(s.task, refs, [], where);
  if (labels.includes("P")) b.addNote(s.task, "parallel [P]");
  return true;
}

/** `  - [ ] step` under a task: a sub-task of it (numbered `T005.1`, `T005.2`, ...). */
function subTask(s: ReadState, line: Line): boolean {
  const parent = s.parent;
  const m = SUB_TASK.exec(line.text)?.groups;
  if (!parent || !s.phase || m?.mark === undefined || m.title === undefined) return false;
  const { text } = line;
  const box = { offset: line.start + text.indexOf("[") + 1, state: state(m.mark) };
  const column = text.indexOf("]") + 3;
  const where: Where = { line: line.number, column };
  s.task = s.b.addTask(s.phase, parent, { id: null, title: m.title.trim(), where, box });
  return true;
}

/** `**Checkpoint**: ...` after a phase: a checkpoint group titled with the line's text. */
function checkpoint(s: ReadState, text: string, where: Where): boolean {
  const c = CHECKPOINT.exec(text)?.groups;
  if (c?.text === undefined || !s.phase) return false;
  const title = c.text.replace(/\*\*/g, "").trim() || "Checkpoint";
  // The title carries the line's text, so a command it names is found there.
  const id = `cp${s.phase.id}`;
  s.b.addGroup({ id, title, where, kind: "checkpoint" });
  // `... end to end: \`pytest -q\``: run with the phase's gates (the same command once).
  for (const c of checkpointCommands(text)) {
    const at = { line: where.line, column: c.index + 1 };
    s.gates.independent.push({ run: c.run, cwd: c.cwd, ...at, source: "inline" });
  }
  s.checkpoints.set(id, { phase: s.phase.id ?? "", gates: s.gates });
  s.phase = null;
  s.task = null;
  s.parent = null;
  s.gates = noGates();
  return true;
}

/** Where the text of `**Independent Test**: ...` (and its variants) starts, or -1. */
function independentTestStart(text: string): number {
  const lead = runEndAfter(text, 0, (c) => isSpace(c) || c === 0x2a || c === 0x5f);
  const m = /^independent\s+tests?\b/i.exec(text.slice(lead, lead + 40));
  if (!m) return -1;
  const colon = text.indexOf(":", lead + m[0].length);
  return colon === -1 || colon > lead + m[0].length + 12 ? -1 : colon + 1;
}

/** `**Independent Test**: run \`npm test -- albums\``: commands for the phase's checkpoint. */
function independentTest(s: ReadState, text: string, where: Where): boolean {
  const start = independentTestStart(text);
  if (start === -1 || !s.phase) return false;
  for (const c of spanCommands(text.slice(start))) {
    s.gates.independent.push({
      run: c.run,
      cwd: c.cwd,
      line: where.line,
      column: start + c.index + 1,
      source: "inline",
    });
  }
  return true;
}

const commandKey = (c: Command) => `${c.cwd ?? "."}\u0000${c.run}`;

/**
 * Each checkpoint runs its phase's verification tasks (and their sub-tasks) and its
 * Independent Test line's commands, after any its own line names.
 */
function gateCheckpoints(plan: Plan, checkpoints: ReadState["checkpoints"]): Plan {
  const gated = new Set<number>();
  for (const g of plan.groups) {
    const found = checkpoints.get(g.id);
    if (g.kind !== "checkpoint" || !found) continue;
    const verifying = new Set(found.gates.verification);
    const tasks = plan.groups.find((p) => p.id === found.phase)?.tasks ?? [];
    const fromTasks = tasks
      .filter((t) => verifying.has(t.id) || verifying.has(t.parent ?? ""))
      .flatMap((t) => t.commands);
    const seen = new Set(g.commands.map(commandKey));
    for (const c of [...fromTasks, ...found.gates.independent]) {
      if (seen.has(commandKey(c))) continue;
      seen.add(commandKey(c));
      g.commands.push(c);
    }
  }
  // A checkpoint that got commands here, or follows one that did, is no longer one that
  // cannot be verified (it inherits the commands before it, as the trace says).
  let commandsSoFar = 0;
  for (const g of plan.groups) {
    commandsSoFar += g.commands.length + g.tasks.reduce((n, t) => n + t.commands.length, 0);
    if (g.kind === "checkpoint" && commandsSoFar > 0) gated.add(g.line);
  }
  const diagnostics = plan.diagnostics.filter(
    (d) => d.code !== "checkpoint-without-command" || !gated.has(d.line),
  );
  return { ...plan, diagnostics };
}
