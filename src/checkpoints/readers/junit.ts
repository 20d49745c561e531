// JUnit XML, the lingua franca of test reporters (vitest, jest-junit, pytest,
// cargo-nextest, Gradle, go-junit-report...). The runner reads the files a command
// leaves behind; this turns their text into test cases and one error finding per
// failed case, located by the case's `file`/`line` attributes or else by the first
// `path:line[:col]` outside node_modules in the failure text.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { messageOf } from "../../errors.ts";
import { Collector, captured } from "./collect.ts";
import type { ReaderLimits, Reading, TestCase, TestTotals } from "./types.ts";

type Node = Record<string, unknown>;

export interface JunitOptions {
  limits?: Partial<ReaderLimits>;
  /** The file the text came from, for messages. */
  source?: string;
}

const SOURCE_FILE =
  /^[^\s]+\.(?:[cm]?[jt]sx?|py|rb|rs|go|java|kt|kts|scala|cs|fs|php|swift|c|cc|cpp|cxx|m|ex|exs|dart)$/;
const LOCATION =
  /(?:^|[\s(])(?<file>(?:[\w.@~+-]+\/)*[\w.@+-]+\.[A-Za-z]\w*):(?<line>\d{1,9})(?::(?<column>\d{1,9}))?/gm;
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
  const parsed = parse(text);
  const doc = typeof parsed === "string" ? null : parsed;
  const root = doc?.testsuites ?? doc?.testsuite;
  if (doc === null || root === undefined) {
    const why = typeof parsed === "string" ? parsed : "no <testsuites> or <testsuite> element";
    const where = options.source ? ` in ${options.source}` : "";
    out.addFinding({
      severity: "error",
      code: null,
      message: `invalid JUnit XML${where}: ${why}`,
      file: options.source ?? null,
      line: null,
      column: null,
    });
    return out.reading("junit", null);
  }
  const cases = new CaseReader(out);
  for (const node of list(root)) {
    if (doc.testsuites !== undefined) {
      for (const suite of list(node.testsuite)) cases.suite(suite);
      for (const tc of list(node.testcase)) cases.testCase(tc, attr(node, "name"));
    } else {
      cases.suite(node);
    }
  }
  return out.reading("junit", cases.totals());
}

/** The document, or why it cannot be read. */
function parse(text: string): Node | string {
  // Entity declarations are how XML bombs work; no test reporter writes them.
  if (/<!ENTITY/i.test(text)) return "entity declarations are not supported";
  const valid = XMLValidator.validate(text);
  if (valid !== true) return `${valid.err.msg} (line ${valid.err.line})`;
  try {
    return parser.parse(text) as Node;
  } catch (error) {
    return messageOf(error);
  }
}

/** Test cases into the collector: counted, kept, and one finding per failed case. */
class CaseReader {
  readonly #out: Collector;
  readonly #totals: TestTotals = { passed: 0, failed: 0, ignored: 0 };
  #suites = 0;

  constructor(out: Collector) {
    this.#out = out;
  }

  suite(suite: Node): void {
    this.#suites++;
    const name = attr(suite, "name");
    for (const tc of list(suite.testcase)) this.testCase(tc, name);
    for (const inner of list(suite.testsuite)) this.suite(inner);
  }

  testCase(tc: Node, suite: string | null): void {
    const name = attr(tc, "name") ?? "(unnamed)";
    const classname = attr(tc, "classname");
    const file = attr(tc, "file") ?? (classname && SOURCE_FILE.test(classname) ? classname : null);
    const [problem] = [...list(tc.failure), ...list(tc.error)];
    const status: TestCase["status"] =
      problem !== undefined ? "failed" : tc.skipped !== undefined ? "ignored" : "passed";
    this.#totals[status]++;
    this.#out.addTest({ name, status, suite, file });
    if (problem === undefined) return;
    this.#out.addFailure(name);
    const body = textOf(problem);
    const message = attr(problem, "message") ?? firstLine(body) ?? "failed";
    // Where it failed beats where the case is declared, unless the reporter said.
    const lineText = attr(tc, "line");
    const lineAttr = lineText && /^[1-9]\d{0,8}$/.test(lineText) ? Number(lineText) : null;
    const located = lineAttr ? null : locate(body);
    this.#out.addFinding({
      severity: "error",
      code: attr(problem, "type"),
      message: `${name}: ${message}`,
      file: located?.file ?? file,
      line: located?.line ?? lineAttr,
      column: located?.column ?? null,
    });
  }

  /** Null when the document had no suite and no case at all. */
  totals(): TestTotals | null {
    const t = this.#totals;
    return this.#suites > 0 || t.passed + t.failed + t.ignored > 0 ? t : null;
  }
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
    const file = captured(m, "file");
    if (file.includes("node_modules/") || file.startsWith("node:") || file.startsWith("internal/"))
      continue;
    const column = m.groups?.column;
    return { file, line: Number(captured(m, "line")), column: column ? Number(column) : null };
  }
  return null;
}
