// What a single bullet (or detail line) of a plan says: requirement references,
// properties, commands to run. Pure string functions, shared by every plan format.
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
