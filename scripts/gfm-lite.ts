// A minimal GitHub-flavoured Markdown to HTML converter for scripts/screenshot.ts: the
// subset dxfix's comments use (ATX headings, paragraphs, nested lists, pipe tables,
// fenced code, raw HTML blocks such as <details> and <pre>, `> [!NOTE]` alerts, code
// spans, bold, links, backslash escapes). Not a general renderer: no GFM renderer is a
// dependency of this project, and the pictures only need what the comment writes.

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const LINK = /\[((?:[^\]\\]|\\.)*)\]\(([^)\s]+)\)/g;

/** Inline Markdown: links (their text rendered too), code spans (literal), bold, escapes. */
export function inline(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    out += spans(text.slice(last, m.index));
    out += `<a href="${m[2]}">${spans(m[1] ?? "")}</a>`;
    last = m.index + m[0].length;
  }
  return out + spans(text.slice(last));
}

function spans(text: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const tick = text.indexOf("`", i);
    if (tick < 0 || text[tick - 1] === "\\") {
      if (tick < 0) {
        out.push(prose(text.slice(i)));
        break;
      }
      out.push(prose(text.slice(i, tick + 1)));
      i = tick + 1;
      continue;
    }
    let run = tick;
    while (text[run] === "`") run++;
    const fence = text.slice(tick, run);
    const close = text.indexOf(fence, run);
    if (close < 0) {
      out.push(prose(text.slice(i)));
      break;
    }
    out.push(prose(text.slice(i, tick)));
    let code = text.slice(run, close);
    if (code.startsWith(" ") && code.endsWith(" ") && code.trim() !== "") code = code.slice(1, -1);
    out.push(`<code>${esc(code)}</code>`);
    i = close + fence.length;
  }
  return out.join("");
}

/** Text outside code spans: HTML passes through (GitHub allows a safe subset). */
function prose(text: string): string {
  return text.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>").replace(/\\([\\`*_[\]~|])/g, "$1");
}

function table(rows: string[]): string {
  const cells = (row: string) =>
    row
      .replace(/^\|/, "")
      .replace(/\|$/, "")
      .split(/(?<!\\)\|/)
      .map((c) => inline(c.trim().replace(/\\\|/g, "|")));
  const [head = "", , ...body] = rows;
  const th = cells(head)
    .map((c) => `<th>${c}</th>`)
    .join("");
  const trs = body.map(
    (r) =>
      `<tr>${cells(r)
        .map((c) => `<td>${c}</td>`)
        .join("")}</tr>`,
  );
  return `<table><thead><tr>${th}</tr></thead><tbody>${trs.join("")}</tbody></table>`;
}

/** Nested lists from `- ` items indented by two spaces per level. */
function list(lines: string[]): string {
  let html = "";
  let depth = -1;
  for (const line of lines) {
    const level = Math.floor((line.length - line.trimStart().length) / 2);
    while (depth < level) {
      html += "<ul>";
      depth++;
    }
    while (depth > level) {
      html += "</li></ul>";
      depth--;
    }
    if (html.endsWith("</li>") === false && !html.endsWith("<ul>")) html += "</li>";
    html += `<li>${inline(line.trimStart().slice(2))}`;
  }
  while (depth-- >= 0) html += "</li></ul>";
  return html;
}

/** Block structure, line by line. */
export function toHtml(markdown: string): string {
  const lines = markdown.replace(/<!--[\s\S]*?-->/g, "").split("\n");
  const out: string[] = [];
  let i = 0;
  const take = (test: (l: string) => boolean) => {
    const block: string[] = [];
    while (i < lines.length && test(lines[i] ?? "")) block.push(lines[i++] ?? "");
    return block;
  };
  while (i < lines.length) {
    const line = lines[i] ?? "";
    const fence = /^(`{3,})(\w*)$/.exec(line);
    if (line.trim() === "") i++;
    else if (fence) {
      i++;
      const body = take((l) => !l.startsWith(fence[1] ?? "```"));
      i++;
      out.push(`<pre><code>${esc(body.join("\n"))}</code></pre>`);
    } else if (line.startsWith("<pre>")) {
      const body = take((l) => !l.includes("</pre>"));
      out.push([...body, lines[i++] ?? ""].join("\n"));
    } else if (/^#{1,6} /.test(line)) {
      const level = line.indexOf(" ");
      out.push(`<h${level}>${inline(line.slice(level + 1))}</h${level}>`);
      i++;
    } else if (line.startsWith("<")) out.push(inline(take((l) => l.trim() !== "").join("\n")));
    else if (line.startsWith("|")) out.push(table(take((l) => l.startsWith("|"))));
    else if (/^\s*- /.test(line)) out.push(list(take((l) => /^\s*- /.test(l))));
    else if (line.startsWith("> ")) {
      const body = take((l) => l.startsWith(">")).map((l) => l.replace(/^> ?/, ""));
      const alert = body[0]?.startsWith("[!NOTE]");
      out.push(
        `<blockquote class="${alert ? "note" : ""}">${inline(body.slice(alert ? 1 : 0).join(" "))}</blockquote>`,
      );
    } else
      out.push(`<p>${inline(take((l) => l.trim() !== "" && !l.startsWith("|")).join("<br>"))}</p>`);
  }
  return out.join("\n");
}
