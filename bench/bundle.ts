// Bundles an entry as `npm run bundle` does (scripts/bundle.ts), for benches that measure
// what runs on a runner or a laptop: the bundle, not src/.
import { build } from "esbuild";

/** Bundles `entry` of the checkout at `src` into `outfile`; returns `outfile`. */
export async function bundleEntry(src: string, entry: string, outfile: string): Promise<string> {
  await build({
    absWorkingDir: src,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    minify: true,
    logLevel: "error",
    banner: {
      js: "import { createRequire as __dxfixCreateRequire } from 'node:module'; const require = __dxfixCreateRequire(import.meta.url);",
    },
  });
  return outfile;
}
