// Commands for checkpoints from `.github/dxfix.yml` (`checkpoints:`), for plans whose
// checkpoints are prose. One pure function attaches them to a parsed plan, so the CLI,
// the Action and the bot gate the same checkpoints with the same commands; another
// suggests an entry for each checkpoint that still names no command.
import picomatch from "picomatch";
import type { CheckpointCommands } from "../config.ts";
import type { Command, Diagnostic, Group, Plan } from "../plan/model.ts";

/** `*` stands for any text; the rest is literal, case-insensitive, and the whole title must match. */
export function titleMatches(pattern: string, title: string): boolean {
  const pieces = pattern.toLowerCase().split("*");
  const t = title.toLowerCase().trim();
  const first = pieces[0] ?? "";
  const last = pieces.at(-1) ?? "";
  if (pieces.length === 1) return t === first.trim();
  if (!t.startsWith(first) || !t.endsWith(last) || t.length < first.length + last.length) {
    return false;
  }
  // Leftmost match of each middle piece: linear in the title for each piece.
  let at = first.length;
  const end = t.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = t.indexOf(piece, at);
    if (found === -1 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

/** Whether an entry is for this plan (its path from the repository root, `/`-separated). */
function forPlan(entry: CheckpointCommands, planPath: string): boolean {
  return entry.plan === undefined || picomatch.isMatch(planPath, entry.plan, { dot: true });
}

function forGroup(entry: CheckpointCommands, g: Group): boolean {
  if (entry.checkpoint !== undefined) return entry.checkpoint === g.id;
  return entry.title !== undefined && titleMatches(entry.title, g.title);
}

const key = (c: { run: string; cwd: string | null }) => `${c.cwd ?? "."}\u0000${c.run}`;

/**
 * The plan with each matching checkpoint's configured commands after its own (a command it
 * already names is not repeated), marked `source: "config"` and placed at the checkpoint's
 * line. `planPath` is the plan's path from the repository root.
 */
export function applyConfigCommands(
  plan: Plan,
  entries: readonly CheckpointCommands[],
  planPath: string,
): Plan {
  const mine = entries.filter((e) => forPlan(e, planPath.replaceAll("\\", "/")));
  if (mine.length === 0) return plan;
  const given = new Set<number>();
  const groups = plan.groups.map((g) => {
    if (g.kind !== "checkpoint") return g;
    const commands = [...g.commands];
    const seen = new Set(commands.map(key));
    for (const entry of mine.filter((e) => forGroup(e, g))) {
      for (const run of typeof entry.run === "string" ? [entry.run] : entry.run) {
        const c: Command = {
          run,
          cwd: entry.cwd ?? null,
          line: g.line,
          column: g.column,
          source: "config",
        };
        if (!seen.has(key(c))) commands.push(c);
        seen.add(key(c));
      }
    }
    if (commands.length === g.commands.length) return g;
    given.add(g.line);
    return { ...g, commands };
  });
  // A checkpoint that got commands is no longer one that cannot be verified.
  const diagnostics = plan.diagnostics.filter(
    (d) => d.code !== "checkpoint-without-command" || !given.has(d.line),
  );
  return { ...plan, groups, diagnostics };
}

/** YAML for a config entry, quoted where YAML would read the text otherwise. */
const yamlText = (s: string) => (/^[\w./-]+$/.test(s) && !/^\d/.test(s) ? s : JSON.stringify(s));

/**
 * An info diagnostic for each checkpoint that names no command of its own (it runs what
 * ran before it, or nothing), saying how to give it one: in the plan, or in the config.
 */
export function checkpointSuggestions(plan: Plan, planPath: string): Diagnostic[] {
  return plan.groups
    .filter((g) => g.kind === "checkpoint" && g.commands.length === 0)
    .filter((g) => g.tasks.every((t) => t.commands.length === 0))
    .map((g) => ({
      severity: "info",
      code: "checkpoint-needs-command",
      message: `checkpoint ${g.id} names no command: name one in the plan (a line such as "Run \`npm test\`" under it), or map it in .github/dxfix.yml with checkpoints: [{ plan: ${yamlText(planPath.replaceAll("\\", "/"))}, checkpoint: ${yamlText(g.id)}, run: "<command>" }]`,
      file: plan.path,
      line: g.line,
      column: g.column,
    }));
}
