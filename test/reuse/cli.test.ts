// `dxfix check` reuse and `dxfix plan --matrix` as a user runs them: child processes,
// a real git repository, real commands.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { Report } from "../../src/report/schema.ts";
import { initRepo, tempDirs } from "../helpers/git.ts";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const plan = `# Demo
- [ ] 1. Checkpoint - Ensure \`echo one >> "$COUNT"\` succeeds
- [ ] 2. Checkpoint - Ensure \`echo two >> "$COUNT"\` succeeds
- [ ] 3. Checkpoint - Ensure \`echo one >> "$COUNT"\` still succeeds
`;

function setUp() {
  const root = dirs.make("dxfix-cli-reuse-");
  writeFileSync(join(root, "tasks.md"), plan);
  initRepo(root);
  const count = join(dirs.make("dxfix-cli-out-"), "count");
  const dxfix = (...args: string[]) => {
    const r = spawnSync(process.execPath, [main, ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", COUNT: count },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const ran = () => readFileSync(count, "utf8").trim().split("\n");
  return { root, dxfix, ran };
}

describe("dxfix check reuse", () => {
  it("keeps passed results in .git/dxfix-cache; --no-reuse and --cache-dir", async () => {
    const { root, dxfix, ran } = setUp();
    expect(dxfix("check", "tasks.md", "-q").code).toBe(0);
    const second = dxfix("check", "tasks.md", "-q", "--json", "-");
    expect(second.code).toBe(0);
    expect(ran()).toEqual(["one", "two"]);
    const report = Report.parse(JSON.parse(second.stdout));
    // Checkpoint 3 shares checkpoint 1's command: reused within the run, from the cache.
    const commands = report.checkpoints.flatMap((c) => c.commands);
    expect(commands.map((x) => [x.reused, x.reusedFrom?.length])).toEqual([
      [false, 40],
      [false, 40],
      [true, 40],
    ]);
    expect(report.summary.processes).toBe(0);
    expect(dxfix("check", "tasks.md", "-q", "--no-reuse").code).toBe(0);
    expect(ran()).toHaveLength(4);
    const elsewhere = join(root, "..", `${root.split("/").at(-1)}-cache`);
    dirs.keep(elsewhere);
    dxfix("check", "tasks.md", "-q", "--cache-dir", elsewhere);
    expect(ran()).toHaveLength(6);
  });

  it("plan --matrix prints the units for strategy.matrix", () => {
    const { dxfix } = setUp();
    const r = dxfix("plan", "tasks.md", "--matrix");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).include.map((e: { checkpoints: string }) => e.checkpoints)).toEqual(
      ["1 3", "2"],
    );
  });
});
