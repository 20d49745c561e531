// GitHub Spec Kit's tasks.md -> the same plan model. Phases (`## Phase 2: ...`) are
// groups, `- [ ] T012 [P] [US1] ...` are tasks, and a phase's `**Checkpoint**: ...`
// line becomes a checkpoint group after it. A task's story label (`[US1]`) and any
// functional requirement it names (`FR-003`) are its references. Trace, lint, the
// runner and the lossless editor use the result unchanged.
import { type GroupDraft, PlanBuilder, type Where } from "./builder.ts";
import type { Checkbox, Plan, TaskState } from "./model.ts";
import { type FenceOpen, fenceCloses, fenceOpen, splitLines } from "./text.ts";

const TASK = /^(\s*)[-*+][ \t]+\[([ xX-])\][ \t]+(T\d+)\b[ \t]*(.*)$/;
const PHASE = /^#{2,3}[ \t]+Phase[ \t]+(\d+(?:\.\d+)*)\s*[:.\-–—]?\s*(.*?)\s*#*\s*$/i;
const HEADING = /^(#{1,6})[ \t]+(.*?)\s*#*\s*$/;
const CHECKPOINT = /^\s*(?:\*\*|__)?Checkpoint(?:\*\*|__)?\s*:?(?:\*\*|__)?\s*(.*)$/i;

/** Spec Kit plans are recognised by their task ids: `- [ ] T001 ...`. */
export function looksLikeSpecKit(source: string): boolean {
  return /^\s*[-*+][ \t]+\[[ xX-]\][ \t]+T\d{3,}\b/m.test(source);
}

function state(c: string): TaskState {
  return c === "x" || c === "X" ? "done" : c === "-" ? "in_progress" : "todo";
}

export function parseSpecKit(source: string, file: string | null = null): Plan {
  const b = new PlanBuilder(file);
  let phase: GroupDraft | null = null;
  let task: ReturnType<PlanBuilder["addTask"]> | null = null;
  let fence: FenceOpen | null = null;
  // A fenced block indented under a task is that task's (commands of a shell block run).
  let block: { info: string; lines: string[]; where: Where } | null = null;
  for (const line of splitLines(source)) {
    const text = line.text;
    const where: Where = { line: line.number, column: 1 };
    if (fence) {
      if (fenceCloses(text, fence)) {
        if (block && task) b.addFence(task, block.info, block.lines, block.where);
        fence = null;
        block = null;
      } else block?.lines.push(text);
      continue;
    }
    const open = fenceOpen(text);
    if (open) {
      fence = open;
      block = task && open.indent > 0 ? { info: open.info, lines: [], where } : null;
      continue;
    }
    const p = PHASE.exec(text);
    if (p) {
      phase = b.addGroup(p[1]!, p[2] || `Phase ${p[1]}`, where, null, false);
      task = null;
      continue;
    }
    const h = HEADING.exec(text);
    if (h) {
      if (h[1] === "#" && b.title === null) b.title = h[2]!;
      // A sub-heading inside a phase ("### Tests for User Story 1") keeps the phase.
      if (h[1]!.length <= 2) {
        phase = null;
        task = null;
      }
      continue;
    }
    const t = TASK.exec(text);
    if (t) {
      const box: Checkbox = { offset: line.start + text.indexOf("[") + 1, state: state(t[2]!) };
      if (!phase) phase = b.addGroup(String(b.groups.length + 1), "Tasks", where, null, false);
      let rest = t[4]!;
      const labels: string[] = [];
      for (let m = /^\[([^\]]+)\][ \t]*/.exec(rest); m; m = /^\[([^\]]+)\][ \t]*/.exec(rest)) {
        labels.push(m[1]!);
        rest = rest.slice(m[0].length);
      }
      const column = text.indexOf(t[3]!) + 1;
      task = b.addTask(phase, null, t[3]!, rest.trim(), { line: line.number, column }, box, false);
      const refs = [
        ...labels.filter((l) => /^US\d+$/i.test(l)).map((l) => l.toUpperCase()),
        ...[...rest.matchAll(/\b(FR-\d+)\b/g)].map((m) => m[1]!),
      ];
      if (refs.length > 0) b.addRefs(task, refs, [], where);
      if (labels.includes("P")) task.details.push("parallel [P]");
      continue;
    }
    const c = CHECKPOINT.exec(text);
    if (c && phase) {
      const title = `Checkpoint - ${c[1]!.replace(/\*\*/g, "").trim()}`;
      // The title carries the line's text, so a command it names is found there.
      b.addGroup(`cp${phase.id}`, title, where, null, false);
      phase = null;
      task = null;
      continue;
    }
    const detail = /^\s+[-*+][ \t]+(.*)$/.exec(text);
    if (detail && task) b.addDetail(task, detail[1]!, where);
  }
  return b.finish("speckit");
}
