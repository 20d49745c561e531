// Bundles the Action (dist/index.js), the fix action (dist/fix.js) and the CLI
// (dist/cli.js) with esbuild. dist/ is committed and CI rebuilds it and diffs, so the
// output must be deterministic: no timestamps, no absolute paths, fixed options. Run with `npm run bundle`.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { BUNDLE_OPTIONS } from "./bundle-options.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

const entries = [
  { entry: "src/action/index.ts", out: "index.js" },
  { entry: "src/cli/main.ts", out: "cli.js" },
  { entry: "src/action/fix/index.ts", out: "fix.js" },
];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

for (const { entry, out } of entries) {
  if (!existsSync(join(root, entry))) {
    console.warn(`bundle: ${entry} does not exist yet, skipped`);
    continue;
  }
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: join(dist, out),
    ...BUNDLE_OPTIONS,
  });
  const size = statSync(join(dist, out)).size;
  console.log(`bundle: ${relative(root, join(dist, out))} ${(size / 1024).toFixed(0)} KiB`);
}

// The bundles are ES modules; the nearest package.json must say so.
writeFileSync(join(dist, "package.json"), `${JSON.stringify({ type: "module" }, null, 2)}\n`);
