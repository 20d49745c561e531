// Plan properties and criteria <-> the tests that check them. A test is linked to a
// property by its tag comment (`// Feature: <spec>, Property N: <title>`, the convention
// Kiro specs ask for) or, failing that, by a test name that spells the property's title;
// to criteria by a tag comment (`// Validates: 2.3`, `# Requirements: 1.1, 1.2`) above it
// or the same words in its name. Pure functions.

import type { Plan } from "../plan/model.ts";
import type { PropertyResult } from "../report/schema.ts";
import { captured } from "./readers/collect.ts";
import type { TestCase } from "./readers/types.ts";

export interface PropertyTag {
  spec: string;
  property: string;
  title: string;
  /** Name of the test function that follows the tag, when one was found. */
  test: string | null;
  file: string;
  line: number;
}

const TAG =
  /(?:\/\/+|#|--|\/\*+|\*|<!--)\s*\**\s*Feature:\s*(?<spec>[^,]+?)\s*,\s*Property\s+(?<property>\d+)\s*:\s*(?<title>.+?)\s*\**\s*(?:\*\/|-->)?\s*$/;
/** How far below its tag a test's name is looked for. */
const TAG_REACH = 24;
const TEST_NAMES: RegExp[] = [
  /\bfn\s+(?<name>[A-Za-z_]\w*)/, // Rust
  /\b(?:it|test|describe|fc\.test)(?:\.\w+)?\(\s*(?<quote>["'`])(?<name>.+?)\k<quote>/, // JS/TS
  /\bdef\s+(?<name>test\w*)/, // Python
  /\bfunc\s+(?<name>Test\w+)/, // Go
  /\bvoid\s+(?<name>\w+)\s*\(/, // Java/Kotlin-ish
];

/** Finds property tags in one source file and the test each one precedes. */
export function findTags(text: string, file: string): PropertyTag[] {
  if (!text.includes("Property")) return [];
  const lines = text.split(/\r?\n/);
  const tags: PropertyTag[] = [];
  lines.forEach((line, i) => {
    const m = TAG.exec(line);
    if (!m) return;
    tags.push({
      spec: captured(m, "spec").trim(),
      property: captured(m, "property"),
      title: captured(m, "title").trim(),
      test: testBelow(lines.slice(i + 1, i + 1 + TAG_REACH)),
      file,
      line: i + 1,
    });
  });
  return tags;
}

/** The first test named in these lines, before the next tag. */
function testBelow(lines: readonly string[]): string | null {
  for (const line of lines) {
    if (TAG.test(line)) return null;
    for (const re of TEST_NAMES) {
      const t = re.exec(line);
      if (t) return captured(t, "name");
    }
  }
  return null;
}

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** `prop_function_id_mapping_consistency` spells "Function ID Mapping Consistency". */
function nameMatchesTitle(testName: string, title: string): boolean {
  const t = words(title);
  if (t.length === 0) return false;
  const n = words(testName);
  let k = 0;
  for (const w of n) if (w === t[k]) k++;
  return k === t.length;
}

/**
 * Is `c` the test (or one of the tests of the suite) named `fn`? A tag above a
 * `describe("…")` names a suite: its cases read `suite > case` or carry it as suite.
 */
function sameTest(c: TestCase, fn: string): boolean {
  const name = c.name;
  return (
    name === fn ||
    name.endsWith(`::${fn}`) ||
    name.endsWith(` ${fn}`) ||
    name.endsWith(`.${fn}`) ||
    c.suite === fn ||
    name.startsWith(`${fn} > `) ||
    name.includes(` > ${fn} > `)
  );
}

type LinkedTest = PropertyResult["tests"][number];

export function linkProperties(
  plan: Plan,
  spec: string | null,
  tags: PropertyTag[],
  cases: TestCase[],
): PropertyResult[] {
  const out: PropertyResult[] = [];
  for (const g of plan.groups) {
    for (const task of g.tasks) {
      for (const p of task.properties) {
        const mine = tags.filter(
          (t) =>
            t.property === p.id &&
            (spec === null || t.spec === spec || nameMatchesTitle(t.title, p.title)),
        );
        const tests = linkedTests(p.title, mine, cases);
        out.push({
          id: p.id,
          title: p.title,
          taskId: task.id,
          validates: p.validates,
          status: propertyStatus(tests),
          tests,
        });
      }
    }
  }
  return out;
}

/** The tests a property's tags name (or, without tags, whose names spell its title). */
function linkedTests(title: string, tags: PropertyTag[], cases: TestCase[]): LinkedTest[] {
  const linked = new Map<string, LinkedTest>();
  for (const tag of tags) {
    const name = tag.test ?? tag.title;
    const seen = cases.filter((c) =>
      tag.test ? sameTest(c, tag.test) : nameMatchesTitle(c.name, tag.title),
    );
    if (seen.length === 0) linked.set(name, { name, file: tag.file, status: "not_run" });
    for (const c of seen) linked.set(c.name, { name: c.name, file: tag.file, status: c.status });
  }
  if (linked.size === 0) {
    for (const c of cases) {
      if (nameMatchesTitle(c.name, title))
        linked.set(c.name, { name: c.name, file: c.file, status: c.status });
    }
  }
  return [...linked.values()];
}

function propertyStatus(tests: LinkedTest[]): PropertyResult["status"] {
  if (tests.length === 0) return "not_found";
  if (tests.some((t) => t.status === "failed")) return "failed";
  if (tests.some((t) => t.status === "passed")) return "passed";
  return "not_run";
}

// ---- criteria ------------------------------------------------------------------------

/** A comment naming the criteria the test below it validates. */
export interface CriterionTag {
  /** Criterion ids ("2.3") or requirement ids ("2": all of its criteria). */
  criteria: string[];
  test: string | null;
  file: string;
  line: number;
}

/** A test that validates criteria, and how it ended. */
export interface CriterionTest {
  criteria: string[];
  name: string;
  status: LinkedTest["status"];
}

const COMMENT_OPENERS = ["///", "//", "#", "--", "/*", "*", "<!--"];
const KEYWORD = /^(?:validates|requirements?)\b/i;
const ID = /^(?:[A-Za-z]+-)?\d+(?:\.\d+)*$/;

/** `text` without the trailing characters in `chars` (a loop: linear on any input). */
function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

/** The ids after `Validates:` / `Requirement(s)` at the start of `text`, or null. */
function idsAfterKeyword(text: string): string[] | null {
  let rest = text.replace(/^[\s*_]+/, "");
  let keyword = KEYWORD.exec(rest);
  if (!keyword) return null;
  // "Validates: Requirements 4.1, 4.2" (Kiro's wording) names the ids after both words.
  while (keyword) {
    rest = rest.slice(keyword[0].length).replace(/^[\s:]+/, "");
    keyword = KEYWORD.exec(rest);
  }
  const ids: string[] = [];
  for (const raw of rest.split(/[\s,;]+/)) {
    const token = trimEnd(raw, "*_)]>/.:-").replace(/^[([]+/, "");
    if (token === "" || token.toLowerCase() === "and") continue;
    if (!ID.test(token)) break;
    ids.push(token);
  }
  return ids.length > 0 ? ids : null;
}

/** Criteria a comment line names: `// Validates: 2.3`, `# **Validates: Requirements 1.1, 1.2**`. */
export function criteriaInComment(line: string): string[] | null {
  const text = line.trimStart();
  const opener = COMMENT_OPENERS.find((o) => text.startsWith(o));
  return opener ? idsAfterKeyword(text.slice(opener.length)) : null;
}

/** Criteria a test's own name names: `"parses dates (Validates: 2.3)"`, `Requirement 2.3: …`. */
export function criteriaInName(name: string): string[] | null {
  const lower = name.toLowerCase();
  for (const word of ["validates", "requirement"]) {
    const at = lower.indexOf(word);
    if (at >= 0) {
      const ids = idsAfterKeyword(name.slice(at));
      if (ids) return ids;
    }
  }
  return null;
}

/** Finds criterion tags in one source file and the test each one precedes. */
export function findCriterionTags(text: string, file: string): CriterionTag[] {
  if (!/validates|requirement/i.test(text)) return [];
  const lines = text.split(/\r?\n/);
  const tags: CriterionTag[] = [];
  lines.forEach((line, i) => {
    const criteria = criteriaInComment(line);
    if (!criteria) return;
    const test = testBelow(lines.slice(i + 1, i + 1 + TAG_REACH));
    tags.push({ criteria, test, file, line: i + 1 });
  });
  return tags;
}

/** Every test linked to criteria, by a tag above it or by its name; one entry per case. */
export function criterionTests(tags: CriterionTag[], cases: TestCase[]): CriterionTest[] {
  const out: CriterionTest[] = [];
  for (const tag of tags) {
    const fn = tag.test;
    if (fn === null) continue;
    const seen = cases.filter((c) => sameTest(c, fn));
    if (seen.length === 0) out.push({ criteria: tag.criteria, name: fn, status: "not_run" });
    for (const c of seen) out.push({ criteria: tag.criteria, name: c.name, status: c.status });
  }
  for (const c of cases) {
    const criteria = criteriaInName(c.name);
    if (criteria) out.push({ criteria, name: c.name, status: c.status });
  }
  return out;
}
