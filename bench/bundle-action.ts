// The Action bundled the way the runner gets it (esbuild, ESM, minified, lazy imports
// split into chunks so a run loads only what its event needs), into a temp folder: the
// benches run the current sources without touching the committed dist/.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const banner =
  "import { createRequire as __dxfixCreateRequire } from 'node:module'; const require = __dxfixCreateRequire(import.meta.url);";

/** Bundles src/action/index.ts into `dir`; returns the bundle's path. */
export async function bundleAction(dir: string): Promise<string> {
  await build({
    absWorkingDir: root,
    entryPoints: { index: "src/action/index.ts" },
    outdir: dir,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    minify: true,
    banner: { js: banner },
    charset: "utf8",
    logLevel: "error",
  });
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  return join(dir, "index.js");
}
