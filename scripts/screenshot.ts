// Renders a dxfix comment as GitHub would show it and takes a picture with headless
// Chromium, so layout changes are reviewed as pictures, and measures it: the comment's
// bytes and the pixel height down to the end of the cause ("Why it failed").
//
//   npm run screenshot -- <report.json | comment.md> [--out shot.png] [--details all|failed|none]
//
// A report is rendered with the Action's renderer and comment body (marker, key and the
// embedded report count in the bytes). The HTML comes from scripts/gfm-lite.ts (a small
// GFM subset: no GFM renderer is a dependency) and a stylesheet that imitates GitHub's
// comment box at 1,000 px. Needs Debian's `chromium` (and fonts-noto-color-emoji).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildCommentBody } from "../src/action/comment-body.ts";
import { detailsOf } from "../src/report/details.ts";
import { renderMarkdown } from "../src/report/markdown.ts";
import { parseReport } from "../src/report/schema.ts";
import { toHtml } from "./gfm-lite.ts";

const RUN = "https://github.com/acme/dx-py-runtime/actions/runs/4242";
const WIDTH = 1000;

const STYLE = `
body { margin: 0; background: #fff; color: #1f2328; font: 14px/1.5 -apple-system, "Segoe UI",
  "Noto Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji"; }
.comment { margin: 16px; border: 1px solid #d1d9e0; border-radius: 6px; }
.comment-head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px;
  color: #59636e; border-radius: 6px 6px 0 0; }
.markdown-body { padding: 16px; overflow-wrap: break-word; }
.markdown-body > :first-child { margin-top: 0; }
h3, h4 { margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
h3 { font-size: 1.25em; } h4 { font-size: 1em; }
p, ul, table, pre, details, blockquote { margin: 0 0 16px; }
ul { padding-left: 2em; } ul ul { margin: 0; } li + li { margin-top: .25em; }
a { color: #0969da; text-decoration: none; }
code { font: 85% ui-monospace, SFMono-Regular, "DejaVu Sans Mono", monospace;
  background: rgba(129,139,152,.12); padding: .2em .4em; border-radius: 6px; }
pre { background: #f6f8fa; padding: 16px; border-radius: 6px; overflow: auto;
  font: 85%/1.45 ui-monospace, SFMono-Regular, "DejaVu Sans Mono", monospace; }
pre code { background: none; padding: 0; font-size: 100%; }
table { border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; } th { font-weight: 600; }
tr:nth-child(2n) { background: #f6f8fa; }
summary { cursor: pointer; }
blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
blockquote.note { border-left-color: #0969da; }
sub { font-size: 75%; }
`;

/** The page, with a script that writes the measurements where --dump-dom prints them. */
function page(markdown: string): string {
  const measure = `
// The cause: "Why it failed" (the old layout's "Failing checkpoints", where it sat collapsed).
const cause = [...document.querySelectorAll("h4")].find((h) => /^(Why it failed|Failing checkpoints)$/.test(h.textContent));
let end = cause;
while (end && end.nextElementSibling && end.nextElementSibling.tagName !== "H4") end = end.nextElementSibling;
const box = document.querySelector(".comment").getBoundingClientRect();
const to = end ? end.getBoundingClientRect().bottom - box.top : 0;
document.body.setAttribute("data-measure", JSON.stringify({ cause: Math.round(to), total: Math.ceil(box.bottom + 16) }));`;
  return `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body>
<div class="comment"><div class="comment-head"><b>github-actions</b> bot commented</div>
<div class="markdown-body">${toHtml(markdown)}</div></div><script>${measure}</script></body></html>`;
}

function chromium(args: string[]): string {
  const profile = mkdtempSync(path.join(os.tmpdir(), "dxfix-chromium-"));
  try {
    const flags = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${profile}`,
    ];
    const res = spawnSync("chromium", [...flags, ...args], { encoding: "utf8" });
    if (res.error) throw new Error(`chromium: ${res.error.message} (apt-get install -y chromium)`);
    if (res.status !== 0) throw new Error(`chromium exited ${res.status}: ${res.stderr}`);
    return res.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The comment body and its Markdown from a report (JSON) or a comment (Markdown). */
function comment(file: string, details: string): { body: string; markdown: string } {
  const text = readFileSync(file, "utf8");
  if (!file.endsWith(".json")) return { body: text, markdown: text };
  const report = parseReport(JSON.parse(text));
  const choice = detailsOf(details);
  if (!choice) throw new Error(`--details must be all, failed or none, got ${details}`);
  const render = (r: typeof report, o: { reserve: number; runUrl: string | null }) =>
    renderMarkdown(r, { ...o, details: choice });
  const body = buildCommentBody(report, render, RUN).body;
  return { body, markdown: body };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: "string" }, details: { type: "string", default: "all" } },
});
const [input] = positionals;
if (!input) {
  console.error("usage: npm run screenshot -- <report.json | comment.md> [--out shot.png]");
  process.exit(2);
}
const { body, markdown } = comment(input, values.details ?? "all");
const out = path.resolve(values.out ?? `${input.replace(/\.(json|md)$/, "")}.png`);
const html = `${out.replace(/\.png$/, "")}.html`;
writeFileSync(html, page(markdown));
const dom = chromium([`--window-size=${WIDTH},2000`, "--dump-dom", `file://${html}`]);
const found = /data-measure="([^"]*)"/.exec(dom)?.[1]?.replace(/&quot;/g, '"');
const measure = found ? (JSON.parse(found) as { cause: number; total: number }) : null;
if (!measure) throw new Error("the page did not report its measurements");
chromium([`--window-size=${WIDTH},${measure.total}`, `--screenshot=${out}`, `file://${html}`]);
console.log(
  `${out}: ${Buffer.byteLength(body)} bytes, ${body.split("\n").length} lines; ` +
    `${measure.cause} px to the end of the cause, ${measure.total} px in all, at ${WIDTH} px wide`,
);
