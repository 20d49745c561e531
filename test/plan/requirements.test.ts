// Requirements as people write them (issue 13 item 1, issue 12 item 5): prefixed ids in
// headings, criteria and tables; Spec Kit's spec.md; headings in other languages.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlan, parseRequirements, traceCriteria } from "../../src/plan/index.ts";

const ids = (text: string) =>
  parseRequirements(text).requirements.map(
    (r) => `${r.id}: ${r.criteria.map((c) => c.id).join(" ")}`,
  );

describe("prefixed requirement ids", () => {
  it("reads `### FR-1: title` with criteria written with their ids or numbered", () => {
    const doc = [
      "### FR-1: Login",
      "#### Acceptance Criteria",
      "- **FR-1.1**: WHEN a user logs in THEN the system SHALL greet them",
      "- FR-1.2: IF the password is wrong THEN the system SHALL refuse",
      "### NFR-2: Speed",
      "#### Acceptance Criteria",
      "1. Pages SHALL load in 1.5 seconds",
      "2. The API SHALL answer in 200 ms",
    ].join("\n");
    expect(ids(doc)).toEqual(["FR-1: FR-1.1 FR-1.2", "NFR-2: NFR-2.1 NFR-2.2"]);
    expect(parseRequirements(doc).requirements[0]?.title).toBe("Login");
    expect(parseRequirements(doc).requirements[0]?.criteria[1]?.text).toBe(
      "IF the password is wrong THEN the system SHALL refuse",
    );
  });

  it("reads a table of ids", () => {
    const doc = [
      "## Requirements",
      "| ID | Requirement | Priority |",
      "| --- | --- | --- |",
      "| REQ-1 | The system shall export CSV | High |",
      "| **REQ-2** | The system shall import CSV | Low |",
    ].join("\n");
    expect(ids(doc)).toEqual(["REQ-1: REQ-1", "REQ-2: REQ-2"]);
    expect(parseRequirements(doc).requirements[1]?.criteria[0]?.text).toBe(
      "The system shall import CSV",
    );
  });

  it("links tasks that claim prefixed ids, ranges included", () => {
    const reqs = parseRequirements(
      "### FR-1: A\n#### Acceptance Criteria\n- FR-1.1: a\n- FR-1.2: b\n- FR-1.3: c\n- FR-1.4: d\n",
    );
    const plan = parsePlan(
      "- [ ] 1. Work\n  - [ ] 1.1 Do\n    - _Requirements: FR-1.1-FR-1.3_\n- [ ] 2. Checkpoint - Run `make`\n",
    );
    const trace = traceCriteria(plan, reqs);
    expect(
      trace.criteria.map((c) => `${c.id} ${c.tasks.join(",")} ${c.checkpoints.join(",")}`),
    ).toEqual(["FR-1.1 1.1 2", "FR-1.2 1.1 2", "FR-1.3 1.1 2", "FR-1.4  "]);
    expect(trace.unknown).toEqual([]);
  });

  it("does not read prose as a definition", () => {
    expect(ids("## Notes\n\nFR-1 is discussed below.\n")).toEqual([]);
  });
});

describe("Spec Kit's spec.md", () => {
  const spec = readFileSync(new URL("../fixtures/plans/speckit-spec.md", import.meta.url), "utf8");
  const doc = parseRequirements(spec, { path: "spec.md" });

  it("reads user stories with their acceptance scenarios, and FR-### lines", () => {
    expect(ids(spec)).toEqual([
      "US1: US1",
      "US2: US2",
      "FR-001: FR-001",
      "FR-002: FR-002",
      "FR-003: FR-003",
    ]);
    expect(doc.requirements[0]?.title).toBe("Create albums");
    expect(doc.diagnostics).toEqual([]);
  });

  it("traces the Spec Kit plan's [US1] labels and FR-### references", () => {
    const tasks = readFileSync(
      new URL("../fixtures/plans/speckit-tasks.md", import.meta.url),
      "utf8",
    );
    const trace = traceCriteria(parsePlan(tasks), doc);
    const covered = trace.criteria.filter((c) => c.covered).map((c) => c.id);
    expect(covered).toEqual(expect.arrayContaining(["US1", "FR-001"]));
    expect(doc.requirements[0]?.criteria[0]?.text).toMatch(
      /^1\. \*\*Given\*\* no albums.*2\. \*\*Given\*\* an album/,
    );
    expect(trace.unknown).toEqual([]);
  });
});

describe("localized requirements documents", () => {
  it.each([
    [
      "### 需求 1：用户登录",
      "**用户故事：** 作为用户",
      "#### 验收标准",
      "1. 当用户登录时，系统应显示主页",
    ],
    [
      "### 要件 1: ログイン",
      "**ユーザーストーリー:** ユーザーとして",
      "#### 受入基準",
      "1. ユーザーがログインしたとき",
    ],
    [
      "### 요구사항 1: 로그인",
      "**사용자 스토리:** 사용자로서",
      "#### 수용 기준",
      "1. 사용자가 로그인하면",
    ],
    [
      "### Requisito 1: Inicio de sesión",
      "**Historia de usuario:** Como usuario",
      "#### Criterios de aceptación",
      "1. CUANDO el usuario entra",
    ],
    [
      "### Anforderung 1: Anmeldung",
      "**User Story:** Als Benutzer",
      "#### Akzeptanzkriterien",
      "1. WENN der Benutzer sich anmeldet",
    ],
  ])("%s", (...lines) => {
    const doc = parseRequirements(lines.join("\n\n"));
    expect(doc.requirements.map((r) => [r.id, r.criteria.map((c) => c.id)])).toEqual([
      ["1", ["1.1"]],
    ]);
    expect(doc.requirements[0]?.userStory).not.toBeNull();
  });
});
