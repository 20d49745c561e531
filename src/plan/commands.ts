// The commands a line of a plan asks to be run. A line is read twice: by its verb (`Run`,
// `Ensure ... passes`, `Verify with`) for whether it asks to run anything, and span by
// span by the shape of the text (command-shape.ts) for what is a command rather than
// code. Pure string functions, shared by every plan format.
import { codeSpans } from "../markdown/syntax.ts";
import { isBareCommand, type Shape, shapeOf } from "./command-shape.ts";
import { wordsPattern } from "./keywords.ts";

// The verbs, in every language of keywords.ts: `Run`, `运行`, `Ejecutar`, `Lancer`.
const RUN_VERB = new RegExp(`^${wordsPattern("run")}`, "u");
const CHECK_VERB = new RegExp(`^${wordsPattern("check")}`, "u");
// After the last span: `\`npm test\` を実行する`, `\`./gradlew test\` 실행`, `\`mvn verify\` ausführen`.
const RUN_AFTER = new RegExp(`^\\s*${wordsPattern("runAfter")}`, "u");
// Verbs that name running a tool: `Lint with \`biome check .\``, `Type-check using \`tsc\``.
const TOOL_VERB = /^(?:lint|type-?check|format|test|build|compile|bench(?:mark)?)\b/i;
// What a line says of a command that shows it ran well (`passes`, `exits 0`).
const OUTCOME_WORDS = String.raw`(?:succeeds?|succeeded|passes|pass|passing|compiles?|builds?|works|is\s+(?:green|clean)|exits?\s+(?:with\s+)?(?:code\s+)?(?:0|zero)|runs?\s+(?:cleanly|without\s+errors?)|(?:reports?|shows?|prints?|gives?)\s+no\s+(?:errors?|warnings?)|returns?\s+(?:200|0|zero|ok|success)|(?:must|should|to)\s+(?:pass|succeed|compile|build))`;
const OUTCOME = new RegExp(String.raw`^\W{0,3}(?:\w+\W+){0,4}?${OUTCOME_WORDS}\b`, "i");
// The outcome right after the span: `\`pytest\` passes`.
const OUTCOME_NEXT = new RegExp(String.raw`^\W{0,3}${OUTCOME_WORDS}\b`, "i");
const OUTCOME_ANY = /succeed|pass|compil|build|work|green|exit|clean|error|return/i;
// A span introduced as the thing to run: `with \`x\``, `by running \`x\``.
const INTRODUCER =
  /\b(?:with|using|via|running|run|execute|executing|invoke|invoking)\s*(?::\s*)?$/i;
const INTRODUCER_ANY =
  /\b(?:with|using|via|running|run|execute|executing|invoke|invoking)\s*(?::\s*)?`/i;
// `Tests pass: \`npm test\``: the outcome first, then what shows it.
const OUTCOME_BEFORE = /\b(?:pass(?:es)?|succeeds?|green|works?)\s*:\s*$/i;
// Introducers that name a tool only when the line asks to run or check something.
const WEAK_INTRODUCER = /\b(?:with|using|via)\s*(?::\s*)?$/i;

const CWD =
  /\b(?:in|from|under|inside|within)\s+(?:the\s+)?(?:`([^`]+)`|(?!the\b)([^\s`,;]+))\s+(?:directory|folder|dir|workspace)\b/i;
const CWD_PREFIX =
  /\b(?:in|from|inside)\s+(?:the\s+)?(?:directory|folder|dir)\s+(?:`([^`]+)`|([^\s`,;]+))/i;

export interface FoundCommand {
  run: string;
  cwd: string | null;
  /** Index of the command (its code span, or its first character) in the text. */
  index: number;
}

/** What the line as a whole says, read once for all of its spans. */
interface LineSense {
  body: string;
  runVerb: boolean;
  checkVerb: boolean;
  /** Neither verb, and the line does not start with a code span. */
  verbless: boolean;
}

function cwdOf(body: string): { cwd: string | null; span: string | null; index: number } {
  const m = CWD.exec(body) ?? CWD_PREFIX.exec(body);
  if (!m) return { cwd: null, span: null, index: -1 };
  const cwd = m[1] ?? m[2] ?? null;
  return {
    cwd: cwd === null ? null : cwd.replace(/\/+$/, "") || ".",
    span: m[1] ?? null,
    index: m.index,
  };
}

/** Whether a span of shape `shape` is a command in this line, given what precedes and follows it. */
function spanIsCommand(
  sense: LineSense,
  span: { shape: Shape; lone: boolean },
  before: string,
  after: string,
): boolean {
  const { shape } = span;
  if (shape === "other") return false;
  const introduced = INTRODUCER.test(before) || OUTCOME_BEFORE.test(before);
  // `Parse the content with \`x\``: `with` names a tool only on a line that runs or checks.
  const weak = introduced && WEAK_INTRODUCER.test(before);
  // `Switch from \`diesel\` to \`sqlx\``, `build it with \`wasm-pack\``: a program named
  // without arguments is a command only on a line that runs or checks it.
  if (span.lone && sense.verbless && !(introduced && !weak) && !OUTCOME_NEXT.test(after)) {
    return false;
  }
  const asksToRun =
    sense.runVerb ||
    sense.checkVerb ||
    OUTCOME_ANY.test(sense.body) ||
    (TOOL_VERB.test(sense.body) && shape === "command");
  if (shape === "word") return sense.runVerb && before.trim().split(/\s+/).length === 1;
  if (introduced && (!weak || asksToRun)) return true;
  if (sense.runVerb) return true;
  // `\`cargo test\` passes`, `Ensure \`npm run build\` succeeds`: the outcome follows the span.
  if (sense.verbless && shape === "arguments") return false;
  return OUTCOME.test(after);
}

/** Commands a bullet asks to be run or to succeed, with the directory it names. */
export function commandsIn(text: string): FoundCommand[] {
  const body = text.replace(/^[\s*_]+/, "");
  if (!text.includes("`")) return RUN_VERB.test(body) ? bareCommand(body) : [];
  const runVerb = RUN_VERB.test(body) || RUN_AFTER.test(body.slice(body.lastIndexOf("`") + 1));
  const checkVerb = CHECK_VERB.test(body);
  // Most backticked bullets name code (`Update \`src/x.rs\``): leave them before scanning spans.
  if (!runVerb && !INTRODUCER_ANY.test(body) && !OUTCOME_ANY.test(body)) return [];
  const { spans } = codeSpans(body);
  const sense: LineSense = {
    body,
    runVerb,
    checkVerb,
    verbless: !runVerb && !checkVerb && !/^\W*`/.test(body),
  };
  const where = cwdOf(body);
  const found: FoundCommand[] = [];
  for (const span of spans) {
    const run = span.content.trim();
    if (where.span === span.content) continue;
    const shape = shapeOf(run);
    // Only the words just before a span can introduce it: a bounded tail keeps a line of
    // many spans linear.
    const before = body.slice(Math.max(0, span.start - 64), span.start);
    const after = body.slice(span.end, span.end + 160);
    if (!spanIsCommand(sense, { shape, lone: !/\s/.test(run) }, before, after)) continue;
    found.push({ run, cwd: where.cwd, index: span.start });
  }
  return found;
}

/** Code spans shaped like commands, whatever the line's verb (a line labelled as a test). */
export function spanCommands(text: string): FoundCommand[] {
  if (!text.includes("`")) return [];
  const where = cwdOf(text);
  return codeSpans(text)
    .spans.filter((span) => where.span !== span.content)
    .map((span) => ({ span, run: span.content.trim() }))
    .filter(({ run }) => {
      const shape = shapeOf(run);
      return shape === "command" || shape === "arguments";
    })
    .map(({ span, run }) => ({ run, cwd: where.cwd, index: span.start }));
}

/**
 * A checkpoint states what must hold; a whole command its text names after a colon shows
 * it (`loads a day end to end: \`pytest tests/integration -q\``), with no verb needed.
 */
export function checkpointCommands(text: string): FoundCommand[] {
  if (!text.includes("`")) return [];
  const where = cwdOf(text);
  return codeSpans(text)
    .spans.filter((span) => /[:：]\s*$/.test(text.slice(Math.max(0, span.start - 8), span.start)))
    .map((span) => ({ span, run: span.content.trim() }))
    .filter(({ run }) => /\s/.test(run) && shapeOf(run) === "command")
    .map(({ span, run }) => ({ run, cwd: where.cwd, index: span.start }));
}

// Where an unbackticked command line ends: a clause that says why (`to verify ...`), a
// dash aside, or a parenthesis.
const BARE_END =
  /(?<=\S)\s+(?:(?:to|and|then|so\s+that)\s+(?:verify|ensure|check|confirm|make\s+sure|fix|validate)\b|[-–—]\s|\()/i;

/** `Run cargo clippy --all-targets -- -D warnings`: the rest of the line, when it is a command. */
function bareCommand(body: string): FoundCommand[] {
  const verb = RUN_VERB.exec(body);
  if (!verb) return [];
  let start = verb[0].length;
  while (start < body.length && /[\s:]/.test(body.charAt(start))) start++;
  const where = cwdOf(body);
  let end = BARE_END.exec(body.slice(start))?.index ?? body.length - start;
  if (where.index > start) end = Math.min(end, where.index - start);
  const run = body
    .slice(start, start + end)
    .trim()
    .replace(/(?<!\.)[.;]$/, "");
  if (run === "" || !isBareCommand(run)) return [];
  return [{ run, cwd: where.cwd, index: start }];
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
