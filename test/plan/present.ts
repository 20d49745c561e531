// Tests look things up by id or index; a miss fails with what was missing instead of a
// TypeError further down.
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}
