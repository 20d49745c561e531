// Kiro requirements.md -> criteria. `### Requirement N: Title`, a user story, then
// `#### Acceptance Criteria` with a numbered list; criterion k of requirement N is N.k.
import type { Criterion, Diagnostic, Requirement, RequirementsDoc } from "./model.ts";
import { type FenceOpen, fenceCloses, fenceOpen } from "../markdown/syntax.ts";
import { splitLines } from "./text.ts";

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const REQUIREMENT = /^(?:\*\*)?Requirement\s+(\d+(?:\.\d+)*)\s*(?:[:.\-–—]\s*(.*?))?(?:\*\*)?$/i;
const ITEM = /^\s{0,3}(\d+)[.)][ \t]+(.*)$/;
const STORY = /^\s*(?:\*\*|__)?User Story:?(?:\*\*|__)?:?\s*(.*)$/i;

export function parseRequirements(source: string, file: string | null = null): RequirementsDoc {
  const diagnostics: Diagnostic[] = [];
  const requirements: Requirement[] = [];
  let title: string | null = null;
  let current: Requirement | null = null;
  let inCriteria = false;
  let last: Criterion | null = null;
  let fence: FenceOpen | null = null;
  for (const line of splitLines(source)) {
    const text = line.text;
    if (fence) {
      if (fenceCloses(text, fence)) fence = null;
      continue;
    }
    const f = fenceOpen(text);
    if (f) {
      fence = f;
      continue;
    }
    const h = HEADING.exec(text);
    if (h) {
      const heading = h[2]!.trim();
      if (title === null && h[1] === "#") title = heading;
      const r = REQUIREMENT.exec(heading);
      if (r) {
        current = {
          id: r[1]!,
          title: (r[2] ?? "").trim(),
          userStory: null,
          criteria: [],
          line: line.number,
        };
        if (requirements.some((x) => x.id === current!.id)) {
          diagnostics.push({
            severity: "error",
            code: "duplicate-id",
            message: `requirement ${current.id} is defined twice`,
            file,
            line: line.number,
            column: 1,
          });
        }
        requirements.push(current);
        inCriteria = false;
        last = null;
      } else if (current && /acceptance\s+criteria/i.test(heading)) {
        inCriteria = true;
      } else if (h[1]!.length <= 3) {
        current = null;
        inCriteria = false;
      }
      continue;
    }
    if (!current) continue;
    const story = STORY.exec(text);
    if (story && current.userStory === null && !inCriteria) {
      current.userStory = story[1]!.trim();
      continue;
    }
    if (!inCriteria) continue;
    const item = ITEM.exec(text);
    if (item) {
      last = {
        id: `${current.id}.${item[1]}`,
        text: item[2]!.trim(),
        requirement: current.id,
        line: line.number,
      };
      if (current.criteria.some((c) => c.id === last!.id)) {
        diagnostics.push({
          severity: "error",
          code: "duplicate-id",
          message: `criterion ${last.id} is numbered twice`,
          file,
          line: line.number,
          column: 1,
        });
      } else current.criteria.push(last);
    } else if (last && /^\s+\S/.test(text)) {
      last.text += ` ${text.trim()}`;
    }
  }
  if (requirements.length === 0) {
    diagnostics.push({
      severity: "warning",
      code: "no-requirements",
      message: "no `### Requirement N: Title` headings found",
      file,
      line: 1,
      column: 1,
    });
  }
  return { path: file, title, requirements, diagnostics };
}
