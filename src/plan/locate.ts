// Where each id of a reference list sits in its line, so a diagnostic about `9.9` in
// `_Requirements: 1.1, 9.9_` points at `9.9`, not at the start of the line. One pass
// over the line, then a lookup per id: a 10,000-id list stays linear.

export interface Locator {
  /** Offset of the next unclaimed occurrence of `id` as a whole number token, or -1. */
  id(id: string): number;
  /** Offset of `piece` (an unreadable part of the list) after the last one found, or -1. */
  piece(piece: string): number;
}

const isIdChar = (c: string | undefined): boolean =>
  c === "." || (c !== undefined && c >= "0" && c <= "9");

/** Runs of digits and dots (`1.1`, `10.3`), outer dots dropped, with their offsets. */
function idTokens(text: string): Map<string, number[]> {
  const tokens = new Map<string, number[]>();
  let i = 0;
  while (i < text.length) {
    while (i < text.length && !isIdChar(text[i])) i++;
    let start = i;
    while (isIdChar(text[i])) i++;
    while (start < i && text[start] === ".") start++;
    let end = i;
    while (end > start && text[end - 1] === ".") end--;
    if (end === start) continue;
    const token = text.slice(start, end);
    const offsets = tokens.get(token);
    if (offsets) offsets.push(start);
    else tokens.set(token, [start]);
  }
  return tokens;
}

export function locate(text: string): Locator {
  const tokens = idTokens(text);
  let cursor = 0;
  return {
    id(id) {
      return tokens.get(id)?.shift() ?? -1;
    },
    piece(piece) {
      // Not found (the reader reshaped it): stop looking, so a line is scanned once.
      const at = cursor < text.length ? text.indexOf(piece, cursor) : -1;
      cursor = at === -1 ? text.length : at + piece.length;
      return at;
    },
  };
}
