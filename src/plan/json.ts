// The `dxfix plan --json` contract (documented in docs/plan.md, schema in
// docs/plan.schema.json). Other parts of dxfix and its users build on these names.
// A namespace import lets the bundler drop the parts of zod we do not use (~340 KB).
import * as z from "zod";
import type { Diagnostic, Plan, Trace } from "./model.ts";

const State = z.enum(["todo", "in_progress", "done"]);
const CommandJson = z.object({
  run: z.string(),
  cwd: z.string().nullable(),
  line: z.number().int(),
});
const PropertyJson = z.object({
  id: z.string(),
  title: z.string(),
  validates: z.array(z.string()),
});
const DiagnosticJson = z.object({
  severity: z.enum(["error", "warning", "info"]),
  code: z.string(),
  message: z.string(),
  file: z.string().nullable(),
  line: z.number().int(),
  column: z.number().int(),
});

/** A task that is not live (struck through, or archived): never gated, counted or given a PR. */
const SetAsideJson = z.object({
  /** The number as written; "" for an unnumbered item. */
  id: z.string(),
  title: z.string(),
  line: z.number().int(),
});

export const PlanJson = z.object({
  format: z.string(),
  repaired: z.boolean(),
  path: z.string().nullable(),
  title: z.string().nullable(),
  groups: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      kind: z.enum(["work", "checkpoint", "verification"]),
      state: State,
      optional: z.boolean(),
      line: z.number().int(),
      requirements: z.array(z.string()),
      commands: z.array(CommandJson),
      tasks: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          state: State,
          optional: z.boolean(),
          parent: z.string().nullable(),
          verification: z.boolean(),
          requirements: z.array(z.string()),
          properties: z.array(PropertyJson),
          commands: z.array(CommandJson),
          line: z.number().int(),
        }),
      ),
    }),
  ),
  /** Struck-through tasks (`~~1. title~~`). */
  cancelled: z.array(SetAsideJson),
  /** Tasks of a section that archives earlier work (`## Previously completed tasks`). */
  archived: z.array(SetAsideJson),
  /** Unnumbered checkboxes of a plan whose tasks are numbered (completion criteria, ...). */
  checklists: z.array(
    z.object({
      text: z.string(),
      state: State,
      line: z.number().int(),
      section: z.string().nullable(),
    }),
  ),
  /** Checkpoints and verification tasks, in plan order, with the commands they run. */
  checkpoints: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      kind: z.enum(["checkpoint", "verification"]),
      commands: z.array(CommandJson),
      inherited: z.array(CommandJson),
    }),
  ),
  requirements: z.array(
    z.object({
      id: z.string(),
      text: z.string().nullable(),
      tasks: z.array(z.string()),
      checkpoints: z.array(z.string()),
      properties: z.array(z.string()),
      covered: z.boolean(),
      known: z.boolean(),
    }),
  ),
  diagnostics: z.array(DiagnosticJson),
});
export type PlanJson = z.infer<typeof PlanJson>;

const cmd = (c: { run: string; cwd: string | null; line: number }) => ({
  run: c.run,
  cwd: c.cwd,
  line: c.line,
});

const setAside = (s: { id: string; title: string; line: number }) => ({
  id: s.id,
  title: s.title,
  line: s.line,
});

export function toPlanJson(plan: Plan, trace: Trace, diagnostics: Diagnostic[]): PlanJson {
  return {
    format: plan.format,
    repaired: plan.repaired,
    path: plan.path,
    title: plan.title,
    groups: plan.groups.map((g) => ({
      id: g.id,
      title: g.title,
      kind: g.kind,
      state: g.state,
      optional: g.optional,
      line: g.line,
      requirements: g.requirements,
      commands: g.commands.map(cmd),
      tasks: g.tasks.map((t) => ({
        id: t.id,
        title: t.title,
        state: t.state,
        optional: t.optional,
        parent: t.parent,
        verification: t.verification,
        requirements: t.requirements,
        properties: t.properties.map((p) => ({ id: p.id, title: p.title, validates: p.validates })),
        commands: t.commands.map(cmd),
        line: t.line,
      })),
    })),
    cancelled: plan.cancelled.map(setAside),
    archived: plan.archived.map(setAside),
    checklists: plan.checklists.map((c) => ({
      text: c.text,
      state: c.state,
      line: c.line,
      section: c.section,
    })),
    checkpoints: trace.gates.map((g) => ({
      id: g.id,
      title: g.title,
      kind: g.kind,
      commands: g.commands.map(cmd),
      inherited: g.inherited.map(cmd),
    })),
    requirements: trace.criteria.map((c) => ({
      id: c.id,
      text: c.text,
      tasks: c.tasks,
      checkpoints: c.checkpoints,
      properties: c.properties,
      covered: c.covered,
      known: c.known,
    })),
    diagnostics: diagnostics.map((d) => ({ ...d })),
  };
}
