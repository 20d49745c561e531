// Precision and recall of command finding on the hand-labelled lines of
// test/fixtures/commands/labelled.jsonl: the current src/plan/commands.ts against the
// reading before it (src/plan/inline.ts at BASE, default 99ba884, loaded from git).
// `node bench/commands.bench.ts` (or `npm run bench commands`); BASE=<rev> to compare
// with another commit. test/plan/commands-labelled.test.ts holds the floors.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { commandsIn } from "../src/plan/commands.ts";

export interface Labelled {
  text: string;
  commands: string[];
}

export interface Score {
  lines: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  /** Lines whose found commands differ from the label. */
  misses: { text: string; expected: string[]; found: string[] }[];
}

export const LABELLED_PATH = fileURLToPath(
  new URL("../test/fixtures/commands/labelled.jsonl", import.meta.url),
);

export function readLabelled(path = LABELLED_PATH): Labelled[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Labelled);
}

/** Counts found commands against the labels, line by line (a command is its `run` text). */
export function score(lines: Labelled[], find: (text: string) => string[]): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: Score["misses"] = [];
  for (const { text, commands } of lines) {
    const found = find(text);
    const hits = found.filter((c) => commands.includes(c)).length;
    tp += hits;
    fp += found.length - hits;
    fn += commands.filter((c) => !found.includes(c)).length;
    if (found.join("\n") !== commands.join("\n")) misses.push({ text, expected: commands, found });
  }
  return {
    lines: lines.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    misses,
  };
}

export const findNow = (text: string): string[] => commandsIn(text).map((c) => c.run);

type Finder = (text: string) => { run: string }[];

/** The baseline's `commandsIn`, from src/plan/inline.ts at `rev`, with its imports pointed at today's tree. */
async function baseline(rev: string): Promise<Finder> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const source = execFileSync("git", ["show", `${rev}:src/plan/inline.ts`], {
    cwd: root,
    encoding: "utf8",
  })
    .replace(
      '"../markdown/syntax.ts"',
      JSON.stringify(pathToFileURL(join(root, "src/markdown/syntax.ts")).href),
    )
    .replace('"./text.ts"', JSON.stringify(pathToFileURL(join(root, "src/plan/text.ts")).href));
  const dir = mkdtempSync(join(tmpdir(), "dxfix-commands-bench-"));
  try {
    const file = join(dir, "inline.ts");
    writeFileSync(file, source);
    const mod = (await import(pathToFileURL(file).href)) as { commandsIn: Finder };
    return mod.commandsIn;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function show(name: string, s: Score): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(
    `${name.padEnd(9)} precision ${pct(s.precision).padStart(6)}  recall ${pct(s.recall).padStart(6)}  (${s.truePositives} right, ${s.falsePositives} wrong, ${s.falseNegatives} missed; ${s.misses.length} of ${s.lines} lines differ)`,
  );
}

async function main(): Promise<void> {
  const lines = readLabelled();
  const rev = process.env.BASE ?? "99ba884";
  try {
    const old = await baseline(rev);
    show(
      `before`,
      score(lines, (t) => old(t).map((c) => c.run)),
    );
  } catch (error) {
    console.log(
      `before    (no baseline: cannot load src/plan/inline.ts at ${rev}: ${String(error)})`,
    );
  }
  const now = score(lines, findNow);
  show("after", now);
  for (const m of now.misses) {
    console.log(
      `  differs: ${m.text}\n    expected ${JSON.stringify(m.expected)} found ${JSON.stringify(m.found)}`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
