// The plan formats dxfix reads, one row each. Every format is one parser returning the
// same Plan model (model.ts); trace, lint, the runner and the lossless editor work on
// it unchanged.
//
// Adding a format: write its parser in a new file (src/plan/<format>.ts exporting a
// `detect(text)` that recognises it cheaply and a `parse(text, path)` that returns a
// Plan whose `format` is the row's name), then add one row below, above Kiro. The first
// row whose `detect` matches reads the plan.
import { parseKiro } from "./kiro.ts";
import type { Plan } from "./model.ts";
import { looksLikeSpecKit, parseSpecKit } from "./speckit.ts";

export interface PlanFormat {
  /** The `format` of the plans it returns (`dxfix plan --json`). */
  name: string;
  detect(text: string): boolean;
  parse(text: string, path: string | null): Plan;
}

/** Kiro's tasks.md (canonical or flattened) reads whatever no other row claims. */
const KIRO: PlanFormat = { name: "kiro", detect: () => true, parse: parseKiro };

export const PLAN_FORMATS: readonly PlanFormat[] = [
  { name: "speckit", detect: looksLikeSpecKit, parse: parseSpecKit },
  KIRO, // the fallback: keep it last
];

/** The format that reads `text`: the first row that recognises it. */
export function formatOf(text: string): PlanFormat {
  return PLAN_FORMATS.find((format) => format.detect(text)) ?? KIRO;
}
