// What the orphan tests look at: the live processes whose environment carries a dxfix
// run id, found by scanning /proc here independently of src/checkpoints/process/tree.ts.
import { readdirSync, readFileSync } from "node:fs";

/** Live (non-zombie) processes whose environment holds `id`. */
export function carrying(id: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") continue;
      if (readFileSync(`/proc/${name}/environ`).includes(id)) found.push(Number(name));
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

/** The processes still carrying `id` after waiting up to `withinMs` for them to go. */
export async function leftCarrying(id: string, withinMs = 5000): Promise<number[]> {
  const end = Date.now() + withinMs;
  let left = carrying(id);
  while (left.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    left = carrying(id);
  }
  return left;
}

/** Waits until `probe` returns something truthy (or throws after `withinMs`). */
export async function waitFor<T>(probe: () => T | null | undefined, withinMs = 10_000): Promise<T> {
  const end = Date.now() + withinMs;
  for (;;) {
    try {
      const value = probe();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Kills what a failed test left, so one failure does not leave sleepers behind. */
export function killCarrying(id: string): void {
  for (const pid of carrying(id)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
}
