// Terminal output for the CLI: lines, in the colours of src/report/color.ts when the
// colour policy (shouldColor) allows them.
import { type Colors, colors } from "../report/color.ts";

export interface Out extends Colors {
  line(text: string): void;
  color: boolean;
}

export function createOut(write: (s: string) => void, color: boolean): Out {
  return { ...colors(color), line: (text) => write(`${text}\n`), color };
}
