// Artifacts of this workflow run: matrix jobs upload their partial reports, the merge job
// downloads them, and a fork PR's run uploads its report for the bot. @actions/artifact is
// imported only on those paths. A directory store stands in for GitHub in tests, benches
// and local runs.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { UserError } from "../errors.ts";

/** The most a downloaded report file may weigh (a partial report is far smaller). */
export const MAX_ARTIFACT_BYTES = 8 * 1024 * 1024;

export interface ArtifactFile {
  /** The artifact's name. */
  name: string;
  /** The text of its JSON file. */
  text: string;
}

export interface ArtifactStore {
  /** Uploads one file as the artifact `name` (a re-run's upload replaces it). */
  upload(name: string, file: string): Promise<void>;
  /** This run's artifacts whose names start with `prefix`, with their JSON file. */
  download(prefix: string): Promise<ArtifactFile[]>;
}

/** The first `.json` file under `dir`, size-capped. */
function jsonFile(dir: string, name: string): string {
  const file = readdirSync(dir, { recursive: true, encoding: "utf8" }).find((f) =>
    f.endsWith(".json"),
  );
  if (!file) throw new UserError(`artifact ${name} holds no JSON file`);
  const path = join(dir, file);
  if (statSync(path).size > MAX_ARTIFACT_BYTES)
    throw new UserError(`artifact ${name} is larger than ${MAX_ARTIFACT_BYTES} bytes`);
  return readFileSync(path, "utf8");
}

/** Artifacts as folders of a directory (`<dir>/<name>/<file>`). */
export function dirArtifacts(dir: string): ArtifactStore {
  return {
    async upload(name, file) {
      mkdirSync(join(dir, name), { recursive: true });
      cpSync(file, join(dir, name, basename(file)));
    },
    async download(prefix) {
      let names: string[];
      try {
        names = readdirSync(dir).filter((n) => n.startsWith(prefix));
      } catch {
        return [];
      }
      return names.sort().map((name) => ({ name, text: jsonFile(join(dir, name), name) }));
    },
  };
}

/** The run's artifacts through @actions/artifact (loaded on first use). */
export function actionsArtifacts(): ArtifactStore {
  const client = async () => {
    const { DefaultArtifactClient } = await import("@actions/artifact");
    return new DefaultArtifactClient();
  };
  return {
    async upload(name, file) {
      const c = await client();
      await c.uploadArtifact(name, [file], dirname(file), { retentionDays: 7 });
    },
    async download(prefix) {
      const c = await client();
      const { artifacts } = await c.listArtifacts({ latest: true });
      const wanted = artifacts.filter((a) => a.name.startsWith(prefix));
      const files: ArtifactFile[] = [];
      for (const a of wanted.sort((x, y) => x.name.localeCompare(y.name))) {
        const path = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), "dxfix-artifact-"));
        await c.downloadArtifact(a.id, { path });
        files.push({ name: a.name, text: jsonFile(path, a.name) });
      }
      return files;
    },
  };
}

/**
 * This run's artifact store: GitHub's, or a directory when DXFIX_ARTIFACT_DIR names one
 * (local runs such as @github/local-action or act, and the matrix bench, have no
 * artifact service).
 */
export function runArtifacts(): ArtifactStore {
  const dir = process.env.DXFIX_ARTIFACT_DIR;
  return dir ? dirArtifacts(dir) : actionsArtifacts();
}
