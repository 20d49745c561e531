// Requirement references as people write them: prefixed ids, ranges of them, and the
// field names of every language in src/plan/keywords.ts (issue 13, items 1 and 5).
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../src/plan/index.ts";
import {
  parseIdList,
  propertyHeading,
  requirementReference,
  validatesReference,
} from "../../src/plan/references.ts";

describe("prefixed ids", () => {
  it.each([
    ["_Requirements: FR-1.1, NFR-2.1_", ["FR-1.1", "NFR-2.1"]],
    ["**Requirements:** REQ-3.2", ["REQ-3.2"]],
    ["_Requirements: AC-4, US-2.1_", ["AC-4", "US-2.1"]],
    ["_Requirements: FR-1.1-FR-1.3_", ["FR-1.1", "FR-1.2", "FR-1.3"]],
    ["_Requirements: FR-1.1 – FR-1.3, 2.1_", ["FR-1.1", "FR-1.2", "FR-1.3", "2.1"]],
    ["_Requirements: 1.1-1.6_", ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]],
    ["_Requirements: FR-001 to FR-003_", ["FR-001", "FR-002", "FR-003"]],
    ["Implement the store. _Requirements: FR-2.1, FR-2.2_", ["FR-2.1", "FR-2.2"]],
  ])("%s", (text, expected) => {
    expect(requirementReference(text)).toEqual({ ids: expected, rejected: [] });
  });

  it("keeps a range with two different prefixes as unreadable", () => {
    expect(parseIdList("FR-1.1-NFR-1.3")).toEqual({ ids: [], rejected: ["FR-1.1-NFR-1.3"] });
  });

  it("reads prefixed ids in Validates lines and properties", () => {
    expect(validatesReference("**Validates: Requirements FR-2.1, FR-2.3**")?.ids).toEqual([
      "FR-2.1",
      "FR-2.3",
    ]);
    expect(propertyHeading("**Property 2: Round trip** - Validates: NFR-1.1")).toEqual({
      id: "2",
      title: "Round trip",
      validates: ["NFR-1.1"],
    });
  });
});

describe("localized keywords", () => {
  it.each([
    ["_需求: 1.1, 1.2_", ["1.1", "1.2"]],
    ["_需求：2.1、2.3_", ["2.1", "2.3"]],
    ["_要件: 3.1, 3.2_", ["3.1", "3.2"]],
    ["_요구사항: 4.1_", ["4.1"]],
    ["_Requisitos: 1.1, 1.2_", ["1.1", "1.2"]],
    ["_Exigences : 2.2_", ["2.2"]],
    ["_Anforderungen: 5.1-5.3_", ["5.1", "5.2", "5.3"]],
  ])("requirements field %s", (text, expected) => {
    expect(requirementReference(text)?.ids).toEqual(expected);
  });

  it.each([
    ["**验证: 需求 2.9**", ["2.9"]],
    ["**検証: 要件 1.3**", ["1.3"]],
    ["**검증: 요구사항 2.1**", ["2.1"]],
    ["**Valida: Requisitos 1.2**", ["1.2"]],
    ["**Validiert: Anforderungen 3.4**", ["3.4"]],
  ])("validates line %s", (text, expected) => {
    expect(validatesReference(text)?.ids).toEqual(expected);
  });

  it.each([
    ["**属性 1：往返一致性**", "1", "往返一致性"],
    ["**プロパティ 2: ラウンドトリップ**", "2", "ラウンドトリップ"],
    ["**Propiedad 3: Idempotencia**", "3", "Idempotencia"],
    ["**Propriété 4 : Monotonie**", "4", "Monotonie"],
    ["**Eigenschaft 5: Stabilität**", "5", "Stabilität"],
  ])("property line %s", (text, id, title) => {
    expect(propertyHeading(text)).toMatchObject({ id, title });
  });

  it("is not fooled by words that only look like keywords", () => {
    expect(validatesReference("Validation: run the whole suite")).toBeNull();
    expect(requirementReference("Requisitos de rendimiento del sistema")).toBeNull();
    expect(propertyHeading("Property of the parser")).toBeNull();
  });
});

describe("localized plans", () => {
  it.each([
    "检查点 - 确保所有测试通过",
    "チェックポイント - すべてのテストが通ることを確認",
    "체크포인트 - 모든 테스트 통과 확인",
    "Punto de control - Asegurar que las pruebas pasan",
    "Ponto de verificação - Garantir que os testes passam",
    "Point de contrôle - Vérifier que les tests passent",
    "Kontrollpunkt - Sicherstellen, dass alle Tests bestehen",
  ])("%s is a checkpoint", (title) => {
    const plan = parsePlan(`- [ ] 1. Work\n  - [ ] 1.1 Do it\n- [ ] 2. ${title}\n`);
    expect(plan.groups.map((g) => g.kind)).toEqual(["work", "checkpoint"]);
  });
});

// Keyword words are matched in any case (each pattern carries `(?i:…)` around its words,
// so the letter guards around them compile without case folding), and never inside a word.
describe("keyword words in any case", () => {
  it.each([
    ["_REQUIREMENTS: 1.1_", ["1.1"]],
    ["_requirements: 1.2_", ["1.2"]],
    ["_ANFORDERUNGEN: 2.1_", ["2.1"]],
    ["_Exigences : 3.1_", ["3.1"]],
    ["_需求：4.1_", ["4.1"]],
  ])("%s", (text, ids) => {
    expect(requirementReference(text)?.ids).toEqual(ids);
  });

  it("not inside a longer word", () => {
    expect(requirementReference("_Prerequirements: 1.1_")).toBeNull();
    expect(validatesReference("**VALIDATES: Requirements 5.2**")?.ids).toEqual(["5.2"]);
  });

  it("checkpoints and final checkpoints, whatever their case", () => {
    const plan = parsePlan(
      [
        "# Plan",
        "",
        "- [ ] 1. Build it",
        "- [ ] 2. CHECKPOINT - Ensure `cargo test` passes",
        "- [ ] 3. final checkpoint",
        "  - Ensure `cargo build` succeeds",
        "",
      ].join("\n"),
      { path: "tasks.md" },
    );
    expect(plan.groups.map((g) => [g.id, g.kind])).toEqual([
      ["1", "work"],
      ["2", "checkpoint"],
      ["3", "checkpoint"],
    ]);
  });
});
