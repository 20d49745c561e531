// Where earlier results come from: the previous report of the PR (embedded in the living
// comment), a local cache directory (the CLI), or any chain of them. Only passed results
// are reused: a failure gets its re-run (flaky tests, a fixed runner).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResultSource, SourceQuery } from "../checkpoints/check.ts";
import type { Ran } from "../checkpoints/command.ts";
import type { TestCase } from "../checkpoints/readers/types.ts";
import type { CommandResult, Report } from "../report/schema.ts";

/** What a cache keeps per key: the result, the tests it named, and where it ran. */
export interface StoredResult {
  v: 1;
  sha: string;
  result: CommandResult;
  tests: TestCase[];
}

/** A stored result as this run's report shows it: reused from `sha`, not run here. */
export function reusedRan(stored: StoredResult, key: string): Ran {
  const result: CommandResult = {
    ...stored.result,
    reused: false,
    key,
    reusedFrom: stored.result.reusedFrom ?? stored.sha,
  };
  return { result, tests: stored.tests };
}

/** Parses a stored entry; null when it is not one (a foreign or damaged file). */
export function readStored(text: string, key: string): StoredResult | null {
  try {
    const value = JSON.parse(text) as StoredResult;
    const ok =
      value?.v === 1 &&
      typeof value.sha === "string" &&
      value.result?.key === key &&
      value.result.status === "passed" &&
      Array.isArray(value.tests);
    return ok ? value : null;
  } catch {
    return null;
  }
}

/** The property tests of a report, as test cases (the report keeps no per-command list). */
function reportTests(report: Report): TestCase[] {
  return report.properties.flatMap((p) =>
    p.tests.flatMap((t) =>
      t.status === "not_run" ? [] : [{ name: t.name, status: t.status, suite: null, file: t.file }],
    ),
  );
}

/** Passed results of the PR's previous report, by key. */
export function reportSource(previous: Report): ResultSource {
  const sha = previous.commit?.sha;
  const byKey = new Map<string, CommandResult>();
  for (const cmd of previous.checkpoints.flatMap((c) => c.commands)) {
    if (cmd.key && cmd.status === "passed" && !byKey.has(cmd.key)) byKey.set(cmd.key, cmd);
  }
  let tests = reportTests(previous);
  return {
    async find({ key }) {
      const result = key && sha ? byKey.get(key) : undefined;
      if (!result || !key || !sha) return null;
      // The report does not say which command named which test: the first reuse brings them.
      const ran = reusedRan({ v: 1, sha, result, tests }, key);
      tests = [];
      return ran;
    },
  };
}

/** A directory of `<key>.json` entries (the CLI's `.git/dxfix-cache`). */
export function dirSource(dir: string, sha: string): ResultSource {
  return {
    async find({ key }) {
      if (!key) return null;
      let text: string;
      try {
        text = readFileSync(join(dir, `${key}.json`), "utf8");
      } catch {
        return null;
      }
      const stored = readStored(text, key);
      return stored ? reusedRan(stored, key) : null;
    },
    async ran({ key }, ran) {
      if (!key || ran.result.status !== "passed") return;
      mkdirSync(dir, { recursive: true });
      const stored: StoredResult = { v: 1, sha, result: ran.result, tests: ran.tests };
      // Written aside and renamed: a reader never sees half a file.
      const tmp = join(dir, `${key}.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify(stored));
      renameSync(tmp, join(dir, `${key}.json`));
    },
  };
}

/** The first source that has a result wins; every source hears what ran. */
export function chainSources(sources: ResultSource[]): ResultSource {
  return {
    async find(query: SourceQuery) {
      for (const s of sources) {
        const found = await s.find(query);
        if (found) return found;
      }
      return null;
    },
    async ran(query, ran) {
      for (const s of sources) await s.ran?.(query, ran);
    },
  };
}
