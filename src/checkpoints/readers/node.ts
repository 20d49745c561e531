// Node's test runner (`node --test`) in its two text reporters.
//
// spec (the default):                      TAP (--test-reporter=tap):
//   ▶ math                                   # Subtest: subtracts wrongly
//     ✔ adds (1.1ms)                         not ok 2 - subtracts wrongly
//     ✖ subtracts wrongly (1.1ms)              ---
//     ﹣ skipped one (1.9ms) # SKIP             type: 'test'
//   ✖ math (7.5ms)                             location: '/p/math.test.mjs:8:3'
//   ℹ tests 9                                  error: 'boom'
//   ℹ pass 4                                   ...
//   ✖ failing tests:                         # tests 9
//   test at math.test.mjs:8:3                # pass 4
//   ✖ subtracts wrongly (1.1ms)
//     AssertionError [ERR_ASSERTION]: ...
//
// Suites nest tests by indentation; a test's name is its suites' names and its own
// joined by " > ". A suite's own result line (✖ math, `type: 'suite'`) is not a test.
// Totals are the summary's (pass; fail + cancelled; skipped + todo).
import type { CleanReader } from "./collect.ts";
import { Collector } from "./collect.ts";
import { indentOf, splitLocation, Tally } from "./tally.ts";
import type { ReaderLimits, Reading, TestCase, TestTotals } from "./types.ts";

const SUMMARY_WORDS = ["tests", "pass", "fail", "cancelled", "skipped", "todo"] as const;
const DURATION = / \(\d[\d.]*m?s\)$/;

/** The test whose result line was read and whose details (TAP's YAML block) may follow. */
interface Pending {
  name: string;
  leaf: string;
  status: TestCase["status"];
  suite: boolean;
  file: string | null;
  line: number | null;
  column: number | null;
  message: string | null;
}

export class NodeTestReader implements CleanReader {
  readonly name = "node";
  readonly #out: Collector;
  readonly #tally = new Tally();
  #summary = new Map<string, number>();
  /** Open suites (spec `▶`, TAP `# Subtest:`), innermost last. */
  #stack: { indent: number; name: string }[] = [];
  #pending: Pending | null = null;
  #yaml: "none" | "block" | "error" = "none";
  /** In spec's `✖ failing tests:` list: the location of the next failure, its finding. */
  #failing = false;
  #at: ReturnType<typeof splitLocation> = null;
  #detail: Pending | null = null;
  readonly #fullNames = new Map<string, string>();

  constructor(limits?: Partial<ReaderLimits>) {
    this.#out = new Collector(limits);
  }

  feed(line: string): void {
    if (this.#summaryLine(line)) return;
    if (this.#yaml !== "none" && this.#yamlLine(line)) return;
    if (this.#failing) this.#failingLine(line);
    else if (!this.#tapLine(line)) this.#specLine(line);
  }

  recognised(): boolean {
    return this.#summary.has("tests") && this.#summary.has("pass");
  }

  finish(): Reading {
    this.#commit();
    const s = this.#summary;
    if (this.recognised()) {
      const n = (w: string) => s.get(w) ?? 0;
      const totals: TestTotals = {
        passed: n("pass"),
        failed: n("fail") + n("cancelled"),
        ignored: n("skipped") + n("todo"),
      };
      this.#tally.summary(totals);
    }
    return this.#out.reading("node", this.#tally.totals());
  }

  /** `# tests 9` (TAP) or `ℹ tests 9` (spec) at the start of a line. */
  #summaryLine(line: string): boolean {
    if (!(line.startsWith("# ") || line.startsWith("ℹ "))) return false;
    const space = line.indexOf(" ", 2);
    const word = line.slice(2, space);
    if (space < 0 || !(SUMMARY_WORDS as readonly string[]).includes(word)) return false;
    const value = line.slice(space + 1);
    if (!/^\d{1,9}$/.test(value)) return false;
    this.#commit();
    this.#failing = false;
    this.#summary.set(word, Number(value));
    return true;
  }

  /** `# Subtest: name`, `ok 1 - name`, `not ok 2 - name # SKIP`; false for other lines. */
  #tapLine(line: string): boolean {
    const indent = indentOf(line);
    if (line.startsWith("# Subtest: ", indent)) {
      this.#commit();
      this.#enter(indent, line.slice(indent + "# Subtest: ".length));
      return true;
    }
    const ok = line.startsWith("ok ", indent) ? 3 : line.startsWith("not ok ", indent) ? 7 : 0;
    if (ok === 0) return false;
    const text = line.slice(indent);
    const dash = text.indexOf(" - ", ok);
    if (dash < 0 || !/^\d{1,9}$/.test(text.slice(ok, dash))) return false;
    this.#commit();
    let title = text.slice(dash + 3);
    const directive = directiveOf(title);
    if (directive) title = title.slice(0, title.lastIndexOf(" # "));
    const status = directive ? "ignored" : ok === 3 ? "passed" : "failed";
    this.#result(indent, title.replaceAll("\\#", "#"), status, false);
    this.#yaml = "block";
    return true;
  }

  /** TAP's YAML block under a result: the test's type, location and error. */
  #yamlLine(line: string): boolean {
    const pending = this.#pending;
    const text = line.trim();
    if (pending === null) {
      this.#yaml = "none";
      return false;
    }
    if (text === "---") return true;
    if (text.startsWith("# Subtest: ") || text.startsWith("ok ") || text.startsWith("not ok ")) {
      return false;
    }
    if (text === "...") {
      this.#yaml = "none";
      this.#commit();
      return true;
    }
    if (this.#yaml === "error" && pending.message === null && text !== "") {
      pending.message = text;
      return true;
    }
    this.#yaml = "block";
    if (text === "type: 'suite'") pending.suite = true;
    else if (text.startsWith("location: '")) Object.assign(pending, splitLocation(unquote(text)));
    else if (text === "error: |-" || text === "error: >-") this.#yaml = "error";
    else if (text.startsWith("error: ") && pending.message === null)
      pending.message = unquote(text);
    return true;
  }

  /** A spec line: `▶ suite`, `✔ test (1ms)`, `✖ test`, `﹣ test # SKIP`, `✖ failing tests:`. */
  #specLine(line: string): void {
    const indent = indentOf(line);
    const mark = line.charAt(indent);
    if (line.charAt(indent + 1) !== " ") return;
    const title = line.slice(indent + 2);
    if (mark === "▶") {
      this.#enter(indent, title);
      return;
    }
    if (mark === "✖" && indent === 0 && title === "failing tests:") {
      this.#commit();
      this.#failing = true;
      return;
    }
    if (mark !== "✔" && mark !== "✖" && mark !== "﹣") return;
    const directive = directiveOf(title);
    const bare = directive ? title.slice(0, title.lastIndexOf(" # ")) : title;
    const name = bare.replace(DURATION, "");
    const top = this.#stack.at(-1);
    // A suite's closing line sits at its `▶` line's indentation.
    const suite = top !== undefined && top.indent === indent && top.name === name;
    const status = directive || mark === "﹣" ? "ignored" : mark === "✔" ? "passed" : "failed";
    this.#result(indent, name, status, suite);
    this.#commit();
  }

  /** spec's failure list: `test at file:line:col`, `✖ name (1ms)`, then the error. */
  #failingLine(line: string): void {
    if (line.startsWith("test at ")) {
      this.#at = splitLocation(line.slice("test at ".length));
      return;
    }
    if (line.startsWith("✖ ")) {
      const leaf = line.slice(2).replace(DURATION, "");
      const name = this.#fullNames.get(leaf) ?? leaf;
      const at = this.#at;
      this.#detail = {
        name,
        leaf,
        status: "failed",
        suite: false,
        file: at?.file ?? null,
        line: at?.line ?? null,
        column: at?.column ?? null,
        message: null,
      };
      this.#at = null;
      return;
    }
    const detail = this.#detail;
    if (detail && line.trim() !== "") {
      detail.message = line.trim();
      this.#finding(detail);
      this.#detail = null;
    }
  }

  #enter(indent: number, name: string): void {
    while ((this.#stack.at(-1)?.indent ?? -1) >= indent) this.#stack.pop();
    this.#stack.push({ indent, name });
  }

  #result(indent: number, leaf: string, status: TestCase["status"], suite: boolean): void {
    while ((this.#stack.at(-1)?.indent ?? -1) > indent) this.#stack.pop();
    const top = this.#stack.at(-1);
    if (top?.indent === indent) this.#stack.pop();
    const name = [...this.#stack.map((s) => s.name), leaf].join(" > ");
    this.#pending = {
      name,
      leaf,
      status,
      suite,
      file: null,
      line: null,
      column: null,
      message: null,
    };
  }

  /** Records the pending result: a test (not a suite), its failure and finding. */
  #commit(): void {
    const p = this.#pending;
    this.#pending = null;
    this.#yaml = "none";
    if (p === null || p.suite) return;
    this.#tally.count(p.status);
    this.#out.addTest({ name: p.name, status: p.status, suite: null, file: p.file });
    if (p.status !== "failed") return;
    this.#out.addFailure(p.name);
    if (this.#fullNames.size < this.#out.limits.failures) this.#fullNames.set(p.leaf, p.name);
    // TAP says where and why now; spec says it in its failure list at the end.
    if (p.message !== null || p.file !== null) this.#finding(p);
  }

  #finding(p: Pending): void {
    this.#out.addFinding({
      severity: "error",
      code: null,
      message: `${p.name}: ${p.message ?? "failed"}`,
      file: p.file,
      line: p.line,
      column: p.column,
    });
  }
}

/** `SKIP` or `TODO` when the title ends in TAP's `# SKIP` / `# TODO` directive. */
function directiveOf(title: string): string | null {
  const at = title.lastIndexOf(" # ");
  if (at < 0) return null;
  const word = title.slice(at + 3).toUpperCase();
  return word.startsWith("SKIP") || word.startsWith("TODO") ? word.slice(0, 4) : null;
}

/** The value of a YAML `key: 'value'` line, quotes removed. */
function unquote(text: string): string {
  const value = text.slice(text.indexOf(": ") + 2);
  return value.startsWith("'") && value.endsWith("'") && value.length > 1
    ? value.slice(1, -1).replaceAll("''", "'")
    : value;
}
