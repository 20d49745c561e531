// Records the dx-py-runtime example's reports in its broken, partial (groups 1-2 landed)
// and fixed states with the real engine and real cargo, for the comment golden files
// (test/fixtures/comments/). Each report carries the trend of the states before it, as
// the Action builds it across pushes. Run: npx node scripts/record-reports.ts (about a minute).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkPlan } from "../src/checkpoints/check.ts";
import type { Report } from "../src/report/schema.ts";
import { EXAMPLE_PLAN, landGroup } from "./example.ts";

const EXAMPLE = fileURLToPath(new URL("../examples/dx-py-runtime/", import.meta.url));
const OUT = fileURLToPath(new URL("../test/fixtures/comments/reports/", import.meta.url));
/** Patches landed before each state; the named states are written out. */
const STATES: Array<{ patch: number | null; name: string | null }> = [
  { patch: null, name: "broken" },
  { patch: 1, name: null },
  { patch: 2, name: "partial" },
  { patch: 4, name: null },
  { patch: 6, name: "fixed" },
];

function git(cwd: string, args: string[]): string {
  const res = spawnSync(
    "git",
    ["-c", "user.name=dxfix", "-c", "user.email=dxfix@example.invalid", ...args],
    { cwd, encoding: "utf8" },
  );
  if (res.status !== 0) throw new Error(`git ${args.join(" ")}: ${res.stderr}`);
  return res.stdout.trim();
}

function trendEntry(report: Report): NonNullable<Report["trend"]>[number] {
  let failingTests = 0;
  for (const cp of report.checkpoints)
    for (const cmd of cp.commands) if (!cmd.reused) failingTests += cmd.tests?.failed ?? 0;
  return {
    sha: report.commit?.sha ?? "",
    errors: report.summary.errors,
    failingTests,
    verified: report.summary.requirements.verified,
  };
}

const root = mkdtempSync(path.join(os.tmpdir(), "dxfix-record-"));
const target = mkdtempSync(path.join(os.tmpdir(), "dxfix-record-target-"));
try {
  cpSync(EXAMPLE, root, { recursive: true, filter: (src) => path.basename(src) !== "target" });
  git(root, ["init", "-q"]);
  git(root, ["add", "-A"]);
  git(root, ["commit", "-q", "-m", "broken"]);
  mkdirSync(OUT, { recursive: true });
  const trend: NonNullable<Report["trend"]> = [];
  for (const [i, state] of STATES.entries()) {
    if (state.patch !== null) {
      landGroup(root, state.patch);
      git(root, ["commit", "-q", "-a", "-m", `group ${state.patch}`]);
    }
    const env = { ...process.env, CARGO_TARGET_DIR: target, CARGO_TERM_COLOR: "never" };
    const report = await checkPlan({ planPath: path.join(root, EXAMPLE_PLAN), env });
    trend.push(trendEntry(report));
    const stamped: Report = {
      ...report,
      generatedAt: new Date(Date.UTC(2026, 11, 1, 12, i * 7)).toISOString(),
      ...(trend.length >= 2 ? { trend: [...trend] } : {}),
    };
    if (state.name) {
      writeFileSync(path.join(OUT, `${state.name}.json`), `${JSON.stringify(stamped, null, 1)}\n`);
      console.log(`${state.name}: ${report.status}, ${report.summary.errors} errors`);
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
  rmSync(target, { recursive: true, force: true });
}
