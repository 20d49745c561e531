// libtest (the Rust test harness) as cargo prints it:
//
//        Running tests/integration.rs (target/debug/deps/integration-e0a1618d8ad1c0a9)
//   running 2 tests
//   test integration_ok ... ok
//   test integration_fails ... FAILED
//   ---- integration_fails stdout ----
//   thread 'integration_fails' (6883) panicked at tests/integration.rs:9:5:
//   vector should not be empty
//   failures:
//       integration_fails
//   test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; ...
//
// Totals are the `test result:` lines summed; a suite that never printed one (its
// binary crashed) contributes what its own test lines showed. Each failure section
// becomes an error finding, located by the panic (or, for a doc test, by its name).
import type { CleanReader } from "./collect.ts";
import { Collector } from "./collect.ts";
import type { Finding, ReaderLimits, Reading, TestCase, TestTotals } from "./types.ts";

const RESULT = /^test result: \w+\. (\d{1,9}) passed; (\d{1,9}) failed; (\d{1,9}) ignored/;
const TEST = /^test (.+) \.\.\. (ok|FAILED|ignored)\b/;
const SECTION = /^---- (.+) std(?:out|err) ----$/;
// Rust >= 1.73: location first, message on the next lines; thread id since 1.88.
const PANIC = /^thread '(.*?)'(?: \(\d+\))? panicked at (.+?):(\d{1,9}):(\d{1,9}):$/;
const PANIC_OLD = /^thread '(.*?)' panicked at '(.*)', (.+?):(\d{1,9}):(\d{1,9})$/;
const DOC_TEST = /^(.+?) - .*\(line (\d{1,9})\)$/;
const CARGO_RUNNING = /^\s+Running (?:unittests )?(\S+)/;
const MESSAGE_LINES = 6;
const SEEN_FAILED_CAP = 10_000;

export function createLibtestReader(limits?: Partial<ReaderLimits>): CleanReader {
  const out = new Collector(limits);
  let totals: TestTotals | null = null;
  // Counts from the test lines of the suite being read, until its `test result:`.
  let pending: TestTotals | null = null;
  let suite: string | null = null;
  let suiteFile: string | null = null;
  let failedInSuite = new Set<string>();
  let listMode = false;
  let section: { finding: Finding; name: string; panicked: boolean; lines: number } | null = null;

  function addTotals(t: TestTotals) {
    totals ??= { passed: 0, failed: 0, ignored: 0 };
    totals.passed += t.passed;
    totals.failed += t.failed;
    totals.ignored += t.ignored;
  }

  function closeSuite() {
    if (pending) addTotals(pending);
    pending = null;
    failedInSuite = new Set();
    listMode = false;
    section = null;
  }

  function docLocation(name: string): { file: string; line: number } | null {
    const m = DOC_TEST.exec(name);
    return m ? { file: m[1]!, line: Number(m[2]) } : null;
  }

  function recordTest(name: string, status: TestCase["status"]) {
    const doc = docLocation(name);
    pending ??= { passed: 0, failed: 0, ignored: 0 };
    pending[status]++;
    out.addTest({ name, status, suite, file: doc?.file ?? suiteFile });
    if (status === "failed") recordFailure(name);
  }

  function recordFailure(name: string) {
    if (failedInSuite.has(name)) return;
    if (failedInSuite.size < SEEN_FAILED_CAP) failedInSuite.add(name);
    out.addFailure(name);
  }

  function readSection(line: string) {
    const s = section!;
    if (!s.panicked) {
      if (line.startsWith("thread '")) {
        const m = PANIC.exec(line);
        const old = m ? null : PANIC_OLD.exec(line);
        if (m || old) {
          s.panicked = true;
          // A doc test panics inside a temporary bundle: its name locates it better.
          if (s.finding.file === null) {
            s.finding.file = m ? m[2]! : old![3]!;
            s.finding.line = Number(m ? m[3] : old![4]);
            s.finding.column = Number(m ? m[4] : old![5]);
          }
          if (old) {
            s.finding.message = `${s.name}: ${old[2]}`;
            s.lines = MESSAGE_LINES;
          }
          return;
        }
      }
      if (line.startsWith("Error: ")) s.finding.message = `${s.name}: ${line.slice(7)}`;
      return;
    }
    if (s.lines >= MESSAGE_LINES) return;
    if (line === "" || line.startsWith("note: ") || line.startsWith("stack backtrace:")) {
      s.lines = MESSAGE_LINES;
      return;
    }
    const text = s.lines === 0 ? `${s.name}: ${line}` : `${s.finding.message}\n${line}`;
    s.finding.message = text.length > out.limits.message ? s.finding.message : text;
    s.lines++;
  }

  return {
    name: "libtest",
    feed(line: string) {
      if (line.startsWith("test ")) {
        if (line.startsWith("test result: ")) {
          const m = RESULT.exec(line);
          if (m) {
            addTotals({ passed: Number(m[1]), failed: Number(m[2]), ignored: Number(m[3]) });
            pending = null;
            section = null;
            listMode = false;
            return;
          }
        }
        const m = TEST.exec(line);
        if (m) {
          const status = m[2] === "ok" ? "passed" : m[2] === "FAILED" ? "failed" : "ignored";
          recordTest(m[1]!, status);
          return;
        }
      }
      if (line.startsWith("running ") && /^running \d+ tests?$/.test(line)) {
        closeSuite();
        pending = { passed: 0, failed: 0, ignored: 0 };
        return;
      }
      if (line.startsWith("---- ")) {
        const m = SECTION.exec(line);
        if (m) {
          listMode = false;
          const name = m[1]!;
          const doc = docLocation(name);
          section = {
            name,
            panicked: false,
            lines: 0,
            finding: out.addFinding({
              severity: "error",
              code: null,
              message: `${name} failed`,
              file: doc?.file ?? null,
              line: doc?.line ?? null,
              column: null,
            }),
          };
          return;
        }
      }
      if (line === "failures:") {
        section = null;
        listMode = true;
        return;
      }
      if (line.endsWith(" --- FAILED")) {
        // `cargo test -q` names failures as they happen instead of `test x ... FAILED`.
        recordTest(line.slice(0, -" --- FAILED".length), "failed");
        return;
      }
      if (listMode) {
        if (line.startsWith("    ") && line.length > 4 && line.charCodeAt(4) !== 32) {
          const name = line.slice(4);
          if (!failedInSuite.has(name)) recordTest(name, "failed");
        }
        return;
      }
      if (section) {
        readSection(line);
        return;
      }
      if (line.startsWith("   ")) {
        const m = CARGO_RUNNING.exec(line);
        if (m) {
          suite = m[1]!;
          suiteFile = line.includes("Running unittests ") ? null : suite;
        } else if (line.trimStart().startsWith("Doc-tests ")) {
          suite = `doc-tests ${line.trim().slice("Doc-tests ".length)}`;
          suiteFile = null;
        }
      }
    },
    // "running N tests" alone is not enough: other harnesses print it too.
    recognised: () =>
      totals !== null ||
      out.errors > 0 ||
      (pending !== null && pending.passed + pending.failed + pending.ignored > 0),
    finish(): Reading {
      closeSuite();
      return out.reading("libtest", totals);
    },
  };
}
