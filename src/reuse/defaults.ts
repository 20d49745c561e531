/**
 * What a command's reuse key reads of the environment when `reuse.env` is not configured:
 * the runner's OS, architecture and image. The config's default; a module of its own so
 * the schema (config-schema.ts) and the written-out defaults (config-defaults.ts) share it.
 */
export const DEFAULT_REUSE_ENV: readonly string[] = [
  "RUNNER_OS",
  "RUNNER_ARCH",
  "ImageOS",
  "ImageVersion",
];
