// How much a rendered report lists beyond the verdict and the cause, like
// dorny/test-reporter's list-tests: the Action's `details` input. Its own module so the
// Action reads the choices without loading the renderer.

export type Details = "all" | "failed" | "none";
export const DETAILS: readonly Details[] = ["all", "failed", "none"];

/** The choice named `value`, or null when it names none. */
export function detailsOf(value: string): Details | null {
  return DETAILS.find((d) => d === value) ?? null;
}
