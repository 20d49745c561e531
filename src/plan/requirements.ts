// requirements.md (and Spec Kit's spec.md) -> criteria. Kiro: `### Requirement N: Title`,
// a user story, then `#### Acceptance Criteria` with a numbered list; criterion k of
// requirement N is N.k. Prefixed ids: `### FR-1: Title` with criteria `FR-1.1` (or
// numbered: FR-1.k), and ids defined on their own (`- **FR-001**: ...`, a table row
// `| NFR-2 | ... |`). Spec Kit: `### User Story 1 - Title` with its acceptance
// scenarios (one criterion US<n>, the scenarios its text: tasks name stories, `[US1]`). Headings and labels in every language of keywords.ts.
import { type FenceOpen, fenceCloses, fenceOpen } from "../markdown/syntax.ts";
import { wordsPattern } from "./keywords.ts";
import type { Criterion, Diagnostic, Requirement, RequirementsDoc } from "./model.ts";
import { hashRun, headingText, isBlank, type Line, runEndAfter, splitLines } from "./text.ts";

const PREFIXED = "[A-Za-z]{1,12}-\\d+(?:\\.\\d+)*";
// 1 id, 2 title: `Requirement 3: Title`, `需求 3：标题`, `FR-1: Title`, `Requirement FR-1 - Title`.
const REQUIREMENT = new RegExp(
  `^(?:\\*\\*)?(?:${wordsPattern("requirements")}\\s*(\\d+(?:\\.\\d+)*|${PREFIXED})|(${PREFIXED}))(?:\\*\\*)?\\s*(?:[:：.\\-–—]\\s*(.*?))?(?:\\*\\*)?$`,
  "u",
);
// 1 number, 2 title: Spec Kit's `User Story 1 - Title (Priority: P1)`.
const USER_STORY = /^User\s+Story\s+(\d+)\s*(?:[:.\-–—]\s*(.*))?$/i;
// `[\s\S]*` rather than `.*` to the end: it cannot fail, so the blanks before it are never retried.
const ITEM = /^ {0,3}(\d+)[.)][ \t]+([\s\S]*)$/;
// 1 list marker, 2 bold, 3 id, 4 separator, 5 text: `- **FR-001**: text`, `1. FR-1.1 text`.
const DEFINITION = new RegExp(
  `^[ \\t]*(?:([-*+]|\\d+[.)])[ \\t]+)?(\\*\\*|__)?(${PREFIXED}|\\d+\\.\\d+(?:\\.\\d+)*)(?:\\*\\*|__)?([:：.)\\-–—]?)(?:\\*\\*|__)?([\\s\\S]*)$`,
  "u",
);
const CRITERIA = new RegExp(`^[*_\\s]*${wordsPattern("criteria")}[*_\\s]*[:：]?[*_\\s]*$`, "u");
const STORY = new RegExp(
  `^\\s*(?:\\*\\*|__)?${wordsPattern("story")}[:：]?(?:\\*\\*|__)?[:：]?\\s*(.*)$`,
  "u",
);

/** What the reader remembers between lines. */
interface ReadState {
  readonly file: string | null;
  readonly diagnostics: Diagnostic[];
  readonly requirements: Requirement[];
  /** Requirement ids seen so far, and every criterion id. */
  readonly ids: Set<string>;
  readonly criterionIds: Set<string>;
  title: string | null;
  current: Requirement | null;
  inCriteria: boolean;
  last: Criterion | null;
  fence: FenceOpen | null;
}

export function parseRequirements(source: string, file: string | null = null): RequirementsDoc {
  const s: ReadState = {
    file,
    diagnostics: [],
    requirements: [],
    ids: new Set(),
    criterionIds: new Set(),
    title: null,
    current: null,
    inCriteria: false,
    last: null,
    fence: null,
  };
  for (const line of splitLines(source)) readLine(s, line);
  if (s.requirements.length === 0) {
    const message =
      "no requirements found (`### Requirement N: Title`, `### FR-1: Title`, `- **FR-001**: ...`)";
    s.diagnostics.push({ severity: "warning", code: "no-requirements", message, ...at(s, 1) });
  }
  return { path: file, title: s.title, requirements: s.requirements, diagnostics: s.diagnostics };
}

function at(s: ReadState, line: number): { file: string | null; line: number; column: number } {
  return { file: s.file, line, column: 1 };
}

function readLine(s: ReadState, line: Line): void {
  const { text } = line;
  if (s.fence) {
    if (fenceCloses(text, s.fence)) s.fence = null;
    return;
  }
  s.fence = fenceOpen(text);
  if (s.fence) return;
  const h = requirementsHeading(text);
  if (h) {
    heading(s, h.level, h.text.trim(), line.number);
    return;
  }
  const current = s.current;
  if (current && !s.inCriteria && CRITERIA.test(text)) {
    s.inCriteria = true;
    return;
  }
  const story = current && !s.inCriteria ? STORY.exec(text)?.[1] : undefined;
  if (current && story !== undefined && current.userStory === null) {
    current.userStory = story.trim();
    return;
  }
  if (current && s.inCriteria) criterionLine(s, current, line);
  else if (text.trimStart().startsWith("|")) tableRow(s, line);
  else definitionLine(s, current, line);
}

function heading(s: ReadState, level: number, text: string, lineNumber: number): void {
  if (s.title === null && level === 1) s.title = text;
  const r = requirementOf(text);
  if (r) {
    startRequirement(s, r.id, r.title, lineNumber);
    // Spec Kit's tasks name a story (`[US1]`), never one of its scenarios.
    if (r.story && s.current) addCriterion(s, s.current, r.id, "", lineNumber);
  } else if (s.current && CRITERIA.test(text)) {
    s.inCriteria = true;
  } else if (level <= 3) {
    s.current = null;
    s.inCriteria = false;
  }
}

/** The id and title a heading gives a requirement, or null. */
function requirementOf(text: string): { id: string; title: string; story: boolean } | null {
  const m = REQUIREMENT.exec(text);
  const id = m?.[1] ?? m?.[2];
  if (m && id) return { id, title: (m[3] ?? "").trim(), story: false };
  const story = USER_STORY.exec(text);
  if (!story?.[1]) return null;
  // `Browse the catalog (Priority: P1)`: the priority is not part of the title.
  const title = (story[2] ?? "").replace(/\s*\(Priority:[^)]*\)\s*$/i, "").trim();
  return { id: `US${story[1]}`, title, story: true };
}

function startRequirement(s: ReadState, id: string, title: string, lineNumber: number): void {
  const requirement: Requirement = { id, title, userStory: null, criteria: [], line: lineNumber };
  if (s.ids.has(id)) {
    const message = `requirement ${id} is defined twice`;
    s.diagnostics.push({ severity: "error", code: "duplicate-id", message, ...at(s, lineNumber) });
  }
  s.requirements.push(requirement);
  s.ids.add(id);
  s.current = requirement;
  s.inCriteria = false;
  s.last = null;
}

/**
 * `^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$` in one pass (the pattern backtracks
 * quadratically on a heading padded with spaces).
 */
function requirementsHeading(text: string): { level: number; text: string } | null {
  const lead = runEndAfter(text, 0, (c) => c === 0x20);
  const end = lead <= 3 ? hashRun(text, lead) : -1;
  if (end === -1 || !isBlank(text.charCodeAt(end))) return null;
  const t = headingText(text, runEndAfter(text, end, isBlank), "blanks-and-hashes");
  return t === null ? null : { level: end - lead, text: t };
}

/** A criterion (numbered, or written with its own id), or a continuation of the last one. */
function criterionLine(s: ReadState, current: Requirement, line: Line): void {
  const story = current.criteria[0];
  if (story && story.id === current.id) {
    // A user story is one criterion: its acceptance scenarios are its text.
    const t = line.text.trim();
    if (t !== "") story.text = story.text ? `${story.text} ${t}` : t;
    return;
  }
  const def = DEFINITION.exec(line.text);
  const id = def?.[3];
  const item = ITEM.exec(line.text);
  // An id of its own (`- FR-1.1: ...`, `1. **1.2** ...`); a bare `1.5 seconds` is prose.
  if (
    def &&
    id &&
    (def[1] || def[2] || def[4]) &&
    (id.includes("-") || id.startsWith(`${current.id}.`))
  ) {
    addCriterion(s, current, id, def[5] ?? "", line.number);
  } else if (item?.[1] !== undefined) {
    addCriterion(s, current, `${current.id}.${item[1]}`, item[2] ?? "", line.number);
  } else if (line.text.trimStart().startsWith("|")) {
    tableRow(s, line);
  } else if (s.last && /^\s+\S/.test(line.text)) {
    s.last.text += ` ${line.text.trim()}`;
  }
}

function addCriterion(
  s: ReadState,
  requirement: Requirement,
  id: string,
  text: string,
  lineNumber: number,
): void {
  const criterion: Criterion = {
    id,
    text: text.replace(/^(?:\*\*|__)|(?:\*\*|__)$/g, "").trim(),
    requirement: requirement.id,
    line: lineNumber,
  };
  s.last = criterion;
  // Ids seen, in a Set: a `some` over the list per line was quadratic on long documents.
  if (s.criterionIds.has(id)) {
    const message = `criterion ${id} is numbered twice`;
    s.diagnostics.push({ severity: "error", code: "duplicate-id", message, ...at(s, lineNumber) });
    return;
  }
  requirement.criteria.push(criterion);
  s.criterionIds.add(id);
}

/**
 * An id defined on its own line (`- **FR-001**: System MUST ...`): a criterion of the
 * requirement it sits in, else a requirement of its own whose one criterion it is.
 */
function definitionLine(s: ReadState, current: Requirement | null, line: Line): void {
  const def = DEFINITION.exec(line.text);
  const id = def?.[3];
  // A list item, a bold id or `ID:`: `FR-1 is discussed below` defines nothing.
  if (!def || !id?.includes("-") || !(def[1] || def[2] || def[4] === ":" || def[4] === "："))
    return;
  define(s, current, id, def[5] ?? "", line.number);
}

function define(
  s: ReadState,
  current: Requirement | null,
  id: string,
  text: string,
  lineNumber: number,
): void {
  if (current && id !== current.id) {
    addCriterion(s, current, id, text, lineNumber);
    return;
  }
  if (s.criterionIds.has(id)) return;
  const own: Requirement = {
    id,
    title: text.trim(),
    userStory: null,
    criteria: [],
    line: lineNumber,
  };
  s.requirements.push(own);
  s.ids.add(id);
  addCriterion(s, own, id, text, lineNumber);
  s.last = null;
}

/** A table row whose first cells hold an id: `| FR-1.1 | The system shall ... | High |`. */
function tableRow(s: ReadState, line: Line): void {
  const cells = line.text
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => c.replace(/[*_`]/g, "").trim());
  const idAt = cells.findIndex((c, i) => i < 2 && /^[A-Za-z]{1,12}-\d+(?:\.\d+)*$/.test(c));
  const id = cells[idAt];
  if (id === undefined) return;
  const text = cells.slice(idAt + 1).find((c) => c.length > 0) ?? "";
  define(s, s.current, id, text, line.number);
}
