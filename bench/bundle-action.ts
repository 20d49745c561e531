// The Action bundled as `npm run bundle` bundles it (esbuild, ESM, minified), into a temp
// folder: the benches run what the runner runs, from the current sources, without
// touching the committed dist/.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const banner =
  "import { createRequire as __dxfixCreateRequire } from 'node:module'; const require = __dxfixCreateRequire(import.meta.url);";

/** Bundles src/action/index.ts into `dir`; returns the bundle's path. */
export async function bundleAction(dir: string): Promise<string> {
  const outfile = join(dir, "index.js");
  await build({
    absWorkingDir: root,
    entryPoints: ["src/action/index.ts"],
    outfile,
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
  return outfile;
}
