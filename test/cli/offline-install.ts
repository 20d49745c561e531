// Installs a packed dxfix tarball into a fresh project the way a user would, without
// the network: `npm ci --offline` against a lockfile that pins the tarball and, for its
// dependencies, the versions this repository's package-lock.json pins (whose tarballs
// `npm ci` left in npm's cache). The CLI bundle needs none of them at run time, but
// npm installs a package's dependencies whatever its bin needs.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  dev?: boolean;
  [key: string]: unknown;
}

const REPO = new URL("../../", import.meta.url).pathname;

function npm(args: string[], cwd: string): string {
  const r = spawnSync("npm", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** `npm pack` of this repository into `dir`; the tarball's path. */
export function pack(dir: string): string {
  const [entry] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], REPO)) as {
    filename: string;
  }[];
  if (!entry) throw new Error("npm pack printed no tarball");
  return join(dir, entry.filename);
}

/** The registry URL npm fetched `entry` from (the lockfile keeps none). */
function tarballUrl(registry: string, path: string, entry: LockEntry): string {
  const name = entry.name ?? path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
  const base = name.split("/").pop() ?? name;
  return `${registry.replace(/\/$/, "")}/${name}/-/${base}-${entry.version}.tgz`;
}

/** A project in `dir` depending on the tarball, installed offline. */
export function installOffline(dir: string, tarball: string): void {
  const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
  const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const registry = npm(["config", "get", "registry"], dir).trim();
  const spec = `file:${tarball}`;
  const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
  const { dependencies, bin, engines, license, version } = pkg;
  const packages: Record<string, LockEntry> = {
    "": { name: "user-project", dependencies: { dxfix: spec } },
    "node_modules/dxfix": {
      version,
      resolved: spec,
      integrity,
      license,
      dependencies,
      bin,
      engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith("node_modules/") || entry.dev) continue;
    packages[path] = { ...entry, resolved: entry.resolved ?? tarballUrl(registry, path, entry) };
  }
  const manifest = { name: "user-project", private: true, dependencies: { dxfix: spec } };
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest));
  writeFileSync(
    join(dir, "package-lock.json"),
    JSON.stringify({ name: "user-project", lockfileVersion: 3, requires: true, packages }),
  );
  npm(["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], dir);
}
