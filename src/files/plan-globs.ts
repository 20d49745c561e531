/**
 * Where plans are looked for when nothing is configured: Kiro's specs and Spec Kit's
 * (`specs/<feature>/tasks.md`), from the repository root. The config's `specs` default;
 * a module of its own so the config does not load the plan parser.
 */
export const DEFAULT_PLAN_GLOBS: readonly string[] = [".kiro/specs/*/tasks.md", "specs/*/tasks.md"];
