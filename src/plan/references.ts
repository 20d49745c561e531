// What a detail line says about requirements: `_Requirements: 1.1, FR-2.1_`, `Validates:`
// lines and `Property N:` headings, in every language of keywords.ts. Pure string
// functions, shared by every plan format.
import { COLON, wordsPattern } from "./keywords.ts";
import { stripEmphasis } from "./text.ts";

/** A criterion or requirement id: `1.2`, `3`, or prefixed `FR-1.1`, `NFR-2`, `AC-4`, `US-2.1`. */
const ID = /^(?:[A-Za-z]{1,12}-)?\d+(?:\.\d+)*$/;
const SIMPLE_LIST = /^\s*\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*\s*$/;
// 1 prefix, 2 number, 3 prefix, 4 number. Ids are letters, a dash, digits and dots, so
// no two quantifiers here compete for the same characters.
const RANGE =
  /^(?:([A-Za-z]{1,12})-)?(\d+(?:\.\d+)*)\s*(?:-|–|—|~|～|〜|\.\.|to|至|到|a|bis|à)\s*(?:([A-Za-z]{1,12})-)?(\d+(?:\.\d+)*)$/i;
const LIST_SEPARATORS = /[,;，、；]|\s(?:and|und|et|y|e|和|及|と|및)\s|\s&\s/i;
// `Requirement 2`, not the `REQ` of `REQ-3.2`.
const PIECE_PREFIX = new RegExp(
  `^(?:${wordsPattern("requirements")}|(?i:criteria|criterion|acceptance criteria))(?!-)\\s*`,
  "u",
);

/** The ids of `from`..`to` (`3.1-3.4`, `3.1-4`, `FR-001 to FR-005`), or null. */
function expandRange(piece: string): string[] | null {
  const m = RANGE.exec(piece);
  if (!m) return null;
  const [, prefixFrom, from = "", prefixTo, to = ""] = m;
  if (prefixTo !== undefined && prefixTo !== prefixFrom) return null;
  const a = from.split(".");
  const b = to.split(".");
  const headA = a.slice(0, -1).join(".");
  // `3.1-3.4` and the shorthand `3.1-4` both mean 3.1..3.4.
  const head = b.length === 1 ? headA : b.slice(0, -1).join(".");
  const lastA = a.at(-1) ?? "";
  const first = Number(lastA);
  const last = Number(b.at(-1));
  if ((head !== headA && b.length !== 1) || last < first || last - first >= 1000) return null;
  // `FR-001 to FR-005` keeps its zero padding.
  const width = lastA.startsWith("0") ? lastA.length : 0;
  const lead = prefixFrom ? `${prefixFrom}-` : "";
  const ids: string[] = [];
  for (let k = first; k <= last; k++) {
    const n = String(k).padStart(width, "0");
    ids.push(`${lead}${head ? `${head}.` : ""}${n}`);
  }
  return ids;
}

/** Expands `1.1, 1.2`, `3.1-3.4`, `FR-1.1-FR-1.3`, `1.1 and 1.2` into ids, in order, unique. */
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
    .split(LIST_SEPARATORS)
    .map((p) => p.trim().replace(/[.。]$/, ""))
    .filter((p) => p.length > 0);
  for (const piece of pieces) {
    const id = piece.replace(PIECE_PREFIX, "");
    const range = expandRange(id);
    if (range) ids.push(...range);
    else if (ID.test(id)) ids.push(id);
    else rejected.push(piece);
  }
  return { ids: [...new Set(ids)], rejected };
}

export interface Reference {
  ids: string[];
  rejected: string[];
}

const REQUIREMENT_WORD = new RegExp(wordsPattern("requirements"), "u");
// 1 the list. Run on most detail lines: the cheap REQUIREMENT_WORD test goes first.
const REQUIREMENTS = new RegExp(`^${wordsPattern("requirements")}(${COLON})?\\s*(.*)$`, "u");
// `Implement the parser. _Requirements: 1.2, 1.3_`: a reference after other text needs its colon.
const INLINE_REQUIREMENTS = new RegExp(`[\\s(（]${wordsPattern("requirements")}${COLON}`, "gu");
const LIST_START = /^\s*(?:[\d(]|[A-Za-z]{1,12}-\d)/;
const REQUIREMENT_START = new RegExp(`^\\s*${wordsPattern("requirements")}`, "u");

/** `_Requirements: 1.1, 1.2_` with or without emphasis, in any language; null for anything else. */
export function requirementReference(text: string): Reference | null {
  if (!REQUIREMENT_WORD.test(text)) return null;
  const t = text.replace(/[*_]+/g, "").trim();
  const m = REQUIREMENTS.exec(t);
  const lead = m?.[2];
  // `Requirements: <anything>` at the start is a reference even when unreadable (it is
  // then reported); elsewhere in a line only a list of ids is.
  if (lead !== undefined && m?.[1] !== undefined && lead.trim() !== "") {
    return parseIdList(lead.replace(/[(（][^)）]*[)）]/g, " "));
  }
  if (lead !== undefined) {
    return LIST_START.test(lead) || REQUIREMENT_START.test(lead)
      ? parseIdList(lead.replace(/[()（）]/g, " "))
      : null;
  }
  return inlineReference(t);
}

/** The last `Requirements:` after other text, when all that follows is a list of ids. */
function inlineReference(t: string): Reference | null {
  let end = -1;
  INLINE_REQUIREMENTS.lastIndex = 0;
  for (let m = INLINE_REQUIREMENTS.exec(t); m; m = INLINE_REQUIREMENTS.exec(t)) {
    end = m.index + m[0].length;
  }
  if (end === -1) return null;
  const list = t.slice(end).replace(/[)）]\s*$/, "");
  if (!LIST_START.test(list)) return null;
  const refs = parseIdList(list.replace(/[()（）]/g, " "));
  return refs.rejected.length === 0 && refs.ids.length > 0 ? refs : null;
}

// 1 the requirements word, 2 the list.
const VALIDATES = new RegExp(
  `^${wordsPattern("validates")}${COLON}?\\s*(?:\\*\\*|__)?\\s*(${wordsPattern("requirements")}${COLON}?)?\\s*(.*)$`,
  "u",
);
const VALIDATES_WORD = new RegExp(wordsPattern("validates"), "u");

/** `**Validates: Requirements 5.2**`, `验证: 需求 2.9`, `**Valida: Requisitos 1.2**`. */
export function validatesReference(text: string): Reference | null {
  if (!VALIDATES_WORD.test(text)) return null;
  const t = text.replace(/[*_]+/g, "").trim();
  const m = VALIDATES.exec(t);
  const list = m?.[2];
  // `Validation: run the suite` is not a reference: without the requirements word, ids must follow.
  if (list === undefined || (m?.[1] === undefined && !LIST_START.test(list))) return null;
  return parseIdList(list);
}

const PROPERTY = new RegExp(
  `^\\**_?${wordsPattern("property")}\\s*(\\d+)\\s*[:：.\\-–—](.*)$`,
  "u",
);
const PROPERTY_WORD = new RegExp(wordsPattern("property"), "u");
const CLAUSE_LEAD = new Set([..." \t-–—(（*"]);

/** `**Property 1: Function ID Mapping Consistency**`; a trailing validates clause is split off. */
export function propertyHeading(
  text: string,
): { id: string; title: string; validates: string[] | null } | null {
  if (!PROPERTY_WORD.test(text)) return null;
  const t = stripEmphasis(text);
  const m = PROPERTY.exec(t);
  let title = (m?.[2] ?? "").replace(/[*_]+$/g, "").trim();
  if (m?.[1] === undefined || title === "") return null;
  let validates: string[] | null = null;
  // A trailing `- Validates: ...` clause: the word, then back over what leads up to it.
  const v = VALIDATES_WORD.exec(title);
  let at = v?.index ?? -1;
  while (at > 0 && CLAUSE_LEAD.has(title.charAt(at - 1))) at--;
  const clause =
    v && at > 0 ? validatesReference(title.slice(v.index).replace(/[)）]\s*$/, "")) : null;
  if (clause) {
    validates = clause.ids;
    title = title.slice(0, at).replace(/[*_\s]+$/, "");
  }
  return { id: m[1], title, validates };
}
