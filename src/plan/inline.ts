// What a single bullet (or detail line) of a plan says: requirement references,
// properties, commands to run. Pure string functions, shared by every plan format.
import { codeSpans } from "../markdown/syntax.ts";
import { stripEmphasis } from "./text.ts";

const ID = /^\d+(?:\.\d+)*$/;

/** Expands `1.1, 1.2`, `3.1-3.4`, `3.1 to 3.4`, `1.1 and 1.2` into ids, in order, unique. */
const SIMPLE_LIST = /^\s*\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*\s*$/;
const RANGE = /^(?<from>\d+(?:\.\d+)*)\s*(?:-|–|—|\.\.|to)\s*(?<to>\d+(?:\.\d+)*)$/i;

export function parseIdList(list: string): { ids: string[]; rejected: string[] } {
  // Fast path for the common `1.1, 1.2` (plans are mostly this).
  if (SIMPLE_LIST.test(list)) {
    const ids = list.split(",").map((p) => p.trim());
    return { ids: ids.length > 1 ? [...new Set(ids)] : ids, rejected: [] };
  }
  const ids: string[] = [];
  const rejected: string[] = [];
  const pieces = list
    .replace(/[_*`]/g, " ")
    .split(/[,;]|\band\b|\s&\s/i)
    .map((p) => p.trim().replace(/\.$/, ""))
    .filter((p) => p.length > 0);
  for (const piece of pieces) {
    const range = RANGE.exec(piece)?.groups;
    if (range?.from !== undefined && range.to !== undefined) {
      const a = range.from.split(".");
      const b = range.to.split(".");
      const prefixA = a.slice(0, -1).join(".");
      const prefixB = b.slice(0, -1).join(".");
      const from = Number(a.at(-1));
      const to = Number(b.at(-1));
      // `3.1-3.4` and the shorthand `3.1-4` both mean 3.1..3.4.
      const prefix = b.length === 1 ? prefixA : prefixB;
      if ((prefixA === prefixB || b.length === 1) && to >= from && to - from < 1000) {
        for (let k = from; k <= to; k++) ids.push(prefix ? `${prefix}.${k}` : String(k));
        continue;
      }
      rejected.push(piece);
      continue;
    }
    const id = piece.replace(/^(?:requirements?|req\.?|criteria|criterion)\s*/i, "");
    if (ID.test(id)) ids.push(id);
    else rejected.push(piece);
  }
  return { ids: [...new Set(ids)], rejected };
}

interface Reference {
  ids: string[];
  rejected: string[];
}

// Run on most detail lines, so numbered groups (named ones allocate per match): 1 the list.
const REQUIREMENTS = /^(?:requirements?|reqs?)\s*:?\s*(.*)$/i;
// `Implement the parser. _Requirements: 1.2, 1.3_` : a reference after other text needs its colon.
const INLINE_REQUIREMENTS =
  /[\s(]Requirements?\s*:\s*([\d(][\d.,;\s()\-–—&]*(?:and[\d.,\s\-–—]*)*)\)?\s*$/i;
const VALIDATES = /^validates\s*:?\s*(?:\*\*|__)?\s*(?:requirements?\s*:?)?\s*(?<list>.*)$/i;

/** `_Requirements: 1.1, 1.2_` with or without emphasis; null when the text is something else. */
export function requirementReference(text: string): Reference | null {
  if (!/req/i.test(text)) return null;
  const t = text.replace(/[*_]+/g, "").trim();
  const lead = REQUIREMENTS.exec(t)?.[1];
  // `Requirements: <anything>` at the start is a reference even when unreadable (it is
  // then reported); elsewhere in a line only a list of ids is.
  if (lead !== undefined && /:/.test(t.slice(0, t.length - lead.length)) && lead.trim() !== "") {
    return parseIdList(lead.replace(/\([^)]*\)/g, " "));
  }
  const list = lead ?? INLINE_REQUIREMENTS.exec(t)?.[1];
  if (list === undefined || !/^\s*(?:[\d(]|req)/i.test(list)) return null;
  return parseIdList(list.replace(/[()]/g, " "));
}

/** `**Validates: Requirements 5.2**`. */
export function validatesReference(text: string): Reference | null {
  if (!/validates/i.test(text)) return null;
  const t = text.replace(/[*_]+/g, "").trim();
  const list = VALIDATES.exec(t)?.groups?.list;
  return list === undefined ? null : parseIdList(list);
}

const PROPERTY = /^\**_?Property\s+(?<id>\d+)\s*[:.\-–—]\s*(?<title>.+)$/i;

/** `**Property 1: Function ID Mapping Consistency**`; a trailing validates clause is split off. */
export function propertyHeading(
  text: string,
): { id: string; title: string; validates: string[] | null } | null {
  if (!/property/i.test(text)) return null;
  const t = stripEmphasis(text);
  const m = PROPERTY.exec(t)?.groups;
  if (m?.id === undefined || m.title === undefined) return null;
  let title = m.title.replace(/[*_]+$/g, "").trim();
  let validates: string[] | null = null;
  const v = /\s*[-–—(]?\s*\**\s*Validates\s*:?.*$/i.exec(title);
  if (v && v.index > 0) {
    validates =
      validatesReference(title.slice(v.index).replace(/^[\s\-–—(*]+|\)\s*$/g, ""))?.ids ?? [];
    title = title.slice(0, v.index).replace(/[*_\s]+$/, "");
  }
  return { id: m.id, title, validates };
}

const RUN_VERB = /^(?:run|runs|re-run|rerun|execute|exec|invoke|call|build with)\b/i;
const CHECK_VERB = /^(?:ensure|verify|check|confirm|make\s+sure|test\s+that)\b/i;
const OUTCOME =
  /^\W{0,3}(?:\w+\W+){0,4}?(?:succeeds?|succeeded|passes|pass|passing|compiles?|builds?|works|is\s+green|exits?\s+(?:with\s+)?(?:code\s+)?(?:0|zero)|runs?\s+(?:cleanly|without\s+errors?)|(?:must|should|to)\s+(?:pass|succeed|compile|build))\b/i;
// Something a shell can start: a program word followed by arguments, not code like `Foo::bar()`.
const COMMAND_LIKE =
  /^(?:[A-Za-z0-9_./~-]+=\S*\s+)*(?:\.{1,2}\/|~\/|\/)?[A-Za-z0-9_][A-Za-z0-9_./+-]*(?:\s|$)/;
const CODE_LIKE = /::|\(\)|^[A-Z][A-Za-z]+$|^[a-z_]+\(|^\w+\s*=\s*[{[]|=>|->|;$/;

interface FoundCommand {
  run: string;
  cwd: string | null;
  /** Index of the code span in the text. */
  index: number;
}

const OUTCOME_ANY = /succeed|pass|compil|build|work|green|exit|clean|error/i;
const RUN_BEFORE_ANY =
  /\b(?:with|using|via|running|run|execute|executing|invoke|invoking)\s*:?\s*`/i;
const RUN_BEFORE = /\b(?:with|using|via|running|run|execute|executing|invoke|invoking)\s*:?\s*$/i;

const CWD =
  /\b(?:in|from|under|inside|within)\s+(?:the\s+)?(?:`([^`]+)`|(?!the\b)([^\s`,;]+))\s+(?:directory|folder|dir|workspace)\b/i;
const CWD_PREFIX =
  /\b(?:in|from|inside)\s+(?:the\s+)?(?:directory|folder|dir)\s+(?:`([^`]+)`|([^\s`,;]+))/i;

/** Commands a bullet asks to be run or to succeed, with the directory it names. */
export function commandsIn(text: string): FoundCommand[] {
  if (!text.includes("`")) return [];
  const body = text.replace(/^[\s*_]+/, "");
  const runVerb = RUN_VERB.test(body);
  const checkVerb = CHECK_VERB.test(body);
  // Most backticked bullets name code (`Update \`src/x.rs\``): leave them before scanning spans.
  if (!runVerb && !RUN_BEFORE_ANY.test(body) && !OUTCOME_ANY.test(body)) return [];
  const { spans } = codeSpans(body);
  if (spans.length === 0) return [];
  // Without a verb, only `program args` followed by an outcome word (`npm test` passes).
  const verbless = !runVerb && !checkVerb && !/^\W*`/.test(body);
  const cwdMatch = CWD.exec(body) ?? CWD_PREFIX.exec(body);
  const cwd = cwdMatch ? (cwdMatch[1] ?? cwdMatch[2] ?? null) : null;
  const found: FoundCommand[] = [];
  for (const span of spans) {
    const run = span.content.trim();
    if (cwd !== null && cwdMatch?.[1] === span.content) continue;
    if (!COMMAND_LIKE.test(run) || CODE_LIKE.test(run)) continue;
    const before = body.slice(0, span.start);
    if (verbless && !/\s/.test(run) && !RUN_BEFORE.test(before)) continue;
    const after = body.slice(span.end);
    // `Verify with \`x\``, `Ensure tests pass by running \`x\``: the span is what to run.
    const introduced = RUN_BEFORE.test(before);
    // A bullet starting with the command itself (`cargo test` passes) needs an outcome word.
    if (!runVerb && !introduced && !OUTCOME.test(after)) continue;
    found.push({ run, cwd: cwd ? cwd.replace(/\/+$/, "") || "." : null, index: span.start });
  }
  return found;
}

/** A bullet that only checks an outcome (`Verify zero compilation errors`). */
export function isCheckOnly(text: string): boolean {
  return CHECK_VERB.test(text.replace(/^[\s*_]+/, ""));
}

const SHELL_LANGS = new Set([
  "sh",
  "bash",
  "shell",
  "zsh",
  "console",
  "shell-session",
  "shellsession",
]);

export function isShellFence(info: string): boolean {
  return SHELL_LANGS.has(info.toLowerCase());
}

/** Commands of a fenced shell block: one per line, `\` continuations joined, prompts and comments dropped. */
export function fenceCommands(lines: string[], info = "bash"): { run: string; index: number }[] {
  // A console transcript mixes commands (`$ make`) with their output: only prompts count.
  const transcript = /^(?:console|shell-session|shellsession)$/i.test(info);
  const out: { run: string; index: number }[] = [];
  let pending = "";
  let pendingIndex = 0;
  lines.forEach((raw, index) => {
    let t = raw.trim();
    if (pending === "") {
      if (t === "" || t.startsWith("#")) return;
      if (transcript && !/^[$>]\s/.test(t)) return;
      t = t.replace(/^[$>]\s+/, "");
      pendingIndex = index;
    }
    if (t.endsWith("\\")) {
      pending += `${t.slice(0, -1).trim()} `;
      return;
    }
    out.push({ run: (pending + t).trim(), index: pendingIndex });
    pending = "";
  });
  if (pending.trim()) out.push({ run: pending.trim(), index: pendingIndex });
  return out;
}
