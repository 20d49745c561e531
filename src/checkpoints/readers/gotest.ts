// `go test`, plain (with or without -v) and `-json`:
//
//   === RUN   TestSubtractsWrongly                  (-v)
//       calc_test.go:13: expected 1, got 2
//   --- FAIL: TestSubtractsWrongly (0.00s)
//   --- FAIL: TestTable (0.00s)
//       --- FAIL: TestTable/two (0.00s)
//           calc_test.go:28: n = 2                  (without -v the log follows the result)
//   FAIL	example.com/gt/calc	0.013s
//   ok  	example.com/gt/ok	0.005s
//   {"Action":"fail","Package":"example.com/gt/calc","Test":"TestTable/two"}   (-json)
//
// go prints no totals: they are the results counted, subtests included and a parent
// whose subtests ran left out (its result is theirs). Without -v, go prints only the
// failures, so passed tests are not counted. A failure's finding is located by the
// first `file.go:line: message` it logged (go names the file without its directory).
// Compile errors are the gcc reader's (it runs alongside for `go test`).
import type { CleanReader } from "./collect.ts";
import { Collector } from "./collect.ts";
import { indentOf, Tally } from "./tally.ts";
import type { ReaderLimits, Reading, TestCase } from "./types.ts";

const RESULTS: Record<string, TestCase["status"]> = {
  "--- PASS: ": "passed",
  "--- FAIL: ": "failed",
  "--- SKIP: ": "ignored",
};
const EVENTS: Record<string, TestCase["status"]> = {
  pass: "passed",
  fail: "failed",
  skip: "ignored",
};
/** Results held per package until its end line shows which tests are parents. */
const HELD = 2_000;

interface Logged {
  file: string;
  line: number;
  message: string;
}

interface Held {
  name: string;
  status: TestCase["status"];
  logged: Logged | null;
}

interface GoEvent {
  Action?: unknown;
  Package?: unknown;
  Test?: unknown;
  Output?: unknown;
}

/** One package's results and logs, until its `ok`/`FAIL` line or event. */
class PackageRun {
  readonly held: Held[] = [];
  readonly logs = new Map<string, Logged>();

  log(test: string, logged: Logged): void {
    if (!this.logs.has(test) && this.logs.size < HELD) this.logs.set(test, logged);
  }
}

export class GoTestReader implements CleanReader {
  readonly name = "gotest";
  readonly #out: Collector;
  readonly #tally = new Tally();
  readonly #runs = new Map<string, PackageRun>();
  #seen = false;
  /** Plain output: the test `=== RUN` named last, and the last result line's indentation. */
  #running: string | null = null;
  #lastResult: { held: Held; indent: number } | null = null;

  constructor(limits?: Partial<ReaderLimits>) {
    this.#out = new Collector(limits);
  }

  feed(line: string): void {
    if (line.startsWith("{") && line.includes('"Action"') && this.#event(line)) return;
    this.#plain(line);
  }

  recognised(): boolean {
    return this.#seen;
  }

  finish(): Reading {
    for (const [pkg, run] of this.#runs) this.#flush(pkg, run);
    this.#runs.clear();
    return this.#out.reading("gotest", this.#tally.totals());
  }

  #run(pkg: string): PackageRun {
    let run = this.#runs.get(pkg);
    if (run === undefined) {
      run = new PackageRun();
      this.#runs.set(pkg, run);
    }
    return run;
  }

  /** A `go test -json` event; false when the line is not one. */
  #event(line: string): boolean {
    let e: GoEvent;
    try {
      e = JSON.parse(line) as GoEvent;
    } catch {
      return false;
    }
    if (typeof e !== "object" || e === null || typeof e.Action !== "string") return false;
    if (typeof e.Package !== "string") return false;
    const pkg = e.Package;
    const test = typeof e.Test === "string" ? e.Test : null;
    const status = EVENTS[e.Action];
    this.#seen = true;
    if (test !== null && e.Action === "output" && typeof e.Output === "string") {
      const logged = loggedLine(e.Output.trimEnd());
      if (logged) this.#run(pkg).log(test, logged);
    } else if (test !== null && status !== undefined) {
      this.#hold(this.#run(pkg), test, status);
    } else if (test === null && status !== undefined) {
      this.#flush(pkg, this.#run(pkg));
      this.#runs.delete(pkg);
    }
    return true;
  }

  /** A plain line: `=== RUN`, a result, a logged `file.go:line:`, a package's end. */
  #plain(line: string): void {
    if (line.startsWith("=== ")) {
      const space = line.indexOf(" ", 4);
      this.#running = space < 0 ? null : line.slice(space).trim();
      this.#lastResult = null;
      return;
    }
    const indent = indentOf(line);
    if (line.startsWith("--- ", indent)) {
      const status = RESULTS[line.slice(indent, indent + 10)];
      if (status === undefined) return;
      const rest = line.slice(indent + 10);
      const paren = rest.lastIndexOf(" (");
      const name = paren < 0 ? rest : rest.slice(0, paren);
      this.#seen = true;
      const held = this.#hold(this.#run(""), name, status);
      this.#lastResult = { held, indent };
      return;
    }
    if (indent > 0) {
      if (line.includes(".go:")) this.#logged(line.slice(indent), indent);
      return;
    }
    const pkg = packageLine(line);
    if (pkg !== null) {
      this.#seen = true;
      this.#flush(pkg, this.#run(""));
      this.#runs.delete("");
    }
  }

  /** A log line: the result above it (without -v) or the running test (-v) logged it. */
  #logged(text: string, indent: number): void {
    const logged = loggedLine(text);
    if (logged === null) return;
    const last = this.#lastResult;
    if (last !== null && indent > last.indent) {
      last.held.logged ??= logged;
    } else if (this.#running !== null) {
      this.#run("").log(this.#running, logged);
    }
  }

  #hold(run: PackageRun, name: string, status: TestCase["status"]): Held {
    const held: Held = { name, status, logged: null };
    if (run.held.length < HELD) run.held.push(held);
    else this.#record("", run, held);
    return held;
  }

  /** The package ended: its results that are not parents of others are tests. */
  #flush(pkg: string, run: PackageRun): void {
    const parents = new Set<string>();
    for (const h of run.held) {
      for (let cut = h.name.lastIndexOf("/"); cut > 0; cut = h.name.lastIndexOf("/", cut - 1)) {
        parents.add(h.name.slice(0, cut));
      }
    }
    for (const h of run.held) if (!parents.has(h.name)) this.#record(pkg, run, h);
    run.held.length = 0;
    run.logs.clear();
    this.#lastResult = null;
  }

  #record(pkg: string, run: PackageRun, h: Held): void {
    this.#tally.count(h.status);
    const suite = pkg === "" ? null : pkg;
    const logged = h.logged ?? run.logs.get(h.name) ?? null;
    this.#out.addTest({ name: h.name, status: h.status, suite, file: logged?.file ?? null });
    if (h.status !== "failed") return;
    this.#out.addFailure(h.name);
    this.#out.addFinding({
      severity: "error",
      code: null,
      message: `${h.name}: ${logged?.message ?? "failed"}`,
      file: logged?.file ?? null,
      line: logged?.line ?? null,
      column: null,
    });
  }
}

/** `calc_test.go:13: expected 1, got 2` (what t.Log/t.Error print), trimmed. */
function loggedLine(text: string): Logged | null {
  const body = text.trim();
  const go = body.indexOf(".go:");
  if (go <= 0 || body.lastIndexOf(" ", go) >= 0) return null;
  const colon = body.indexOf(": ", go + 4);
  const line = body.slice(go + 4, colon);
  if (colon < 0 || !/^\d{1,9}$/.test(line)) return null;
  return { file: body.slice(0, go + 3), line: Number(line), message: body.slice(colon + 2) };
}

/** `ok  \tpkg\t0.01s`, `FAIL\tpkg\t0.01s`, `FAIL\tpkg [build failed]`: the package. */
function packageLine(line: string): string | null {
  const tab = line.indexOf("\t");
  if (tab < 0) return null;
  const head = line.slice(0, tab).trimEnd();
  if (head !== "ok" && head !== "FAIL" && head !== "?") return null;
  const rest = line.slice(tab + 1);
  const end = rest.search(/[\t ]/);
  return end < 0 ? rest : rest.slice(0, end);
}
