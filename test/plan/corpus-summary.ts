// The corpus's summary of a plan: what `dxfix plan --json` says about a plan, reduced to
// what a reader can tell from the plan by hand (no titles, lines or diagnostics), so
// that expectations written before the parser ran can be compared with its output.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { createOut } from "../../src/cli/out.ts";
import { planCommand } from "../../src/cli/plan.ts";
import type { PlanJson } from "../../src/plan/json.ts";

type State = "todo" | "in_progress" | "done";

export interface TaskSummary {
  id: string;
  state: State;
  optional: boolean;
  requirements: string[];
  properties: { id: string; validates: string[] }[];
  commands: string[];
}

export interface GroupSummary {
  id: string;
  kind: "work" | "checkpoint" | "verification";
  state: State;
  optional: boolean;
  commands: string[];
  tasks: TaskSummary[];
}

export interface CorpusSummary {
  description?: string;
  format: string;
  groups: GroupSummary[];
  cancelled: string[];
  archived: string[];
  checklists: { text: string; state: State }[];
  criteria?: string[];
}

/** The fields the other parts of the parser add to the plan JSON (absent today: empty). */
interface NewFields {
  cancelled?: { id: string }[];
  archived?: { id: string }[];
  checklists?: { text: string; state: State }[];
}

/** The plan JSON of `dxfix plan --json <tasks.md>`, through the CLI's own code path. */
export function planJsonOf(tasksPath: string): PlanJson & NewFields {
  let text = "";
  const out = createOut((s) => {
    text += s;
  }, false);
  planCommand({ plan: tasksPath, requirements: null, json: true }, out);
  return JSON.parse(text) as PlanJson & NewFields;
}

/** The requirements document beside a plan, when there is one. */
export function requirementsDocBeside(tasksPath: string): string | null {
  for (const name of ["requirements.md", "spec.md"]) {
    const path = join(dirname(tasksPath), name);
    if (existsSync(path)) return path;
  }
  return null;
}

const runs = (cs: { run: string }[]): string[] => cs.map((c) => c.run);

export function summarize(json: PlanJson & NewFields, withCriteria: boolean): CorpusSummary {
  const summary: CorpusSummary = {
    format: json.format,
    groups: json.groups.map((g) => ({
      id: g.id,
      kind: g.kind,
      state: g.state,
      optional: g.optional,
      commands: runs(g.commands),
      tasks: g.tasks.map((t) => ({
        id: t.id,
        state: t.state,
        optional: t.optional,
        requirements: t.requirements,
        properties: t.properties.map((p) => ({ id: p.id, validates: p.validates })),
        commands: runs(t.commands),
      })),
    })),
    cancelled: (json.cancelled ?? []).map((c) => c.id),
    archived: (json.archived ?? []).map((a) => a.id),
    checklists: (json.checklists ?? []).map((c) => ({ text: c.text, state: c.state })),
  };
  if (withCriteria) summary.criteria = json.requirements.filter((r) => r.known).map((r) => r.id);
  return summary;
}

/** The summary of the plan at `tasksPath`, with criteria when a requirements doc is beside it. */
export function corpusSummary(tasksPath: string): CorpusSummary {
  return summarize(planJsonOf(tasksPath), requirementsDocBeside(tasksPath) !== null);
}
