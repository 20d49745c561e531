// The built-in fixer that needs no model: a plan often spells out mechanical edits
// ("Replace `A` with `B`", "Use `B` instead of `A`", "Rename `A` to `B`", "Add `line` to
// Cargo.toml", "Remove `A`"). Those are applied as exact-token edits, only in files
// under the directories the plan's commands and design name; anything that cannot be
// applied unambiguously is skipped with the reason. Pure: the caller lists and reads the
// files and writes the results.
import type { Group, Plan, Task } from "../plan/model.ts";

export type Instruction =
  | { kind: "replace"; from: string; to: string; where: Source }
  | { kind: "add"; text: string; file: string; section: string | null; where: Source }
  | { kind: "remove"; token: string; where: Source };

/** The plan line an instruction came from. */
export interface Source {
  task: string;
  text: string;
}

export interface AppliedEdit {
  instruction: Instruction;
  files: { path: string; count: number }[];
}

export interface SkippedEdit {
  instruction: Instruction;
  reason: string;
}

export interface PlanEditsResult {
  /** New text of every file that changed. */
  changed: Map<string, string>;
  applied: AppliedEdit[];
  skipped: SkippedEdit[];
}

// ---- reading instructions --------------------------------------------------------------

const SPAN = "`([^`\\n]{1,500})`";
const PATTERNS: { re: RegExp; make: (m: RegExpExecArray, where: Source) => Instruction | null }[] =
  [
    {
      re: new RegExp(`^(?:replace|change) ${SPAN} (?:with|to|by) ${SPAN}`, "i"),
      make: (m, where) => ({ kind: "replace", from: m[1] ?? "", to: m[2] ?? "", where }),
    },
    {
      re: new RegExp(`^use ${SPAN} instead of ${SPAN}`, "i"),
      make: (m, where) => ({ kind: "replace", from: m[2] ?? "", to: m[1] ?? "", where }),
    },
    {
      re: new RegExp(`^rename ${SPAN} to ${SPAN}`, "i"),
      make: (m, where) => ({ kind: "replace", from: m[1] ?? "", to: m[2] ?? "", where }),
    },
    {
      re: new RegExp(`^(?:remove|delete) (?:the |a |an )?(?:[a-z-]{1,30} ){0,3}${SPAN}`, "i"),
      make: (m, where) => ({ kind: "remove", token: m[1] ?? "", where }),
    },
  ];

/** `Add \`X\` to \`F\``, `Add \`X\` to the dependencies section` (file from the task title). */
const ADD = new RegExp(
  `^add ${SPAN} to (?:the )?(?:${SPAN}|([a-z][\\w.-]{0,40})(?: (section|table|block))?)`,
  "i",
);
/** A file name in prose: `Cargo.toml`, `package.json`, `src/lib.rs`. */
const FILE_WORD =
  /(?:^|[\s(])((?:[\w.-]{1,80}\/){0,8}[\w-]{1,80}\.(?:toml|json|ya?ml|rs|ts|js|py|go|md|txt|cfg|ini|lock))\b/;

/** The mechanical instructions of a group's tasks, in plan order. */
export function instructionsOf(group: Group): Instruction[] {
  const out: Instruction[] = [];
  for (const task of group.tasks) {
    for (const line of [task.title, ...task.details]) {
      const text = line.trim().slice(0, 2000);
      const where = { task: task.id, text };
      const add = addInstruction(text, task, where);
      if (add) {
        out.push(add);
        continue;
      }
      for (const p of PATTERNS) {
        const m = p.re.exec(text);
        const instruction = m ? p.make(m, where) : null;
        if (instruction) {
          out.push(instruction);
          break;
        }
      }
    }
  }
  return out;
}

function addInstruction(text: string, task: Task, where: Source): Instruction | null {
  const m = ADD.exec(text);
  if (!m) return null;
  const line = m[1] ?? "";
  // The file: a code span after "to", else a file name in the line or the task title.
  const file = m[2] ?? FILE_WORD.exec(text)?.[1] ?? fileInTitle(task.title);
  if (!file) return null;
  const section = m[2] === undefined && m[4] !== undefined ? (m[3] ?? null) : null;
  return { kind: "add", text: line, file, section, where };
}

/** `Add x to dx-py-interpreter Cargo.toml` -> `dx-py-interpreter/Cargo.toml`. */
function fileInTitle(title: string): string | null {
  const m =
    /(?:^|\s)([\w.-]{1,80}) ((?:[\w.-]{1,80}\/){0,8}[\w-]{1,80}\.(?:toml|json|ya?ml|txt|cfg|ini))\b/.exec(
      title,
    );
  if (m) return `${m[1] ?? ""}/${m[2] ?? ""}`;
  return FILE_WORD.exec(title)?.[1] ?? null;
}

// ---- where edits may land --------------------------------------------------------------

/**
 * The directories edits may touch: the working directories of the plan's commands and
 * every repository directory the design or the plan names by its path or its name.
 * Empty when none is named: then every file (but the plan's own folder) is in scope.
 */
export function scopeDirs(
  plan: Plan,
  texts: readonly string[],
  files: readonly string[],
): string[] {
  const dirs = new Set<string>();
  for (const g of plan.groups) {
    for (const c of [...g.commands, ...g.tasks.flatMap((t) => t.commands)]) {
      if (c.cwd && c.cwd !== ".") dirs.add(c.cwd.replace(/^\.\/|\/+$/g, ""));
    }
  }
  const known = new Set<string>();
  for (const f of files) {
    const parts = f.split("/");
    for (let i = 1; i < parts.length; i++) known.add(parts.slice(0, i).join("/"));
  }
  // A directory is named by its path, or by a name that cannot be an English word
  // (`dx-py-interpreter`, `src/jit`); a plain word counts only inside a code span, so
  // "fixes all errors" does not name a `fixes/` folder.
  const words = new Set<string>();
  for (const t of texts) {
    for (const span of t.matchAll(/`([^`\n]{1,500})`/g)) {
      for (const w of (span[1] ?? "").matchAll(/[\w./-]{2,200}/g))
        words.add(w[0].replace(/[./]+$/, ""));
    }
    for (const w of t.matchAll(/[\w./-]{2,200}/g)) {
      if (/[-_/.]/.test(w[0])) words.add(w[0].replace(/[./]+$/, ""));
    }
  }
  for (const d of known) {
    const base = d.slice(d.lastIndexOf("/") + 1);
    if (words.has(d) || (base.length >= 4 && words.has(base))) dirs.add(d);
  }
  return [...dirs].sort();
}

function inScope(path: string, dirs: readonly string[], excluded: readonly string[]): boolean {
  if (excluded.some((e) => path === e || path.startsWith(`${e}/`))) return false;
  return dirs.length === 0 || dirs.some((d) => path.startsWith(`${d}/`));
}

// ---- applying --------------------------------------------------------------------------

const IDENT = /[A-Za-z0-9_]/;

/** Offsets of `token` in `text` that are not part of a longer identifier. */
export function tokenOffsets(text: string, token: string): number[] {
  const offsets: number[] = [];
  if (token === "") return offsets;
  const wordStart = IDENT.test(token[0] ?? "");
  const wordEnd = IDENT.test(token[token.length - 1] ?? "");
  let at = text.indexOf(token);
  while (at !== -1) {
    const before = text[at - 1] ?? "";
    const after = text[at + token.length] ?? "";
    if (!(wordStart && IDENT.test(before)) && !(wordEnd && IDENT.test(after))) offsets.push(at);
    at = text.indexOf(token, at + token.length);
  }
  return offsets;
}

function replaceAt(text: string, offsets: number[], length: number, by: string): string {
  let out = "";
  let last = 0;
  for (const at of offsets) {
    out += text.slice(last, at) + by;
    last = at + length;
  }
  return out + text.slice(last);
}

export interface PlanEditsInput {
  instructions: Instruction[];
  /** Text of every candidate file (repository-relative paths). */
  files: Map<string, string>;
  dirs: string[];
  /** Folders never edited (the plan's own spec folder, .github). */
  excluded: string[];
}

export function applyPlanEdits(input: PlanEditsInput): PlanEditsResult {
  const texts = new Map(input.files);
  const changed = new Map<string, string>();
  const applied: AppliedEdit[] = [];
  const skipped: SkippedEdit[] = [];
  const paths = [...texts.keys()].filter((p) => inScope(p, input.dirs, input.excluded)).sort();
  for (const instruction of input.instructions) {
    const outcome =
      instruction.kind === "add"
        ? addLine(instruction, paths, texts)
        : replaceToken(instruction, paths, texts);
    if ("reason" in outcome) {
      skipped.push({ instruction, reason: outcome.reason });
      continue;
    }
    for (const [path, text] of outcome.texts) {
      texts.set(path, text);
      changed.set(path, text);
    }
    applied.push({ instruction, files: outcome.files });
  }
  return { changed, applied, skipped };
}

type Outcome = { texts: Map<string, string>; files: AppliedEdit["files"] } | { reason: string };

function replaceToken(
  instruction: Extract<Instruction, { kind: "replace" | "remove" }>,
  paths: string[],
  texts: Map<string, string>,
): Outcome {
  const from = instruction.kind === "replace" ? instruction.from : instruction.token;
  const to = instruction.kind === "replace" ? instruction.to : "";
  if (from.trim().length < 3) return { reason: `\`${from}\` is too short to edit safely` };
  if (instruction.kind === "replace" && from === to) return { reason: "nothing to change" };
  const out = new Map<string, string>();
  const files: AppliedEdit["files"] = [];
  for (const path of paths) {
    const text = texts.get(path) ?? "";
    const offsets = tokenOffsets(text, from);
    if (offsets.length === 0) continue;
    out.set(
      path,
      instruction.kind === "remove"
        ? removeToken(text, offsets, from)
        : replaceAt(text, offsets, from.length, to),
    );
    files.push({ path, count: offsets.length });
  }
  if (files.length === 0) return { reason: `\`${from}\` does not occur in the files in scope` };
  return { texts: out, files };
}

/** Removes the token; a line that held only the token (and punctuation) goes whole. */
function removeToken(text: string, offsets: number[], token: string): string {
  let out = replaceAt(text, offsets, token.length, "\u0000");
  out = out.replace(/^[ \t]*\u0000[ \t;,]*\r?\n/gm, "");
  return out.replaceAll("\u0000", "");
}

function addLine(
  instruction: Extract<Instruction, { kind: "add" }>,
  paths: string[],
  texts: Map<string, string>,
): Outcome {
  const wanted = instruction.file.replace(/^\.\//, "");
  const matches = paths.filter((p) => p === wanted || p.endsWith(`/${wanted}`));
  if (matches.length !== 1) {
    return {
      reason:
        matches.length === 0
          ? `no file ${wanted} in scope`
          : `${wanted} is ambiguous (${matches.slice(0, 5).join(", ")})`,
    };
  }
  const path = matches[0] ?? wanted;
  const text = texts.get(path) ?? "";
  if (text.split(/\r?\n/).some((l) => l.trim() === instruction.text.trim())) {
    return { reason: `${path} already has that line` };
  }
  const next = insertLine(text, instruction.text, instruction.section);
  if (next === null) return { reason: `${path} has no [${instruction.section}] section` };
  return { texts: new Map([[path, next]]), files: [{ path, count: 1 }] };
}

/** Appends `line` to the end of `[section]` (TOML/INI style), or to the file. */
function insertLine(text: string, line: string, section: string | null): string | null {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(/\r?\n/);
  const trailing = lines.at(-1) === "";
  if (trailing) lines.pop();
  let at = lines.length;
  if (section !== null) {
    const start = lines.findIndex((l) => l.trim() === `[${section}]`);
    if (start === -1) return null;
    let end = start + 1;
    while (end < lines.length && !/^\s*\[/.test(lines[end] ?? "")) end++;
    at = end;
    while (at > start + 1 && (lines[at - 1] ?? "").trim() === "") at--;
  }
  lines.splice(at, 0, line);
  return lines.join(eol) + (trailing ? eol : "");
}

/** One line per edit, for the PR body and the fix log. */
export function describeEdits(result: PlanEditsResult): string[] {
  const what = (i: Instruction) =>
    i.kind === "replace"
      ? `replace \`${i.from}\` with \`${i.to}\``
      : i.kind === "remove"
        ? `remove \`${i.token}\``
        : `add \`${i.text}\` to ${i.file}${i.section ? ` [${i.section}]` : ""}`;
  return [
    ...result.applied.map(
      (a) =>
        `applied (task ${a.instruction.where.task}): ${what(a.instruction)} in ${a.files.map((f) => `${f.path} (${f.count})`).join(", ")}`,
    ),
    ...result.skipped.map(
      (s) => `skipped (task ${s.instruction.where.task}): ${what(s.instruction)}: ${s.reason}`,
    ),
  ];
}
