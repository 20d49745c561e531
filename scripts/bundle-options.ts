// The esbuild options every dxfix bundle is built with (scripts/bundle.ts), shared with
// the start-up bench so its baseline action is bundled exactly the same way.
import type { BuildOptions } from "esbuild";

// Some bundled CommonJS dependencies (tunnel, via @actions/http-client) call require().
const banner =
  "import { createRequire as __dxfixCreateRequire } from 'node:module'; const require = __dxfixCreateRequire(import.meta.url);";

export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  minify: true,
  legalComments: "linked",
  banner: { js: banner },
  charset: "utf8",
  logLevel: "warning",
} satisfies BuildOptions;
