// A Rust panic line, as libtest and nextest print it, read by hand (no pattern
// backtracks over the thread name or the path):
//
//   thread 'name' (6879) panicked at src/lib.rs:29:9:         (Rust >= 1.88: thread id)
//   thread 'name' panicked at src/lib.rs:29:9:                (Rust 1.73 - 1.87)
//   thread 'name' panicked at 'message', src/lib.rs:29:9      (before 1.73)
import { splitLocation } from "./tally.ts";

export interface Panic {
  file: string;
  line: number;
  column: number;
  /** Only the old form carries its message on the panic line. */
  message: string | null;
}

const AT = " panicked at ";

export function readPanic(line: string): Panic | null {
  if (!line.startsWith("thread '")) return null;
  const at = line.indexOf(AT, 8);
  if (at < 0) return null;
  const before = line.slice(8, at);
  if (!(before.endsWith("'") || threadId(before))) return null;
  const rest = line.slice(at + AT.length);
  if (rest.startsWith("'")) {
    const end = rest.lastIndexOf("', ");
    if (end < 1) return null;
    return located(rest.slice(end + 3), rest.slice(1, end));
  }
  return rest.endsWith(":") ? located(rest.slice(0, -1), null) : null;
}

/** `name' (6879)`: a quoted name then a numeric thread id. */
function threadId(before: string): boolean {
  const open = before.lastIndexOf("' (");
  return open >= 0 && before.endsWith(")") && /^\d{1,20}$/.test(before.slice(open + 3, -1));
}

function located(text: string, message: string | null): Panic | null {
  const at = splitLocation(text);
  if (at === null || at.column === null) return null;
  return { file: at.file, line: at.line, column: at.column, message };
}
