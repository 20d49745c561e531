// The part of design.md a group's work needs: the whole file when it is small, else the
// sections that mention what the group's tasks name, within a fixed budget. Pure.

import { type FenceOpen, fenceCloses, fenceOpen } from "../markdown/syntax.ts";

/** Headings and fences count at the top level only (up to three spaces of indent). */
const TOP_LEVEL = { maxIndent: 3 };

/** A design at most this long goes in whole. */
export const WHOLE_DESIGN_CHARS = 8000;
/** The excerpt of a larger design stops at this many characters. */
export const DESIGN_BUDGET = 12_000;

interface Section {
  heading: string;
  text: string;
}

/** Splits Markdown at ATX headings (outside fences); the text before the first is "(top)". */
function sections(text: string): Section[] {
  const out: Section[] = [];
  let current: Section = { heading: "(top)", text: "" };
  let fence: FenceOpen | null = null;
  for (const line of text.split("\n")) {
    let heading: string | null = null;
    if (fence) {
      if (fenceCloses(line, fence, TOP_LEVEL)) fence = null;
    } else {
      fence = fenceOpen(line, TOP_LEVEL);
      heading = fence ? null : headingText(line);
    }
    if (heading !== null) {
      if (current.text.trim() !== "") out.push(current);
      current = { heading, text: "" };
    }
    current.text += `${line}\n`;
  }
  if (current.text.trim() !== "") out.push(current);
  return out;
}

/** The text of an ATX heading line (`## Title ##` -> `Title`), or null. */
function headingText(line: string): string | null {
  const m = /^ {0,3}(#{1,6})(?:[ \t]|$)/.exec(line);
  if (!m) return null;
  let text = line.slice(m[0].length).trim();
  // A closing sequence of #s (after a space, or alone) is not part of the title.
  let end = text.length;
  while (end > 0 && text[end - 1] === "#") end--;
  if (end < text.length && (end === 0 || text[end - 1] === " " || text[end - 1] === "\t")) {
    text = text.slice(0, end).trim();
  }
  return text;
}

export interface DesignExcerpt {
  path: string;
  whole: boolean;
  sections: string[];
  text: string;
}

/** The design's text for a brief: whole when small, else the sections naming any of `names`. */
export function designExcerpt(
  design: { path: string; text: string },
  names: string[],
): DesignExcerpt {
  if (design.text.length <= WHOLE_DESIGN_CHARS) {
    return { path: design.path, whole: true, sections: [], text: design.text };
  }
  const wanted = names.filter((n) => n.length >= 3);
  const picked: Section[] = [];
  let size = 0;
  for (const s of sections(design.text)) {
    if (!wanted.some((n) => s.text.includes(n))) continue;
    if (size + s.text.length > DESIGN_BUDGET) {
      const room = DESIGN_BUDGET - size;
      if (room > 200)
        picked.push({ heading: s.heading, text: `${s.text.slice(0, room)}\n[… cut]\n` });
      break;
    }
    picked.push(s);
    size += s.text.length;
  }
  return {
    path: design.path,
    whole: false,
    sections: picked.map((s) => s.heading),
    text: picked.map((s) => s.text).join("\n"),
  };
}
