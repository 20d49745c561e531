// Parse time of generated Kiro plans of 1k, 10k and 100k tasks; growth must be linear.
import { parsePlan, traceCriteria } from "../src/plan/index.ts";

export function generatePlan(tasks: number): string {
  const lines = ["# Implementation Plan: generated", "", "## Tasks", ""];
  const perGroup = 10;
  let group = 0;
  for (let i = 0; i < tasks; i++) {
    if (i % perGroup === 0) {
      group++;
      if (group % 5 === 0) {
        lines.push(
          `- [ ] ${group}. Checkpoint - Ensure \`cargo test -p crate${group}\` passes`,
          "",
        );
        group++;
      }
      lines.push(`- [ ] ${group}. Implement feature ${group} with ünïcode`);
    }
    const k = (i % perGroup) + 1;
    lines.push(
      `  - [${i % 3 === 0 ? "x" : " "}] ${group}.${k} Do the thing number ${k} for \`Module${group}\``,
      `    - Update \`src/m${group}.rs\` to use the new API`,
      `    - _Requirements: ${group}.${k}, ${group}.${k + 1}_`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function time(text: string, runs: number): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    // Start each sample from a clean heap so one run's garbage is not billed to the next.
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    parsePlan(text);
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const results = new Map<number, number>();
/** The median parse time measured for `n` tasks. */
function measured(n: number): number {
  const ms = results.get(n);
  if (ms === undefined) throw new Error(`no measurement for ${n} tasks`);
  return ms;
}
for (const n of [1_000, 10_000, 100_000]) {
  const text = generatePlan(n);
  time(text, 2); // warm up the JIT
  const ms = time(text, n >= 100_000 ? 5 : 15);
  results.set(n, ms);
  const plan = parsePlan(text);
  const count = plan.groups.reduce((a, g) => a + g.tasks.length, 0);
  if (count !== n) throw new Error(`expected ${n} tasks, parsed ${count}`);
  const t0 = performance.now();
  traceCriteria(plan);
  const traceMs = performance.now() - t0;
  console.log(
    `parse ${String(n).padStart(7)} tasks (${(text.length / 1e6).toFixed(1)} MB): ${ms.toFixed(1)} ms median; trace ${traceMs.toFixed(1)} ms`,
  );
}
const ratio = measured(100_000) / measured(10_000);
console.log(
  `growth 100k/10k: ${ratio.toFixed(1)}x (linear = 10x); 10k tasks: ${measured(10_000).toFixed(1)} ms (target well under 100 ms)`,
);
