// The esbuild options every dxfix bundle is built with (scripts/bundle.ts), shared with
// the start-up bench so its baseline action is bundled exactly the same way.
import type { BuildOptions, Plugin } from "esbuild";

// Some bundled CommonJS dependencies (tunnel, via @actions/http-client) call require().
const banner =
  "import { createRequire as __dxfixCreateRequire } from 'node:module'; const require = __dxfixCreateRequire(import.meta.url);";

// @actions/core re-exports getIDToken, whose module imports @actions/http-client and so
// undici (about 400 KiB evaluated at every start). The package does not declare itself
// free of side effects, so esbuild keeps that module even when nothing calls it. It has
// none at import time: saying so lets esbuild drop it when unused, and keep it otherwise.
const oidcWithoutSideEffects: Plugin = {
  name: "actions-core-oidc-without-side-effects",
  setup(build) {
    build.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, async (args) => {
      if (args.pluginData === "resolved" || !args.importer.includes("/@actions/core/")) {
        return undefined;
      }
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: "resolved",
      });
      return { path: resolved.path, sideEffects: false };
    });
  },
};

export const BUNDLE_OPTIONS = {
  plugins: [oidcWithoutSideEffects],
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
