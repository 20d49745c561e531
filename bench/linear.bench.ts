// Linear time on any input (issue 11, item 2). Feeds every parser and reader adversarial
// inputs of growing size (runs of spaces, backticks, `#`, digits, `-`, `[`; one very long
// line; many blank lines; a long heading; a long `_Requirements:` list) and prints the
// time at each size and the growth exponent: the least-squares slope of log(time) over
// log(size) across every size measured (4k to 256k, doubling). Each time is the median
// of ROUNDS batches, a batch repeating the call until it lasts BATCH_MS, so small sizes
// are not timer noise; the rounds go over every size in turn, so a busy neighbour slows
// all sizes alike instead of bending the curve, and one stray slow batch (GC) moves a
// median, not the fit. Linear code stays near 1; the target is ≤ 1.1.
//
// Each target runs in its own child process with a time budget, so a super-linear one
// (a regular expression that backtracks for minutes) is reported, not waited for: sizes
// past the first sample over SLOW_MS are skipped, and a child still busy after BUDGET_MS
// is killed and shown as "killed".
//
//   npm run bench -- linear            all targets
//   npm run bench -- linear speckit    (node bench/linear.bench.ts speckit) targets matching
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { branchName, slug } from "../src/bot/naming.ts";
import { readAll } from "../src/checkpoints/readers/index.ts";
import { ROWS } from "../src/checkpoints/readers/registry.ts";
import { DEFAULT_LIMITS } from "../src/checkpoints/readers/types.ts";
import {
  findContentKey,
  findMarker,
  readFailureMarker,
  readPrMarker,
} from "../src/github/markers.ts";
import { parsePlan, parseRequirements } from "../src/plan/index.ts";
import { escapeInline } from "../src/report/escape.ts";

const SIZES = [4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000];
/** A batch repeats the call until it lasts this long; each size gets ROUNDS batches. */
const BATCH_MS = 20;
const ROUNDS = 7;
const SLOW_MS = 2_000;
const BUDGET_MS = 60_000;
const TARGET = 1.1;

type Make = (n: number) => string;
const rep = (s: string, n: number): string =>
  s.repeat(Math.max(1, Math.ceil(n / s.length))).slice(0, n);

/** Shapes shared by every target: `n` is characters, or lines where the name says so. */
const COMMON: Record<string, Make> = {
  spaces: (n) => `x${rep(" ", n)}!`,
  tabs_spaces: (n) => `x${rep(" \t", n)}!`,
  backticks: (n) => rep("`", n),
  hashes: (n) => rep("#", n),
  digits: (n) => rep("1", n),
  dashes: (n) => rep("-", n),
  brackets: (n) => rep("[", n),
  digits_dots: (n) => rep("1.", n),
  "blank lines": (n) => "\n".repeat(n),
  "space lines": (n) => " \n".repeat(n),
  "one long line": (n) => rep("a `b` 1.2 [x] - ", n),
};

const PLAN_SHAPES: Record<string, Make> = {
  ...COMMON,
  "kiro long heading": (n) => `# ${rep("a", n)}\n\n- [ ] 1. t\n`,
  "kiro heading spaces": (n) => `# a${rep(" ", n)}b\n- [ ] 1. t\n`,
  "kiro heading hashes": (n) => `## a ${rep("#", n)} b\n- [ ] 1. t\n`,
  "kiro tasks (lines)": (n) => `# P\n\n${"- [ ] 1. t\n  - [ ] 1.1 do\n".repeat(n / 2)}`,
  "kiro requirements list": (n) => `- [ ] 1. t\n  - _Requirements: ${rep("1.1, ", n)}x_\n`,
  "kiro bullet spaces": (n) => `- [ ] 1. a${rep(" ", n)}!\n`,
  "kiro bullet indent": (n) => `${rep(" ", n)}- [ ] 1. a\n`,
  "kiro thematic": (n) => `- ${rep("- ", n)}x\n`,
  "kiro open span wraps (lines)": (n) => `- [ ] 1. \`a\n${"  b\n".repeat(n)}`,
  "flattened (lines)": (n) =>
    `# P\n\n${Array.from({ length: n / 2 }, (_, i) => `[ ] ${i + 1}. task ${i}\n1.${i} sub`).join("\n")}\n`,
  "flattened no boxes (lines)": (n) =>
    `${Array.from({ length: n }, (_, i) => `${i + 1}. Checkpoint task`).join("\n")}\n`,
  "speckit long heading": (n) => `## Phase 1: ${rep("a", n)}\n- [ ] T001 x\n`,
  "speckit heading spaces": (n) => `## Phase 1: a${rep(" ", n)}b\n- [ ] T001 x\n`,
  "speckit heading hashes": (n) => `## a${rep(" #", n)} b\n- [ ] T001 x\n`,
  "speckit checkpoint spaces": (n) => `- [ ] T001 x\n**Checkpoint**${rep(" ", n)}!\n`,
  "speckit tasks (lines)": (n) => `## Phase 1: a\n${"- [ ] T001 [P] [US1] FR-001 do\n".repeat(n)}`,
  "speckit detect spaces": (n) => `${rep(" ", n)}x\n`,
  "speckit labels": (n) => `- [ ] T001 ${rep("[a] ", n)}\n`,
};

const REQ_SHAPES: Record<string, Make> = {
  ...COMMON,
  "long heading": (n) => `### ${rep("a", n)}\n`,
  "heading spaces": (n) => `### Requirement 1: a${rep(" ", n)}b\n`,
  "heading hashes": (n) => `### Requirement 1: a${rep(" #", n)}b\n`,
  "requirement spaces": (n) => `### Requirement 1${rep(" ", n)}x\n`,
  "story spaces": (n) => `### Requirement 1: a\n**User Story:**${rep(" ", n)}\n`,
  "criteria (lines)": (n) =>
    `### Requirement 1: a\n#### Acceptance Criteria\n${"1. WHEN a THEN b\n".repeat(n)}`,
};

const OUT_SHAPES: Record<string, Make> = {
  ...COMMON,
  "gcc colons": (n) => `${rep("a:1", n)} x\n`,
  "gcc colons error": (n) => `${rep("a:1:", n)}: error x\n`,
  "gcc flag spaces": (n) => `a.c:1:2: error: x${rep(" [-W", n)}\n`,
  "gcc path": (n) => `${rep("a.", n)}:1: error: x\n`,
  "rustc location spaces": (n) => ` --> a${rep(":1", n)}${rep(" ", n)}x\n`,
  "rustc header": (n) => `error[${rep("E", n)}: x\n`,
  "rustc compile total": (n) => `error: could not compile \`a\`${rep(" due to", n)}\n`,
  "rustc short": (n) => `${rep("a.rs:1", n)}\n`,
  "libtest name": (n) => `test ${rep(" ... ", n)}x\n`,
  "libtest section": (n) => `---- ${rep(" std", n)}x\n`,
  "libtest doc": (n) => `${rep(" - ", n)}(line 1\n`,
  "tsc paren": (n) => `a.ts(${rep("1,", n)}x\n`,
  "tsc colon": (n) => `${rep("a.ts:1:", n)} x\n`,
  "cargo output (lines)": (n) =>
    "   Compiling a v0.1.0\nerror[E0308]: mismatched types\n  --> src/a.rs:1:2\n   |\n".repeat(
      n / 4,
    ),
};

const MARKER_SHAPES: Record<string, Make> = {
  ...COMMON,
  "pr open": (n) => `<!-- dxfix:pr {${rep("} ", n)}`,
  "key lines": (n) => `${"<!-- dxfix:key 0123abcd\n".repeat(n / 24)}`,
  "comment opens": (n) => rep("<!-- dxfix:", n),
  "checklist spaces": (n) => `<!-- dxfix:checklist plan=${rep("a", n)} --`,
};

const COMMANDS = ["cargo test", "cargo build", "gcc a.c", "tsc", "npm test"];

// The readers' worst cases (recheck's attack strings for each pattern that was
// super-linear, and long names for the test readers). A line that ends in U+2028 fails
// every `.*$`, which is what made those patterns retry.
const LS = "\u2028";
const READER_SHAPES: Record<string, Make> = {
  "gcc diag tail": (n) => `o${rep(":0: error: ", n)}${LS}`,
  "gcc bare tail": (n) => `a${rep(":0: :", n)}${LS}`,
  "gcc linker": (n) => `e${rep(":(.u+0xe): undefined reference to ", n)}${LS}`,
  "rustc short tail": (n) => `.${rep(".rs:0:0: error: :", n)}${LS}`,
  "tsc plain tail": (n) => `x${rep("(0,0): error TS0: ", n)}${LS}`,
  "tsc pretty tail": (n) => `x${rep(":0:0 - error TS0: ", n)}${LS}`,
  "libtest doc name": (n) => `test e${rep(" - ", n)}i ... ok\n`,
  "libtest panic": (n) => `---- x stdout ----\nthread '${rep("' panicked at :", n)} \n`,
  "libtest old panic": (n) =>
    `---- x stdout ----\nthread '${rep("' panicked at '", n / 2)}${rep("', :", n / 2)}\0\n`,
  "carriage returns": (n) => `${rep("\r", n)}\0\r\r\n`,
  "vitest fail header": (n) => ` FAIL  a${rep(" [ ", n)}${LS}`,
  "vitest file counts": (n) => ` ❯ a${rep(" (1 test | ", n)}`,
  "node tap name": (n) => `# Subtest: ${rep("a # ", n)}\nnot ok 1 - ${rep("a # ", n)}\n`,
  "node spec name": (n) =>
    `▶ s\n  ✖ ${rep("a (1ms)", n)}\n✖ failing tests:\ntest at ${rep("a:1", n)}\n`,
  "jest header": (n) => `FAIL ./a.js\n  ● ${rep("a › ", n)}\n    at ${rep("(a:1:2) ", n)}\n`,
  "pytest summary": (n) => `== ${rep("1 failed, ", n)} in 1s ==\nFAILED a.py::${rep("x - ", n)}\n`,
  "pytest section": (n) => `___ a ___\n${rep("a.py:1: ", n)}Error\n`,
  "go test names": (n) => `--- FAIL: ${rep("T/", n)} (0.00s)\nFAIL\tp\t0.1s\n`,
  "go test log": (n) => `=== RUN   T\n    ${rep("a.go:1:", n)}: x\n--- FAIL: T (0.00s)\n`,
  "go test json": (n) => `{"Action":"fail","Package":"p","Test":"${rep("T/", n)}"}\n`,
  "nextest status": (n) =>
    `        FAIL [ ${rep("[ ", n)}] b t\n     Summary [ 1s] ${rep("1 passed, ", n)}\n`,
  "test lines (lines)": (n) =>
    "test a ... ok\n✔ a (1ms)\n--- PASS: T (0.00s)\na.py::t PASSED\n".repeat(n / 4),
};
const TEST_COMMANDS = [
  "node --test",
  "vitest run",
  "jest",
  "pytest",
  "go test ./...",
  "cargo nextest run",
];

interface Target {
  name: string;
  shapes: Record<string, Make>;
  run(input: string): unknown;
}

const TARGETS: Target[] = [
  { name: "parsePlan", shapes: PLAN_SHAPES, run: (t) => parsePlan(t) },
  { name: "parseRequirements", shapes: REQ_SHAPES, run: (t) => parseRequirements(t) },
  ...COMMANDS.map(
    (command): Target => ({
      name: `readAll(${command})`,
      shapes: OUT_SHAPES,
      run: (t) => readAll(command, t),
    }),
  ),
  { name: "escapeInline", shapes: { ...COMMON, ...MARKER_SHAPES }, run: escapeInline },
  {
    name: "markers",
    shapes: MARKER_SHAPES,
    run: (t) => [findMarker(t), findContentKey(t), readPrMarker(t), readFailureMarker(t)],
  },
  ...TEST_COMMANDS.map(
    (command): Target => ({
      name: `readAll(${command})`,
      shapes: { ...OUT_SHAPES, ...READER_SHAPES },
      run: (t) => readAll(command, t),
    }),
  ),
  // Each reader fed whole lines, past the 16 KiB window readAll keeps of a line: the
  // growth of the reader's own scanning, not hidden by the cap.
  ...ROWS.map(
    (row): Target => ({
      name: `feed(${row.name})`,
      shapes: READER_SHAPES,
      run: (t) => {
        const readers = row.create(DEFAULT_LIMITS, { auto: false });
        for (const line of t.split("\n")) for (const r of readers) r.feed(line);
        return readers.map((r) => r.finish());
      },
    }),
  ),
  {
    name: "slug/branchName",
    shapes: COMMON,
    run: (t) => [slug(t), branchName("dxfix/", t, t.slice(0, 64), t)],
  },
];

/** One batch: calls of `run` until BATCH_MS have passed; the time per call. */
function batch(run: (input: string) => unknown, input: string): number {
  let calls = 0;
  const t0 = performance.now();
  let ms = 0;
  do {
    run(input);
    calls++;
    ms = performance.now() - t0;
  } while (ms < BATCH_MS);
  return ms / calls;
}

/** Child: one target and shape; one JSON line per batch ({ n, ms }), ROUNDS per size. */
function child(targetName: string, shapeName: string): void {
  const target = TARGETS.find((t) => t.name === targetName);
  const make = target?.shapes[shapeName];
  if (!target || !make) throw new Error(`no ${targetName} / ${shapeName}`);
  target.run(make(100)); // warm up
  const gc = (globalThis as { gc?: () => void }).gc;
  let sizes = SIZES.map((n) => ({ n, input: make(n) }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, { n, input }] of sizes.entries()) {
      gc?.();
      const ms = batch(target.run, input);
      process.stdout.write(`${JSON.stringify({ n, ms })}\n`);
      // Past SLOW_MS a size is not worth the wait, nor any larger one.
      if (ms > SLOW_MS) {
        sizes = sizes.slice(0, round === 0 ? i + 1 : i);
        break;
      }
    }
  }
}

interface Row {
  target: string;
  shape: string;
  points: { n: number; ms: number }[];
  note: string;
}

/** Least-squares slope of log(ms) over log(n) across every point. */
function slope(points: Row["points"]): number {
  if (points.length < 2) return Number.NaN;
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(Math.max(p.ms, 1e-6)));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] ?? my) - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

function median(batches: { ms: number }[]): number {
  const times = batches.map((b) => b.ms).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

function measure(target: string, shape: string): Row {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ["--expose-gc", self, "--child", target, shape], {
    encoding: "utf8",
    timeout: BUDGET_MS,
  });
  const batches = r.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { n: number; ms: number });
  const points = SIZES.map((n) => ({ n, ms: median(batches.filter((b) => b.n === n)) })).filter(
    (p) => Number.isFinite(p.ms),
  );
  const last = points.at(-1);
  let note = "";
  if (r.signal) note = `killed after ${BUDGET_MS / 1000} s`;
  else if (r.status !== 0) note = `failed: ${r.stderr.split("\n").find((l) => l.trim()) ?? ""}`;
  else if (last && last.ms > SLOW_MS)
    note = `over ${SLOW_MS / 1000} s at ${last.n}: larger sizes skipped`;
  return { target, shape, points, note };
}

function main(filters: string[]): number {
  const fmt = (ms: number) => (ms < 10 ? ms.toFixed(3) : ms.toFixed(0)).padStart(8);
  console.log(`sizes: ${SIZES.join(", ")} (characters, or lines for "(lines)" and "blank lines")`);
  console.log(
    `${"target / shape".padEnd(60)}${SIZES.map((n) => `${n / 1000}k ms`.padStart(8)).join("")}  slope`,
  );
  let bad = 0;
  for (const t of TARGETS) {
    for (const shape of Object.keys(t.shapes)) {
      const label = `${t.name} / ${shape}`;
      if (filters.length > 0 && !filters.some((f) => label.includes(f))) continue;
      const row = measure(t.name, shape);
      const s = slope(row.points);
      // A size skipped as slow is a note; a child killed or failed is a failure.
      const over = !(s <= TARGET) || (row.note !== "" && !row.note.startsWith("over"));
      if (over) bad++;
      const cells = SIZES.map((n) => {
        const p = row.points.find((q) => q.n === n);
        return p ? fmt(p.ms) : "       -";
      }).join("");
      console.log(
        `${label.padEnd(60)}${cells}  ${s.toFixed(2)}${over ? "  <-- over" : ""} ${row.note}`,
      );
    }
  }
  console.log(`\n${bad === 0 ? "every" : `${bad} shapes not`} within slope ${TARGET}`);
  return bad;
}

if (process.argv[2] === "--child") {
  child(process.argv[3] ?? "", process.argv[4] ?? "");
} else {
  main(process.argv.slice(2).filter((a) => !a.startsWith("--")));
}
