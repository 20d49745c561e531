// Plan properties <-> the tests that check them. A test is linked by its tag comment
// (`// Feature: <spec>, Property N: <title>`, the convention Kiro specs ask for) or,
// failing that, by a test name that spells the property's title. Pure functions.

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

function sameTest(caseName: string, fn: string): boolean {
  return (
    caseName === fn ||
    caseName.endsWith(`::${fn}`) ||
    caseName.endsWith(` ${fn}`) ||
    caseName.endsWith(`.${fn}`)
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
      tag.test ? sameTest(c.name, tag.test) : nameMatchesTitle(c.name, tag.title),
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
