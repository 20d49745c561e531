// Loads captured tool output (test/fixtures/tool-output, see its README).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIR = fileURLToPath(new URL("../../fixtures/tool-output/", import.meta.url));

export function fixture(name: string): string {
  return readFileSync(DIR + name, "utf8");
}

export function lines(name: string): string[] {
  const text = fixture(name);
  return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
}
