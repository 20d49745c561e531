// The flattened form of a Kiro plan: a copy-paste that lost checkboxes, indentation,
// group numbers and emphasis, and was split at every " -" into new bullets. The
// structure is recovered here and every guess is reported as an info diagnostic.
import { type GroupDraft, PlanBuilder, type TaskDraft, type Where } from "./builder.ts";
import type { Item, Section } from "./kiro.ts";
import type { Plan } from "./model.ts";
import { codeSpans } from "./text.ts";

interface Logical {
  content: string;
  where: Where;
  fence?: { info: string; lines: string[] };
}

const SUBTASK = /^(\d+(?:\.\d+)+)\.?[ \t]+(.*)$/;
const CHECKPOINT = /\bcheck[\s-]?point\b/i;
// `...Cargo.toml-Add \`x\`` : a title glued to its first detail bullet.
const GLUED =
  /^(.*?[^\s-])-((?:Add|Create|Implement|Use|Update|Replace|Fix|Remove|Ensure|Run|Execute|Verify|Write|Handle|Call|Convert|Return|Import|Adapt|Change|Move|Rename|Define|Register|Delete|Set|Make|Check|Test|Document)\b.*)$/;

export function parseFlattened(
  title: string | null,
  sections: Section[],
  file: string | null,
): Plan {
  const b = new PlanBuilder(file, false);
  b.title = title;
  const first = sections.flatMap((s) => s.items)[0];
  b.diag(
    "info",
    "flattened-plan",
    "plan has no checkboxes and no nesting but numbered sub-tasks: read as a flattened copy and its structure recovered",
    { line: first?.lineNumber ?? 1, column: 1 },
  );
  for (const section of sections) {
    if (section.items.some((it) => it.kind === "bullet" && SUBTASK.test(it.content))) {
      readSection(b, join(b, section.items));
    }
  }
  numberGroups(b);
  const plan = b.finish();
  plan.repaired = true;
  return plan;
}

/** Rejoins bullets that were split inside a code span: `cargo build` + `- p x` = `cargo build -p x`. */
function join(b: PlanBuilder, items: Item[]): Logical[] {
  const out: Logical[] = [];
  for (const it of items) {
    const where = { line: it.lineNumber, column: it.contentStart + 1 };
    const prev = out[out.length - 1];
    if (it.kind === "fence") {
      out.push({ content: "", where, fence: it.fence! });
      continue;
    }
    if (prev && !prev.fence && codeSpans(prev.content).unclosed !== -1) {
      const joined = `${prev.content} -${it.content}`;
      b.diag(
        "info",
        "repaired-split",
        `joined this line to line ${prev.where.line}: a code span was split at " -" (now: ${excerpt(joined)})`,
        where,
      );
      prev.content = joined;
      continue;
    }
    out.push({ content: it.content, where });
  }
  const last = out[out.length - 1];
  if (last && codeSpans(last.content).unclosed !== -1) {
    b.diag("warning", "unclosed-backtick", "code span opened with ` is never closed", last.where);
  }
  return out;
}

function excerpt(text: string): string {
  const { spans, unclosed } = codeSpans(text);
  if (unclosed !== -1) return `${text.slice(unclosed, unclosed + 60)}...`;
  const span = spans[spans.length - 1];
  return span ? `\`${span.content}\`` : text.slice(0, 60);
}

function readSection(b: PlanBuilder, items: Logical[]): void {
  let group: GroupDraft | null = null;
  let task: TaskDraft | null = null;
  const majors = new Map<GroupDraft, string>();
  // The last plain detail, which may turn out to be the next group's lost title.
  let lastPlain: { owner: GroupDraft | TaskDraft; text: string; where: Where } | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const owner: GroupDraft | TaskDraft | null = task ?? group;
    if (item.fence) {
      if (owner) b.addFence(owner, item.fence.info, item.fence.lines, item.where);
      continue;
    }
    const c = item.content.trim();
    if (/^-[^\s-]/.test(c)) {
      let title = c.slice(1).trim();
      const next = items[i + 1];
      if (/^(?:final\s+)?check[\s-]?point$/i.test(title) && next && titleLike(next.content)) {
        title = `${title} - ${next.content.trim()}`;
        b.diag("info", "repaired-title", `group title rejoined at " - ": "${title}"`, next.where);
        i++;
      }
      group = lostGroup(b, title, item.where);
      task = null;
      lastPlain = null;
      continue;
    }
    // A group that kept its number (`- 2. Title`, a flat plan written without boxes).
    const numbered = /^(\d+)\.[ \t]+(.+)$/.exec(c);
    if (numbered) {
      group = b.addGroup(numbered[1]!, numbered[2]!.trim(), item.where, null, false);
      majors.set(group, numbered[1]!);
      task = null;
      lastPlain = null;
      continue;
    }
    const sub = SUBTASK.exec(c);
    if (sub) {
      const id = sub[1]!;
      const major = id.split(".")[0]!;
      const accepts =
        group !== null &&
        (majors.get(group) === major ||
          (!majors.has(group) && !CHECKPOINT.test(group.title) && group.tasks.length === 0));
      if (!accepts) {
        if (lastPlain && lastPlain.owner.details.at(-1) === lastPlain.text) {
          lastPlain.owner.details.pop();
          lastPlain.owner.workDetails = Math.max(0, lastPlain.owner.workDetails - 1);
          group = lostGroup(b, lastPlain.text, lastPlain.where, major);
        } else {
          group = b.addGroup(null, `Group ${major}`, item.where, null, false);
          b.diag(
            "warning",
            "missing-group",
            `sub-task ${id} has no group title; "Group ${major}" assumed`,
            item.where,
          );
        }
      }
      const g = group!;
      majors.set(g, major);
      g.id = major;
      let titleText = sub[2]!.trim();
      let glued: string | null = null;
      const m = GLUED.exec(titleText);
      if (m && !m[1]!.includes("`")) {
        titleText = m[1]!;
        glued = m[2]!;
        b.diag(
          "info",
          "repaired-title",
          `task ${id}: title and first detail were glued together; split before "${glued.slice(0, 30)}"`,
          item.where,
        );
      }
      const parentId = id.slice(0, id.lastIndexOf("."));
      const parent = g.tasks.find((t) => t.id === parentId) ?? null;
      task = b.addTask(g, parent, id, titleText, item.where, null, false);
      if (glued) b.addDetail(task, glued, item.where);
      lastPlain = null;
      continue;
    }
    if (!owner) {
      group = lostGroup(b, c, item.where);
      continue;
    }
    const before = owner.details.length;
    b.addDetail(owner, c, item.where);
    lastPlain =
      owner.details.length > before
        ? { owner, text: owner.details.at(-1)!, where: item.where }
        : null;
  }
}

/** A group whose checkbox and number the flattening lost, reported as repaired. */
function lostGroup(b: PlanBuilder, title: string, where: Where, major?: string): GroupDraft {
  const group = b.addGroup(null, title, where, null, false);
  const which = major ? `group ${major}` : "a group";
  b.diag(
    "info",
    "repaired-group",
    `"${title}" starts ${which} (its checkbox and number were lost)`,
    where,
  );
  return group;
}

/** A short Title-Case-ish phrase, not a sentence or an instruction with code. */
function titleLike(text: string): boolean {
  const t = text.trim();
  return /^[A-Z][^`.,;:]*$/.test(t) && t.split(/\s+/).length <= 8;
}

/** Groups with sub-tasks take their number from them; the others the free numbers between. */
function numberGroups(b: PlanBuilder): void {
  let prev = 0;
  const taken = new Set(b.groups.map((g) => g.id).filter((id): id is string => id !== null));
  for (const g of b.groups) {
    if (g.id !== null) {
      prev = Number(g.id);
      continue;
    }
    let n = prev + 1;
    while (taken.has(String(n))) n++;
    g.id = String(n);
    taken.add(g.id);
    prev = n;
    b.diag(
      "info",
      "repaired-number",
      `group "${g.title}" numbered ${g.id} from its place in the plan`,
      g.where,
    );
  }
}
