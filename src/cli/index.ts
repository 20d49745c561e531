#!/usr/bin/env node
// Entry of the installed CLI (dist/cli.js). The Node version is checked before anything
// else is loaded: bundled, every module a file imports statically runs before its own
// body, and the engine's patterns use syntax an older Node rejects (`(?i:…)`), so the
// rest of the CLI is imported only once the check has passed.
import "./node-version.ts";

await import("./main.ts");
