// What each section of a Kiro-style plan is, decided before its items are read: a heading
// that opens a group or task (`## Task 3: title`, `### 3. title`, `## Phase 2: title`),
// a sub-heading inside one, an archive of earlier work, or plain text around a list.
// One pass over the headings (plus one look at each section's items): linear.
import { wordsPattern } from "./keywords.ts";
import type { Item, Section } from "./scanner.ts";

// 1 id, 2 title. `17b` ids need their separator (`17b. title`), so `2x faster` stays prose.
const NUMBER_LETTER = /^(\d+(?:\.\d+)*[a-z])[.:)](?:[ \t]+|$)([\s\S]*)$/;
const NUMBER = /^(\d+(?:\.\d+)*)(?:[.:)](?=[ \t]|$))?(?:[ \t]+|$)([\s\S]*)$/;

/** The number and title of a numbered item (`1. Title`, `2.1 Title`, `3.1: Title`, `17b. Title`). */
export const NUMBERED = {
  exec(text: string): RegExpExecArray | null {
    return NUMBER_LETTER.exec(text) ?? NUMBER.exec(text);
  },
};

/** A heading that opens a group (id without dots, or null for a checkpoint) or a task. */
export interface HeadingNode {
  id: string | null;
  title: string;
  line: number;
  checkpoint: boolean;
}

/** The heading a run of sections belongs to. */
export interface Opener {
  node: HeadingNode;
  level: number;
  /** Struck through or under an archive heading: recorded, not live. */
  setAside: "cancelled" | "archived" | null;
  /** Its sections have numbered items: unnumbered checkboxes there are checklist lines. */
  numberedItems: boolean;
}

export interface SectionRole {
  heading: string | null;
  base: Opener | null;
  /** Items of this section are not live. */
  sink: "cancelled" | "archived" | null;
}

export interface Layout {
  roles: SectionRole[];
  /** Some headings open groups. */
  headingPlan: boolean;
  /** The plan numbers its tasks (in lists or headings). */
  numbered: boolean;
}

const HEADING_WORD = new RegExp(`^${wordsPattern("heading")}\\s*`, "u");
const HEADING_SEPARATOR = /^\s*[.:：)\-–—]\s*/;
const CHECKPOINT = new RegExp(wordsPattern("checkpoint"), "u");
const ARCHIVE = new RegExp(`^[^\\p{L}\\p{N}]*${wordsPattern("archive")}`, "u");

interface Candidate {
  id: string;
  title: string;
  struck: boolean;
}

/** `Task 3: title`, `3. title`, `Phase 2`, `~~Task 4: title~~`: the id and title, or null. */
export function headingCandidate(text: string): Candidate | null {
  let t = text.replace(/^[*_]{1,2}|[*_]{1,2}$/g, "").trim();
  const struck = t.startsWith("~~") && t.indexOf("~~", 2) !== -1;
  if (struck) t = t.replace(/~~/g, "").trim();
  const word = HEADING_WORD.exec(t);
  const rest = word ? t.slice(word[0].length) : t;
  const m = /^\d+(?:\.\d+)*[a-z]?/.exec(rest);
  if (!m) return null;
  const after = rest.slice(m[0].length);
  const sep = HEADING_SEPARATOR.exec(after);
  // Without a word, a bare number needs its separator: `## 2024 roadmap` is not a group.
  if (!sep && !(word && (after === "" || /^\s/.test(after)))) return null;
  if (!sep && !word && !m[0].includes(".")) return null;
  const title = after.slice(sep ? sep[0].length : 0).trim();
  return { id: m[0], title: title || t, struck };
}

/** Whether a section's top-level items are numbered groups (`- [ ] 1. Title`). */
function listGroups(items: readonly Item[], boxed: boolean): boolean {
  let min = Number.POSITIVE_INFINITY;
  for (const it of items) if (it.kind === "bullet" && it.indent < min) min = it.indent;
  return items.some((it) => {
    if (it.kind !== "bullet" || it.indent !== min || (boxed && !it.box)) return false;
    const id = NUMBERED.exec(it.content)?.[1];
    return id !== undefined && !id.includes(".");
  });
}

/** Whether a section has sub-task numbered items (`- [ ] 3.1 text`). */
function dottedItems(items: readonly Item[]): boolean {
  return items.some(
    (it) => it.kind === "bullet" && NUMBERED.exec(it.content)?.[1]?.includes(".") === true,
  );
}

/** Numbered headings that hold other numbered headings (`## Phase 1` over `### Task 1`) are sections. */
function containers(sections: readonly Section[], candidates: (Candidate | null)[]): Set<number> {
  const out = new Set<number>();
  const stack: { level: number; index: number }[] = [];
  sections.forEach((s, i) => {
    const level = s.head?.level ?? 0;
    while ((stack.at(-1)?.level ?? 0) >= level && stack.length > 0) stack.pop();
    const c = candidates[i];
    if (!c || c.id.includes(".")) return;
    for (const open of stack) out.add(open.index);
    stack.length = 0;
    stack.push({ level, index: i });
  });
  return out;
}

export function layOut(sections: readonly Section[], boxed: boolean): Layout {
  const candidates = sections.map((s) => (s.head ? headingCandidate(s.head.text) : null));
  const lists = sections.map((s) => listGroups(s.items, boxed));
  const outer = containers(sections, candidates);
  const nodes = candidates.map((c, i) => (c && !outer.has(i) && !lists[i] ? c : null));
  const headingPlan = nodes.some((c) => c !== null && !c.id.includes("."));
  const roles: SectionRole[] = [];
  let opener: Opener | null = null;
  let archive: number | null = null;
  sections.forEach((s, i) => {
    const head = s.head;
    if (!head) {
      roles.push({ heading: null, base: null, sink: null });
      return;
    }
    if (archive !== null && head.level <= archive) archive = null;
    const c = nodes[i];
    if (archive === null && !c && ARCHIVE.test(head.text)) archive = head.level;
    const checkpoint = headingPlan && !c && !lists[i] && CHECKPOINT.test(head.text);
    if (c || checkpoint) {
      const node = { id: c?.id ?? null, title: c?.title ?? head.text, line: head.line, checkpoint };
      const setAside = archive !== null ? "archived" : c?.struck ? "cancelled" : null;
      opener = { node, level: head.level, setAside, numberedItems: false };
    } else if (opener && head.level <= opener.level) opener = null;
    if (opener && dottedItems(s.items)) opener.numberedItems = true;
    const sink = archive !== null ? "archived" : (opener?.setAside ?? null);
    roles.push({ heading: head.text, base: opener, sink });
  });
  const numbered = headingPlan || lists.some((l, i) => l && roles[i]?.sink === null);
  return { roles, headingPlan, numbered };
}
