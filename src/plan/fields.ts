// `- **Status**: done`: the state of a task in plans written without checkboxes, in any
// language of keywords.ts. The value's position is kept so that an edit rewrites it in
// the same vocabulary (edit.ts), instead of inventing a checkbox.
import { KEYWORDS, wordsPattern } from "./keywords.ts";
import type { TaskState } from "./model.ts";

// 1 the value. `**Status**: done`, `Status: In progress`, `**状态**：已完成`.
const STATUS = new RegExp(
  `^[*_]{0,2}${wordsPattern("status")}[*_]{0,2}\\s*[:：][*_]{0,2}[ \\t]*([^*_\\n]*)`,
  "u",
);

interface Vocabulary {
  state: TaskState;
  words: Record<TaskState, string>;
}

const key = (word: string) => word.toLowerCase().replace(/[\s-]+/g, " ");

/** Each status word (lower case) -> its state and its language's words for every state. */
const VOCABULARY = new Map<string, Vocabulary>();
for (const k of Object.values(KEYWORDS)) {
  const words = {
    done: k.done[0] ?? "done",
    todo: k.todo[0] ?? "todo",
    in_progress: k.inProgress[0] ?? "in progress",
  };
  const add = (list: string[], state: TaskState) => {
    for (const w of list) if (!VOCABULARY.has(key(w))) VOCABULARY.set(key(w), { state, words });
  };
  // In progress first: `in progress` must not be read as a `todo` word it contains.
  add(k.inProgress, "in_progress");
  add(k.done, "done");
  add(k.todo, "todo");
}
const VALUE_WORD = new RegExp(
  `(${wordsPattern("inProgress")})|(${wordsPattern("done")})|(${wordsPattern("todo")})`,
  "u",
);

export interface StatusField {
  /** Offset of the value in the text, and the value as written. */
  index: number;
  text: string;
  state: TaskState;
  /** What to write for each state, in the value's language and case. */
  words: Record<TaskState, string>;
}

/** The status a line states, or null when it is not a status field with a known value. */
export function statusField(line: string): StatusField | null {
  const m = STATUS.exec(line);
  const raw = m?.[1];
  if (!m || raw === undefined) return null;
  const word = VALUE_WORD.exec(raw);
  const found = word?.[0];
  const vocabulary = found === undefined ? undefined : VOCABULARY.get(key(found));
  if (!word || !vocabulary) return null;
  // The value is the status word with what decorates it (`✅ Done`), not a note after it.
  const value = raw.slice(0, word.index + word[0].length);
  const index = m.index + m[0].length - raw.length;
  return {
    index,
    text: value,
    state: vocabulary.state,
    words: cased(vocabulary.words, found ?? ""),
  };
}

/** The words written in the case of `like` (`Done`, `DONE`, `done`). */
function cased(words: Record<TaskState, string>, like: string): Record<TaskState, string> {
  const upper = like.length > 1 && like === like.toUpperCase() && like !== like.toLowerCase();
  const title = !upper && like.charAt(0) !== like.charAt(0).toLowerCase();
  const fix = (w: string) =>
    upper ? w.toUpperCase() : title ? w.charAt(0).toUpperCase() + w.slice(1) : w;
  return { done: fix(words.done), todo: fix(words.todo), in_progress: fix(words.in_progress) };
}
