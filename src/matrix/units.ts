// A plan's independent checkpoint units: checkpoints that share a command belong to one
// unit (the command runs once, in that unit's job, and the others reuse it), so each
// unit can run as its own matrix job and every command still runs exactly once.
import { posix } from "node:path";
import type { Gate } from "../plan/model.ts";

export interface Unit {
  /** The unit's first checkpoint in plan order: the `checkpoint` input of its job. */
  id: string;
  /** Its checkpoints, in plan order. */
  checkpoints: string[];
  title: string;
}

function commandId(c: { run: string; cwd: string | null }): string {
  return `${posix.normalize(c.cwd ?? ".")}\u0000${c.run}`;
}

/** Units in plan order (by their first checkpoint). */
export function checkpointUnits(gates: Gate[]): Unit[] {
  const parent = gates.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] ?? r;
    parent[i] = r;
    return r;
  };
  const owner = new Map<string, number>();
  gates.forEach((gate, i) => {
    const commands = gate.commands.length > 0 ? gate.commands : gate.inherited;
    for (const c of commands) {
      const id = commandId(c);
      const first = owner.get(id);
      if (first === undefined) owner.set(id, i);
      else parent[find(i)] = find(first);
    }
  });
  const units = new Map<number, Unit>();
  gates.forEach((gate, i) => {
    const root = find(i);
    const unit = units.get(root);
    if (unit) unit.checkpoints.push(gate.id);
    else units.set(root, { id: gate.id, checkpoints: [gate.id], title: gate.title });
  });
  return [...units.values()];
}

/** The unit holding checkpoint `id`, or null. */
export function unitOf(units: Unit[], id: string): Unit | null {
  const wanted = id.replace(/\.$/, "");
  return units.find((u) => u.checkpoints.includes(wanted)) ?? null;
}

export interface MatrixEntry {
  plan: string;
  checkpoint: string;
  checkpoints: string;
  name: string;
}

/** `strategy.matrix` for the units of each plan: `{ include: [...] }`. */
export function matrixJson(plans: Array<{ path: string; units: Unit[] }>): {
  include: MatrixEntry[];
} {
  return {
    include: plans.flatMap(({ path, units }) =>
      units.map((u) => ({
        plan: path,
        checkpoint: u.id,
        checkpoints: u.checkpoints.join(" "),
        name: `${u.id}. ${u.title}`.slice(0, 80),
      })),
    ),
  };
}
