// JUnit XML, the lingua franca of test reporters (vitest, jest-junit, pytest,
// cargo-nextest, Gradle, go-junit-report...). The runner reads the files a command
// leaves behind; this turns their text into test cases and one error finding per
// failed case, located by the case's `file`/`line` attributes or else by the first
// `path:line[:col]` outside node_modules in the failure text.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { Collector } from "./collect.ts";
import type { ReaderLimits, Reading, TestCase, TestTotals } from "./types.ts";

type Node = Record<string, unknown>;

export interface JunitOptions {
  limits?: Partial<ReaderLimits>;
  /** The file the text came from, for messages. */
  source?: string;
}

const SOURCE_FILE =
  /^[^\s]+\.(?:[cm]?[jt]sx?|py|rb|rs|go|java|kt|kts|scala|cs|fs|php|swift|c|cc|cpp|cxx|m|ex|exs|dart)$/;
const LOCATION = /(?:^|[\s(])((?:[\w.@~+-]+\/)*[\w.@+-]+\.[A-Za-z]\w*):(\d{1,9})(?::(\d{1,9}))?/gm;
const ARRAYS = new Set(["testsuite", "testcase", "failure", "error", "skipped"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  // Numeric references such as &#10; (pytest writes them in messages).
  htmlEntities: true,
  isArray: (name) => ARRAYS.has(name),
});

export function readJunit(text: string, options: JunitOptions = {}): Reading {
  const out = new Collector(options.limits);
  const where = options.source ? ` in ${options.source}` : "";
  const fail = (why: string): Reading => {
    out.addFinding({
      severity: "error",
      code: null,
      message: `invalid JUnit XML${where}: ${why}`,
      file: options.source ?? null,
      line: null,
      column: null,
    });
    return out.reading("junit", null);
  };

  // Entity declarations are how XML bombs work; no test reporter writes them.
  if (/<!ENTITY/i.test(text)) return fail("entity declarations are not supported");
  const valid = XMLValidator.validate(text);
  if (valid !== true) return fail(`${valid.err.msg} (line ${valid.err.line})`);
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }

  const totals: TestTotals = { passed: 0, failed: 0, ignored: 0 };
  let suites = 0;

  function visitSuite(suite: Node) {
    suites++;
    const name = attr(suite, "name");
    for (const tc of list(suite.testcase)) visitCase(tc, name);
    for (const inner of list(suite.testsuite)) visitSuite(inner);
  }

  function visitCase(tc: Node, suite: string | null) {
    const name = attr(tc, "name") ?? "(unnamed)";
    const classname = attr(tc, "classname");
    const file = attr(tc, "file") ?? (classname && SOURCE_FILE.test(classname) ? classname : null);
    const problems = [...list(tc.failure), ...list(tc.error)];
    const status: TestCase["status"] =
      problems.length > 0 ? "failed" : tc.skipped !== undefined ? "ignored" : "passed";
    totals[status]++;
    out.addTest({ name, status, suite, file });
    if (status !== "failed") return;
    out.addFailure(name);
    const problem = problems[0]!;
    const body = textOf(problem);
    const message = attr(problem, "message") ?? firstLine(body) ?? "failed";
    // Where it failed beats where the case is declared, unless the reporter said.
    const lineText = attr(tc, "line");
    const lineAttr = lineText && /^[1-9]\d{0,8}$/.test(lineText) ? Number(lineText) : null;
    const located = lineAttr ? null : locate(body);
    out.addFinding({
      severity: "error",
      code: attr(problem, "type"),
      message: `${name}: ${message}`,
      file: located?.file ?? file,
      line: located?.line ?? lineAttr,
      column: located?.column ?? null,
    });
  }

  const root = (doc.testsuites ?? doc.testsuite) as unknown;
  if (root === undefined) return fail("no <testsuites> or <testsuite> element");
  for (const node of list(root)) {
    if (doc.testsuites !== undefined) {
      for (const suite of list(node.testsuite)) visitSuite(suite);
      for (const tc of list(node.testcase)) visitCase(tc, attr(node, "name"));
    } else {
      visitSuite(node);
    }
  }
  return out.reading(
    "junit",
    suites > 0 || totals.passed + totals.failed + totals.ignored > 0 ? totals : null,
  );
}

/** Elements may parse as "" (empty), a string (text only) or an object. */
function list(value: unknown): Node[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.map((v) => (typeof v === "object" && v !== null ? (v as Node) : { "#text": v }));
}

function attr(node: Node, name: string): string | null {
  const v = node[`@_${name}`];
  return typeof v === "string" && v.length > 0 ? v : null;
}

function textOf(node: Node): string {
  const v = node["#text"];
  return typeof v === "string" ? v : "";
}

function firstLine(text: string): string | null {
  for (const line of text.split("\n", 20)) if (line.trim()) return line.trim();
  return null;
}

function locate(text: string): { file: string; line: number; column: number | null } | null {
  let seen = 0;
  for (const m of text.matchAll(LOCATION)) {
    if (++seen > 50) break;
    const file = m[1]!;
    if (file.includes("node_modules/") || file.startsWith("node:") || file.startsWith("internal/"))
      continue;
    return { file, line: Number(m[2]), column: m[3] ? Number(m[3]) : null };
  }
  return null;
}
