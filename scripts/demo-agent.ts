// `npm run demo -- --agent`: the fix loop on the example, played locally as GitHub would
// play it. For each work group: the bot opens its PR (a branch with the group at `[-]`),
// the fixer (the example's stand-in agent, through `dxfix fix`) works it until the
// group's checkpoints pass, the bot records progress (every started group whose gates
// pass is ticked) and the PR merges. Group 4's fixer asks a question; a reviewer's
// answer is the next run's guidance.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { groupsToTick } from "../src/bot/progress.ts";
import { UserError } from "../src/errors.ts";
import { advanceGroup, parsePlan } from "../src/plan/index.ts";
import { parseReport, type Report } from "../src/report/schema.ts";
import { EXAMPLE_GROUPS, EXAMPLE_PLAN } from "./example.ts";

const CLI = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const AGENT = "sh agent/stand-in-agent.sh";
const ANSWER =
  "Use a single reactor with IoOperation, as the design says: get_reactor() and submit the operation.";

interface Ctx {
  repo: string;
  reports: string;
  env: NodeJS.ProcessEnv;
  git: (args: string[]) => void;
}

/** Runs the CLI, echoing its output, and returns its exit code and what it printed. */
function cli(ctx: Ctx, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ctx.repo, env: ctx.env });
    let output = "";
    const echo = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on("data", echo);
    child.stderr.on("data", echo);
    child.on("error", (e) => reject(new UserError(`could not start dxfix: ${e.message}`)));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

function fix(ctx: Ctx, group: number, guidance: string | null) {
  const args = ["fix", EXAMPLE_PLAN, "--group", String(group), "--fixer", AGENT];
  return cli(ctx, guidance ? [...args, "--guidance-file", guidance] : args);
}

/** The whole checklist, quietly: the report the Action would embed in its comment. */
function check(ctx: Ctx, name: string): Report {
  const json = path.join(ctx.reports, `${name}.json`);
  spawnSync(process.execPath, [CLI, "check", EXAMPLE_PLAN, "--json", json, "--quiet"], {
    cwd: ctx.repo,
    env: ctx.env,
    stdio: "ignore",
  });
  try {
    return parseReport(JSON.parse(readFileSync(json, "utf8")));
  } catch (e) {
    throw new UserError(`dxfix check wrote no readable report (${(e as Error).message})`);
  }
}

function editPlan(ctx: Ctx, edit: (text: string) => string, message: string): void {
  const file = path.join(ctx.repo, EXAMPLE_PLAN);
  const before = readFileSync(file, "utf8");
  const after = edit(before);
  if (after === before) return;
  writeFileSync(file, after);
  ctx.git(["commit", "-q", "-am", message]);
}

const say = (text: string) => process.stdout.write(`\n== ${text} ==\n\n`);

async function playGroup(ctx: Ctx, group: number, tally: { runs: number; questions: number }) {
  const plan = parsePlan(readFileSync(path.join(ctx.repo, EXAMPLE_PLAN), "utf8"), {
    path: EXAMPLE_PLAN,
  });
  const title = plan.groups.find((g) => g.id === String(group))?.title ?? "";
  const branch = `dxfix/dx-py-runtime-compilation-fix/${group}`;
  say(`task group ${group}: ${title}: the bot opens its PR (${branch})`);
  ctx.git(["checkout", "-q", "-b", branch]);
  editPlan(
    ctx,
    (t) => advanceGroup(t, parsePlan(t), String(group), "in_progress"),
    `dxfix: start task group ${group}`,
  );
  const run = await fix(ctx, group, null);
  tally.runs++;
  const question = /^QUESTION:[^\n]*(?:\n(?!dxfix)[^\n]+)*/m.exec(run.output)?.[0];
  if (question) {
    tally.questions++;
    say("the bot asks on the PR, quoting the fixer");
    process.stdout.write(`${question}\n`);
    const answer = path.join(ctx.reports, `answer-${group}.md`);
    writeFileSync(answer, `${ANSWER}\n`);
    say("a reviewer answers and comments /dxfix fix");
    process.stdout.write(`${ANSWER}\n`);
    await fix(ctx, group, answer);
    tally.runs++;
  }
  const report = check(ctx, `group-${group}`);
  const ticked = groupsToTick(
    parsePlan(readFileSync(path.join(ctx.repo, EXAMPLE_PLAN), "utf8")),
    report,
    String(group),
  );
  editPlan(
    ctx,
    (t) => ticked.reduce((text, id) => advanceGroup(text, parsePlan(text), id, "done"), t),
    `dxfix: task groups ${ticked.join(", ")} done`,
  );
  const failing = report.checkpoints.filter((c) => c.status !== "passed").map((c) => c.id);
  process.stdout.write(
    `\nThe bot records progress: ${ticked.length ? `${ticked.length === 1 ? "group" : "groups"} ${ticked.join(", ")} ticked` : "nothing to tick yet"}; failing checkpoints: ${failing.join(", ") || "none"}.\n`,
  );
  ctx.git(["checkout", "-q", "main"]);
  ctx.git(["merge", "-q", "--ff-only", branch]);
  process.stdout.write(`Merged ${branch}.\n`);
}

export async function agentDemo(ctx: Ctx): Promise<void> {
  const tally = { runs: 0, questions: 0 };
  for (const group of EXAMPLE_GROUPS) await playGroup(ctx, group, tally);
  const final = check(ctx, "final");
  const s = final.summary;
  const plan = parsePlan(readFileSync(path.join(ctx.repo, EXAMPLE_PLAN), "utf8"));
  const done = plan.groups.filter((g) => g.kind === "work" && g.state === "done").map((g) => g.id);
  say("the plan on main");
  process.stdout.write(
    `${final.status}: ${s.checkpoints.passed}/${s.checkpoints.total} checkpoints pass, ${s.requirements.verified}/${s.requirements.total} criteria verified; work groups done: ${done.join(", ")}; ${tally.runs} fix runs, ${tally.questions} question asked and answered.\n`,
  );
  if (final.status !== "passed") throw new UserError("the plan did not reach green");
}
