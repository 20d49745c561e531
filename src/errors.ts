// One error model. A UserError is the user's to fix (a bad flag, input, plan, config
// or token permission): the edges print its message as one line, never a stack. Any
// other error is ours, and is reported as an internal error.

/** An error whose message is meant for the user; `file`/`line` locate it when known. */
export class UserError extends Error {
  /** File the problem is in, when there is one (repository- or cwd-relative). */
  readonly file: string | null;
  /** 1-based line in `file`; 0 when unknown. */
  readonly line: number;
  constructor(message: string, where: { file?: string | null; line?: number } = {}) {
    super(message);
    this.name = new.target.name;
    this.file = where.file ?? null;
    this.line = where.line ?? 0;
  }
}

/** A bad command line or a file the user named that cannot be used. */
export class UsageError extends UserError {}

/** A bad Action input (action.yml `with:`) or event. */
export class InputError extends UserError {}

/**
 * The message of anything thrown, for logs and replies. Errors give their message;
 * other values their string form, so `throw "x"` still says something useful.
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** The HTTP status of an Octokit request error, or null for any other error. */
export function statusOf(error: unknown): number | null {
  if (error === null || typeof error !== "object" || !("status" in error)) return null;
  return typeof error.status === "number" ? error.status : null;
}

/** A user error as the one line the edges print: `file:line: message` when it knows where. */
export function userMessage(error: UserError): string {
  if (error.file === null) return error.message;
  return error.line > 0
    ? `${error.file}:${error.line}: ${error.message}`
    : `${error.file}: ${error.message}`;
}
