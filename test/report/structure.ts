// A small structural check of GitHub-flavoured Markdown, standing in for a renderer
// we do not have here: fences close, <details> balance outside code, and every
// row of a table has as many cells as its header.

/** Lines outside fenced code blocks; throws if a fence never closes. */
export function linesOutsideFences(markdown: string): string[] {
  const outside: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    if (fence === null) {
      const open = /^(?<fence>`{3,})/.exec(line)?.groups?.fence;
      if (open) fence = open;
      else outside.push(line);
    } else if (new RegExp(`^\`{${fence.length},}\\s*$`).test(line)) {
      fence = null;
    }
  }
  if (fence !== null) throw new Error(`unclosed code fence ${fence}`);
  return outside;
}

/** Cells of a table row: split on pipes not escaped by an odd run of backslashes. */
export function cellCount(row: string): number {
  let pipes = 0;
  let backslashes = 0;
  for (const char of row) {
    if (char === "|" && backslashes % 2 === 0) pipes++;
    backslashes = char === "\\" ? backslashes + 1 : 0;
  }
  return pipes - 1;
}

export function checkStructure(markdown: string): void {
  const lines = linesOutsideFences(markdown);
  const text = lines.join("\n");
  const opened = text.match(/<details>/g)?.length ?? 0;
  const closed = text.match(/<\/details>/g)?.length ?? 0;
  if (opened !== closed) throw new Error(`<details> ${opened} opened, ${closed} closed`);
  let header: number | null = null;
  for (const line of lines) {
    if (!line.startsWith("|")) {
      header = null;
      continue;
    }
    const cells = cellCount(line);
    if (header === null) header = cells;
    else if (cells !== header)
      throw new Error(`table row has ${cells} cells, header ${header}: ${line}`);
  }
}

/** The text GitHub scans for mentions and references: no fences, code spans or <code>. */
export function textOutsideCode(markdown: string): string {
  return (
    linesOutsideFences(markdown)
      .join("\n")
      .replace(/<code>[\s\S]*?<\/code>/g, "")
      // Escaped backslashes and backticks are text, not code-span delimiters.
      .replace(/\\[\\`]/g, "")
      .replace(/(`+)[\s\S]*?[^`]\1(?!`)/g, "")
  );
}
