// Output nothing recognised: no findings. The report still has the command's exit
// code, duration and log tail, which the runner keeps.
import type { CleanReader } from "./collect.ts";
import { emptyReading } from "./collect.ts";

export function createGenericReader(): CleanReader {
  return {
    name: "generic",
    feed() {},
    recognised: () => false,
    finish: () => emptyReading("generic"),
  };
}
