// What a single bullet (or detail line) of a plan says: requirement references,
// properties, commands to run. Pure string functions, shared by every plan format.
import { codeSpans } from "../markdown/syntax.ts";

// Requirement references, properties and `Validates:` lines live in references.ts.
export {
  parseIdList,
  propertyHeading,
  requirementReference,
  validatesReference,
} from "./references.ts";

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
