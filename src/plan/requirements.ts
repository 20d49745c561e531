// Kiro requirements.md -> criteria. `### Requirement N: Title`, a user story, then
// `#### Acceptance Criteria` with a numbered list; criterion k of requirement N is N.k.
import { type FenceOpen, fenceCloses, fenceOpen } from "../markdown/syntax.ts";
import type { Criterion, Diagnostic, Requirement, RequirementsDoc } from "./model.ts";
import { hashRun, headingText, isBlank, type Line, runEndAfter, splitLines } from "./text.ts";

const REQUIREMENT =
  /^(?:\*\*)?Requirement\s+(?<id>\d+(?:\.\d+)*)\s*(?:[:.\-–—]\s*(?<title>.*?))?(?:\*\*)?$/i;
const ITEM = /^\s{0,3}(?<n>\d+)[.)][ \t]+(?<text>.*)$/;
const STORY = /^\s*(?:\*\*|__)?User Story:?(?:\*\*|__)?:?\s*(?<text>.*)$/i;

/** What the reader remembers between lines. */
interface ReadState {
  readonly file: string | null;
  readonly diagnostics: Diagnostic[];
  readonly requirements: Requirement[];
  /** Requirement ids seen so far, and each requirement's criterion ids. */
  readonly ids: Set<string>;
  readonly criterionIds: Map<Requirement, Set<string>>;
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
    criterionIds: new Map(),
    title: null,
    current: null,
    inCriteria: false,
    last: null,
    fence: null,
  };
  for (const line of splitLines(source)) readLine(s, line);
  if (s.requirements.length === 0) {
    const message = "no `### Requirement N: Title` headings found";
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
  if (!current) return;
  const story = STORY.exec(text)?.groups?.text;
  if (story !== undefined && current.userStory === null && !s.inCriteria) {
    current.userStory = story.trim();
    return;
  }
  if (s.inCriteria) criterionLine(s, current, line);
}

function heading(s: ReadState, level: number, text: string, lineNumber: number): void {
  if (s.title === null && level === 1) s.title = text;
  const r = REQUIREMENT.exec(text)?.groups;
  if (r?.id) {
    const requirement: Requirement = {
      id: r.id,
      title: (r.title ?? "").trim(),
      userStory: null,
      criteria: [],
      line: lineNumber,
    };
    if (s.ids.has(requirement.id)) {
      const message = `requirement ${requirement.id} is defined twice`;
      s.diagnostics.push({
        severity: "error",
        code: "duplicate-id",
        message,
        ...at(s, lineNumber),
      });
    }
    s.requirements.push(requirement);
    s.ids.add(requirement.id);
    s.current = requirement;
    s.inCriteria = false;
    s.last = null;
  } else if (s.current && /acceptance\s+criteria/i.test(text)) {
    s.inCriteria = true;
  } else if (level <= 3) {
    s.current = null;
    s.inCriteria = false;
  }
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

/** A numbered criterion, or a continuation line of the last one. */
function criterionLine(s: ReadState, current: Requirement, line: Line): void {
  const item = ITEM.exec(line.text)?.groups;
  if (item?.n === undefined) {
    if (s.last && /^\s+\S/.test(line.text)) s.last.text += ` ${line.text.trim()}`;
    return;
  }
  const criterion: Criterion = {
    id: `${current.id}.${item.n}`,
    text: (item.text ?? "").trim(),
    requirement: current.id,
    line: line.number,
  };
  s.last = criterion;
  // Ids seen, in Sets: a `some` over the list per line was quadratic on long documents.
  const seen = s.criterionIds.get(current) ?? new Set<string>();
  s.criterionIds.set(current, seen);
  if (seen.has(criterion.id)) {
    const message = `criterion ${criterion.id} is numbered twice`;
    s.diagnostics.push({ severity: "error", code: "duplicate-id", message, ...at(s, line.number) });
  } else {
    current.criteria.push(criterion);
    seen.add(criterion.id);
  }
}
