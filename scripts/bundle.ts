// Bundles the Action (dist/index.js), the fix action (dist/fix.js) and the CLI
// (dist/cli.js) with esbuild. dist/ is committed and CI rebuilds it and diffs, so the
// output must be deterministic: no timestamps, no absolute paths, fixed options. Run with `npm run bundle`.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { BUNDLE_OPTIONS } from "./bundle-options.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

// Code splitting: what an entry imports dynamically (the proxy-aware fetch, artifact and
// cache clients, the config schema, ...) goes to a chunk of its own that is read only
// when a run needs it. The Action is built on its own: sharing chunks with the CLI and the
// fix action cut what it loads at start into 17 modules, and each module costs its own
// read, compile and link (~6 ms of CPU in all; bench/startup.bench.ts). The CLI and the
// fix action share theirs.
const builds: Record<string, string>[] = [
  { index: "src/action/index.ts" },
  { cli: "src/cli/index.ts", fix: "src/action/fix/index.ts" },
];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

for (const entryPoints of builds) {
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir: dist,
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    splitting: true,
    metafile: true,
    ...BUNDLE_OPTIONS,
  });
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith(".js")) continue;
    const name = relative(root, join(root, file));
    console.log(`bundle: ${name} ${(output.bytes / 1024).toFixed(0)} KiB`);
  }
}

// The bundles are ES modules; the nearest package.json must say so.
writeFileSync(join(dist, "package.json"), `${JSON.stringify({ type: "module" }, null, 2)}\n`);
